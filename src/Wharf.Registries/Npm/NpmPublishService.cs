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
using Wharf.Core.Tokens;
using Wharf.Core.Urls;

namespace Wharf.Registries.Npm;

/// <summary>
/// <c>PUT /{package}</c>: npm publish, and the metadata updates npm sends to the same URL (deprecate, unpublish of one
/// version). The body streams from the socket through base64 decoding and hashing into the blob store; the version
/// becomes visible only in <see cref="PackagePublisher.PublishAsync"/>'s transaction, after every check passed. When
/// npm's member order puts the manifest first (it does), the caller is authorized and the digests are checked while
/// the bytes pass, so a refused publish stores nothing at all; in the other order (yarn) a refused tarball is left
/// unreferenced for blob garbage collection.
/// </summary>
public sealed partial class NpmPublishService(
    AccountService accounts,
    RepositoryService repositories,
    PackageService packages,
    PackagePublisher publisher,
    AccessPolicy policy,
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
                            if (await reader.GetAsync(principal, name, cancellationToken) is { IsOk: true } current &&
                                current.Value!.Versions.ContainsKey(plan.Version))
                            {
                                return NpmErrors.Error(StatusCodes.Status409Conflict, NpmErrors.VersionExists);
                            }
                        }
                        else if (!principal.Scopes.Has(Scope.WritePackages))
                        {
                            // Manifest after the tarball (yarn): at least no bytes for a token that cannot publish at all.
                            return NpmErrors.Forbidden(ScopeMessages.NeedAtLeast([Scope.WritePackages], "publish a package"));
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

            return await PublishAsync(context, principal, owner, repository, plan, document, cancellationToken);
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
    /// Finds the repository the manifest names and asks the core whether the caller may publish. With the
    /// repository-scoped model a new package must name a repository of its owner that the caller can write to; the
    /// answer for a repository that does not exist and for one the caller cannot see is the same, so it reveals nothing.
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
        if (decision.IsAllowed)
        {
            return (repository, null);
        }

        var repositoryScoped = policy.ModelOf(PackageType.Npm) == PermissionModel.RepositoryScoped;
        var unlinkable = repository is null ? decision.Reason == PackageDenial.InsufficientRole : decision.Outcome == AccessOutcome.DenyAsNotFound;
        if (repositoryScoped && unlinkable &&
            !(await packages.GetAsync(principal, owner, PackageType.Npm, plan.Name.Name, PackageAction.Read, cancellationToken)).IsOk)
        {
            return (null, NpmErrors.BadRequest(NeedsRepository(owner, plan)));
        }

        return (null, NpmErrors.From(context, decision));
    }

    private string NeedsRepository(Account owner, NpmPublishPlan plan)
    {
        var example = $"\"repository\": \"{urls.Base}/{owner.Login}/REPOSITORY\"";
        var named = plan.Repository is { } reference
            ? $"The repository field of package.json names {reference}, which is not a repository of {owner.Login} that you can write to. "
            : "";
        return $"{named}{plan.Name.FullName} must be linked to a repository of {owner.Login}: add {example} to package.json, " +
            $"naming a repository of {owner.Login} you can write to (the package takes that repository's permissions).";
    }

    private async Task<IResult> PublishAsync(
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
                return TypedResults.Json(new NpmOkJson { Id = plan.Name.FullName }, NpmJson.Options, statusCode: StatusCodes.Status201Created);
            case PublishStatus.VersionExists:
                return NpmErrors.Error(StatusCodes.Status409Conflict, NpmErrors.VersionExists);
            case PublishStatus.Denied:
                return NpmErrors.From(context, result.Decision!);
            default:
                return NpmErrors.BadRequest(result.Message ?? "The version was not published.");
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
}
