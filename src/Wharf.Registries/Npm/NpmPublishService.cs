using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wharf.Api.Http;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Blobs;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Urls;

namespace Wharf.Registries.Npm;

/// <summary>
/// <c>PUT /{package}</c>: npm publish, and the metadata updates npm sends to the same URL (deprecate, unpublish of one
/// version). The body streams from the socket through base64 decoding and hashing into the blob store; the version
/// becomes visible only in <see cref="PackagePublisher.PublishAsync"/>'s transaction, after every check passed. Access
/// is decided before a byte is stored: when npm's member order puts the manifest first (it does), on the whole
/// manifest, and the digests are checked while the bytes pass; in the other order (yarn) on the caller, the owner and
/// the package, and again once the manifest names the repository. Whatever a publish stored and did not publish
/// (refused then, invalid, failed) is deleted before the answer, unless the same bytes belong to others.
/// </summary>
public sealed partial class NpmPublishService(
    AccountService accounts,
    RepositoryService repositories,
    PackagePublisher publisher,
    BlobReclaimer reclaimer,
    IBlobStore blobs,
    NpmMetadataService metadata,
    NpmPackageReader reader,
    IOptions<NpmOptions> options,
    WharfUrls urls,
    ILogger<NpmPublishService> logger)
{
    private readonly NpmOptions _options = options.Value;

    public async Task<IResult> PutAsync(HttpContext context, NpmPackageName name, CancellationToken cancellationToken)
    {
        var principal = context.Principal();
        if (!principal.IsAuthenticated)
        {
            return NpmErrors.Unauthenticated(context);
        }

        var owner = await accounts.FindAsync(name.Scope, cancellationToken);
        if (owner is null)
        {
            return NpmErrors.NotFoundResult(NpmErrors.OwnerNotFound);
        }

        // Refuse what is too large before reading a byte of it; the limit also holds for a body without a length.
        if (context.Request.ContentLength > _options.MaxBodyBytes)
        {
            return NpmErrors.TooLarge(_options.MaxTarballBytes);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _options.MaxBodyBytes;
        }

        var document = new NpmPublishDocument();
        NpmPublishPlan? plan = null;
        Repository? repository = null;
        var published = false;
        using var documentReader = new NpmDocumentReader(context.Request.Body, _options.MaxManifestBytes);
        try
        {
            for (var part = await documentReader.ReadAsync(cancellationToken); part != NpmDocumentPart.End; part = await documentReader.ReadAsync(cancellationToken))
            {
                switch (part)
                {
                    case NpmDocumentPart.Property:
                        document.Add(documentReader.PropertyName!, documentReader.Value);
                        break;

                    case NpmDocumentPart.AttachmentProperty:
                        document.AddAttachmentMember(documentReader.AttachmentName!, documentReader.PropertyName!, documentReader.Value);
                        break;

                    case NpmDocumentPart.AttachmentData:
                        document.BeginAttachment(documentReader.AttachmentName!);
                        if (document.HasVersions)
                        {
                            plan = NpmPublishValidator.Validate(name, document);
                            var authorized = await AuthorizeAsync(context, principal, owner, plan, cancellationToken);
                            if (authorized.Error is not null)
                            {
                                return authorized.Error;
                            }

                            repository = authorized.Repository;

                            // Spares storing a tarball that cannot be published; the unique index still decides races.
                            if (await reader.GetAsync(context, name, cancellationToken) is { IsOk: true } current &&
                                current.Value!.Versions.ContainsKey(plan.Version))
                            {
                                return NpmErrors.Error(StatusCodes.Status409Conflict, NpmErrors.VersionExists);
                            }
                        }
                        else
                        {
                            // The tarball before the manifest (yarn): decided on the caller, the owner and the package from
                            // the URL before a byte is stored; the repository the manifest names is checked once it arrives.
                            if (name.Problem() is { } problem)
                            {
                                throw new NpmDocumentException(problem);
                            }

                            var early = await publisher.AuthorizeBeforeLinkAsync(principal, owner, PackageType.Npm, name.Name, cancellationToken);
                            if (!early.IsAllowed)
                            {
                                return NpmErrors.From(context, early);
                            }
                        }

                        var stored = await StoreTarballAsync(documentReader.OpenAttachmentData(), plan, cancellationToken);
                        if (stored is null)
                        {
                            return NpmErrors.TooLarge(_options.MaxTarballBytes);
                        }

                        document.SetTarball(stored, verified: plan is not null);
                        break;
                }
            }

            if (document.AttachmentCount == 0)
            {
                return await metadata.UpdateAsync(context, owner, name, document, cancellationToken);
            }

            if (plan is null)
            {
                plan = NpmPublishValidator.Validate(name, document);
                var authorized = await AuthorizeAsync(context, principal, owner, plan, cancellationToken);
                if (authorized.Error is not null)
                {
                    return authorized.Error;
                }

                repository = authorized.Repository;
            }

            IResult answer;
            (answer, published) = await PublishAsync(context, principal, owner, repository, plan, document, cancellationToken);
            return answer;
        }
        catch (NpmDocumentException ex)
        {
            LogRefused(logger, name.FullName, ex.Message);
            return NpmErrors.BadRequest(ex.Message);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return NpmErrors.TooLarge(_options.MaxTarballBytes);
        }
        finally
        {
            // Refused, invalid, failed or abandoned after its tarball was stored: the bytes go now, not at the next gc.
            if (!published && document.Tarball is { } tarball)
            {
                await ReclaimAsync(name, tarball);
            }
        }
    }

    private async Task ReclaimAsync(NpmPackageName name, BlobWriteResult tarball)
    {
        try
        {
            // Not the request's token: a client that hung up must not keep its bytes in the store.
            await reclaimer.ReclaimAsync(tarball, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The answer stays the refusal; what could not be deleted is unreferenced and left to `wharf gc`.
            LogNotReclaimed(logger, ex, name.FullName, tarball.Sha256);
        }
    }

    /// <summary>
    /// Decodes the attachment into the blob store. With the plan known, a digest mismatch fails the stream before the
    /// store commits: nothing is stored. Null when the tarball is over the limit.
    /// </summary>
    private async Task<BlobWriteResult?> StoreTarballAsync(NpmAttachmentStream data, NpmPublishPlan? plan, CancellationToken cancellationToken)
    {
        if (plan is not null)
        {
            data.Verify = d =>
            {
                if (plan.Integrity.Check(d.Sha512!, d.Sha1!) is { } mismatch)
                {
                    throw new NpmDocumentException(mismatch);
                }
            };
        }

        var blob = await blobs.WriteAsync(data, new BlobWriteOptions { MaxLength = _options.MaxTarballBytes }, cancellationToken);
        return blob.Status switch
        {
            BlobWriteStatus.Stored => blob with { Sha1 = data.Sha1, Sha512 = data.Sha512 },
            BlobWriteStatus.TooLarge => null,
            _ => throw new NpmDocumentException("The tarball could not be stored: " + blob.Status),
        };
    }

    /// <summary>
    /// Finds the repository the manifest names and asks the core whether the caller may publish; the access policy
    /// decides, and its answer is written as npm's (403 with what is lacking, 404 for what the caller may not see).
    /// </summary>
    private async Task<(Repository? Repository, IResult? Error)> AuthorizeAsync(
        HttpContext context, Principal principal, Account owner, NpmPublishPlan plan, CancellationToken cancellationToken)
    {
        Repository? repository = null;
        if (plan.Repository is { } reference && string.Equals(reference.Owner, owner.Login, StringComparison.OrdinalIgnoreCase))
        {
            repository = await repositories.FindAsync(owner, reference.Name, cancellationToken);
        }

        var decision = await publisher.AuthorizeAsync(principal, owner, PackageType.Npm, plan.Name.Name, repository, cancellationToken);
        return decision.IsAllowed ? (repository, null) : (null, Refusal(context, owner, plan, decision));
    }

    /// <summary>
    /// The policy's refusal in npm's words. Only when the policy says the package lacks nothing but its link (a
    /// repository-scoped package naming none the caller can write to, by a caller who can write to one) does npm get
    /// the 400 that says what to put in package.json.
    /// </summary>
    private IResult Refusal(HttpContext context, Account owner, NpmPublishPlan plan, AccessDecision decision) =>
        decision.Reason == PackageDenial.RepositoryRequired
            ? NpmErrors.BadRequest(NeedsRepository(owner, plan))
            : NpmErrors.From(context, decision);

    private string NeedsRepository(Account owner, NpmPublishPlan plan)
    {
        var example = $"\"repository\": \"{urls.Base}/{owner.Login}/REPOSITORY\"";
        var named = plan.Repository is { } reference
            ? $"The repository field of package.json names {reference}, which is not a repository of {owner.Login} that you can write to. "
            : "";
        return $"{named}{plan.Name.FullName} must be linked to a repository of {owner.Login}: add {example} to package.json, " +
            $"naming a repository of {owner.Login} you can write to (the package takes that repository's permissions).";
    }

    /// <summary>Checks the stored tarball against the plan and records the version; true once it is published.</summary>
    private async Task<(IResult Answer, bool Published)> PublishAsync(
        HttpContext context, Principal principal, Account owner, Repository? repository, NpmPublishPlan plan, NpmPublishDocument document,
        CancellationToken cancellationToken)
    {
        var tarball = document.Tarball!;
        if (document.AttachmentLength is { } declared && declared != tarball.Length)
        {
            throw new NpmDocumentException($"The attachment's length is {declared}, but its data decodes to {tarball.Length} bytes.");
        }

        if (!document.TarballVerified && plan.Integrity.Check(tarball.Sha512!, tarball.Sha1!) is { } mismatch)
        {
            throw new NpmDocumentException(mismatch);
        }

        NpmTarballContents contents;
        await using (var stored = await blobs.OpenReadAsync(tarball.Digest, cancellationToken)
            ?? throw new InvalidOperationException($"Blob {tarball.Sha256} vanished while publishing."))
        {
            contents = await NpmTarballInspector.InspectAsync(stored, wantReadme: plan.Readme is null, cancellationToken);
        }

        var packedName = contents.PackageJson["name"]?.ToString();
        var packedVersion = contents.PackageJson["version"]?.ToString();
        if (packedName != plan.Name.FullName || packedVersion is null || NpmVersions.Clean(packedVersion) != plan.Version)
        {
            throw new NpmDocumentException(
                $"The tarball's package.json is {packedName ?? "unnamed"}@{packedVersion ?? "?"}, but the publish is for {plan.Name.FullName}@{plan.Version}.");
        }

        var record = new NpmVersionRecord
        {
            Manifest = StoredManifest(plan),
            Readme = plan.Readme ?? contents.Readme,
            ReadmeFilename = plan.Readme is not null ? plan.ReadmeFilename : contents.ReadmeFilename,
            Tarball = new NpmTarballRecord(NpmPackumentBuilder.TarballFile(plan.Name, plan.Version), tarball.Sha256, tarball.Length),
        };
        var result = await publisher.PublishAsync(new PublishRequest
        {
            Principal = principal,
            Owner = owner,
            Type = PackageType.Npm,
            Name = plan.Name.Name,
            Version = plan.Version,
            Description = plan.Description,
            License = plan.License,
            Metadata = record.ToJson(),
            Repository = repository,
            Files = [new PublishedFile(record.Tarball.File, "application/octet-stream", tarball)],
            Tags = plan.Tags,
        }, cancellationToken);

        switch (result.Status)
        {
            case PublishStatus.Published:
                LogPublished(logger, plan.Name.FullName, plan.Version, tarball.Length);
                return (TypedResults.Json(new NpmOkJson { Id = plan.Name.FullName }, NpmJson.Options, statusCode: StatusCodes.Status201Created), true);
            case PublishStatus.VersionExists:
                return (NpmErrors.Error(StatusCodes.Status409Conflict, NpmErrors.VersionExists), false);
            case PublishStatus.Denied:
                return (Refusal(context, owner, plan, result.Decision!), false);
            default:
                return (NpmErrors.BadRequest(result.Message ?? "The version was not published."), false);
        }
    }

    /// <summary>The manifest as kept: README moves out (it is kept once, beside it), the tarball URL is built per answer.</summary>
    private static JsonObject StoredManifest(NpmPublishPlan plan)
    {
        var manifest = (JsonObject)plan.Manifest.DeepClone();
        manifest.Remove("readme");
        manifest.Remove("readmeFilename");
        manifest.Remove("_attachments");
        if (manifest["dist"] is JsonObject dist)
        {
            dist.Remove("tarball");
        }

        return manifest;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "npm publish of {Package}@{Version} ({Bytes} bytes)")]
    private static partial void LogPublished(ILogger logger, string package, string version, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "npm publish of {Package} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string package, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "npm publish of {Package} failed and its tarball {Sha256} could not be deleted; wharf gc will")]
    private static partial void LogNotReclaimed(ILogger logger, Exception exception, string package, string sha256);
}
