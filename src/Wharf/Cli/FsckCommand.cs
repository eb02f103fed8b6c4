using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Wharf.Core.Blobs;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Hosting;
using Wharf.Storage.Database;

namespace Wharf.Cli;

/// <summary><c>wharf fsck</c>: check that metadata and blobs agree, read-only; exit 1 when they do not.</summary>
internal static class FsckCommand
{
    public static Command Create(ServerOptions shared)
    {
        var command = new Command("fsck", "Check that every package file, image blob link and upload session finds its blob (changes nothing)");
        var verifyDigests = new Option<bool>("--verify-digests") { Description = "Also re-hash every blob and report those whose content does not match its name" };
        command.Options.Add(verifyDigests);
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = WharfServer.Build([], shared.Overrides(parse));
            await using var scope = app.Services.CreateAsyncScope();

            // Read-only, unlike gc: a schema behind this binary is reported, not migrated.
            var pending = (await scope.ServiceProvider.GetRequiredService<WharfDbContext>().Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            if (pending > 0)
            {
                await Console.Error.WriteLineAsync($"The database has {pending} pending migrations; run `wharf admin migrate` first.");
                return 1;
            }

            var verify = parse.GetValue(verifyDigests);
            var report = await scope.ServiceProvider.GetRequiredService<BlobIntegrityCheck>().CheckAsync(verify, cancellationToken);
            foreach (var problem in report.Problems)
            {
                await Console.Out.WriteLineAsync(Describe(problem));
            }

            await Console.Out.WriteLineAsync(
                $"Checked {report.FilesChecked} package files, {report.LinksChecked} image blob links, {report.UploadsChecked} upload sessions and " +
                $"{report.BlobsChecked} blobs ({(verify ? $"{report.BlobsVerified} digests verified" : "digests not verified")}); " +
                $"{report.Problems.Count} problems; {report.UnreferencedBlobs} unreferenced blobs (wharf gc reclaims them); " +
                $"{report.TemporaryBlobs} temporary files of unfinished writes ({report.TemporaryBytes} bytes; wharf gc removes those older than its grace period).");
            return report.Healthy ? 0 : 1;
        });
        return command;
    }

    private static string Describe(BlobProblem problem)
    {
        var what = problem.Kind switch
        {
            BlobProblemKind.Missing => $"missing blob sha256:{problem.Digest}",
            BlobProblemKind.WrongSize => $"wrong size blob sha256:{problem.Digest} ({problem.ActualSize} bytes, recorded {problem.RecordedSize})",
            _ => $"corrupt blob sha256:{problem.Digest} (content hashes to sha256:{problem.ActualDigest})",
        };
        string[] holders =
        [
            .. problem.Files.Select(Describe),
            .. problem.Links.Select(l => $"image {l.Owner}/{l.Repository} (blob link)"),
            .. problem.Uploads.Select(u => $"upload session {u.Id} of image {u.Owner}/{u.Repository}"),
        ];
        return $"{what}: {(holders.Length == 0 ? "referenced by nothing" : string.Join("; ", holders))}";
    }

    private static string Describe(PackageFileReference file) =>
        $"{file.Type.ToName()} package {file.Owner}/{file.Package} version {file.Version}{(file.Deleted ? " (deleted)" : "")} file {file.File}";
}
