using Wharf.Core.Containers;

namespace Wharf.Registries.Containers;

/// <summary>
/// One request's hold on an upload session while it streams a chunk or finishes the upload. Taking it is a conditional
/// UPDATE of the session row, so of two concurrent chunks (on any node) one writes and the other gets 416 instead of
/// racing on the upload file. The holder renews the claim every third of
/// <see cref="ContainerOptions.UploadClaimLease"/>. A claim whose process is gone is taken over by the next request: at
/// once when that process ran on the same host (<see cref="Core.Runtime.ServerInstance"/>), otherwise once it is left
/// unrenewed for a whole lease; a holder that finds its claim gone stops writing.
/// </summary>
internal sealed class UploadClaim
{
    private static readonly TimeSpan MinimumRenewal = TimeSpan.FromMilliseconds(100);
    private readonly ContainerRequest _request;
    private readonly string _claimId;

    private UploadClaim(ContainerRequest request, ContainerUpload upload, string claimId)
    {
        _request = request;
        Upload = upload;
        _claimId = claimId;
    }

    public ContainerUpload Upload { get; }

    /// <summary>Whether the claim was taken over while the work ran (the work was then cancelled).</summary>
    public bool Lost { get; private set; }

    /// <summary>The claim on the session at its offset, or null when another request holds it or moved it on.</summary>
    public static async Task<UploadClaim?> TryTakeAsync(ContainerRequest request, ContainerUpload upload)
    {
        var claimId = Guid.NewGuid().ToString("N");
        var holder = request.Instance.Holder;
        var now = request.Now;
        if (await request.Store.TryClaimUploadAsync(upload.Id, upload.Offset, claimId, holder, now, now - request.Options.UploadClaimLease, request.Aborted))
        {
            return new UploadClaim(request, upload, claimId);
        }

        // Held: a claim of a process of this host that no longer runs (killed mid-chunk) is taken over at once, so an
        // upload resumes right after a restart instead of a lease later.
        var current = await request.Store.FindUploadAsync(upload.Id, request.Aborted);
        if (current is { ClaimId: { } held } && current.Offset == upload.Offset && request.Instance.IsDeadHere(current.ClaimHolder) &&
            await request.Store.TryTakeOverUploadClaimAsync(upload.Id, upload.Offset, held, claimId, holder, request.Now, request.Aborted))
        {
            return new UploadClaim(request, upload, claimId);
        }

        return null;
    }

    /// <summary>
    /// Runs <paramref name="work"/>, renewing the claim until it ends. Its token is cancelled when the request is
    /// aborted or the claim is lost (then <see cref="Lost"/> is set and the cancellation surfaces here).
    /// </summary>
    public async Task<T> HoldWhileAsync<T>(Func<CancellationToken, Task<T>> work)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_request.Aborted);
        using var ticks = new CancellationTokenSource();
        // A third of the lease, but never a busy loop when the lease is set very short.
        var period = TimeSpan.FromTicks(Math.Max(_request.Options.UploadClaimLease.Ticks / 3, MinimumRenewal.Ticks));
        var running = work(stop.Token);
        try
        {
            while (await Task.WhenAny(running, Task.Delay(period, _request.Clock, ticks.Token)) != running)
            {
                if (!await _request.Store.RenewUploadClaimAsync(Upload.Id, _claimId, _request.Now, CancellationToken.None))
                {
                    Lost = true;
                    await stop.CancelAsync();
                    break;
                }
            }
        }
        finally
        {
            await ticks.CancelAsync();
            if (!running.IsCompleted)
            {
                // A renewal failed with an error: the work must not go on writing after this request has answered.
                await stop.CancelAsync();
            }
        }

        return await running;
    }

    // Ending a claim must happen even when the client went away mid-chunk, so not on the request's token.
    public Task<bool> AdvanceAsync(long offset, string? digest) =>
        _request.Store.TryAdvanceUploadAsync(Upload.Id, _claimId, offset, digest, _request.Now, CancellationToken.None);

    public Task ReleaseAsync() => _request.Store.ReleaseUploadClaimAsync(Upload.Id, _claimId, CancellationToken.None);

    public Task<bool> CompleteAsync() => _request.Store.TryDeleteClaimedUploadAsync(Upload.Id, _claimId, CancellationToken.None);
}
