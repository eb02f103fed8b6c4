using System.Text.Json.Nodes;

namespace Wharf.Registries.Npm;

/// <summary>
/// The checks on a publish document that need nothing but the document and the URL: one version, a valid semver,
/// names that agree, dist-tags that point at the version, a tarball promise to check. Throws
/// <see cref="NpmDocumentException"/> with the reason; nothing has been stored when it does.
/// </summary>
public static class NpmPublishValidator
{
    public static NpmPublishPlan Validate(NpmPackageName name, NpmPublishDocument document)
    {
        if (name.Problem() is { } problem)
        {
            throw new NpmDocumentException(problem);
        }

        var documentName = Text(document["name"]);
        if (documentName is null)
        {
            throw new NpmDocumentException("The document has no \"name\".");
        }

        if (documentName != name.FullName || (Text(document["_id"]) is { } id && id != name.FullName))
        {
            throw new NpmDocumentException($"The document is for {documentName}, but was sent to {name.FullName}.");
        }

        if (document.Versions is not { Count: 1 } versions)
        {
            throw new NpmDocumentException("A publish carries exactly one version in \"versions\".");
        }

        var (version, node) = versions.First();
        if (!NpmVersions.TryParse(version, out _) || NpmVersions.Clean(version) != version)
        {
            throw new NpmDocumentException($"Invalid version \"{version}\": npm versions are semantic versions such as 1.2.3 or 2.0.0-beta.1 (https://semver.org).");
        }

        if (node is not JsonObject manifest)
        {
            throw new NpmDocumentException($"Version {version} has no manifest.");
        }

        if (Text(manifest["name"]) != name.FullName)
        {
            throw new NpmDocumentException($"The manifest of {version} names {Text(manifest["name"]) ?? "no package"}, but the package is {name.FullName}.");
        }

        if (Text(manifest["version"]) is not { } manifestVersion || NpmVersions.Clean(manifestVersion) != version)
        {
            throw new NpmDocumentException($"The manifest's version ({Text(manifest["version"]) ?? "none"}) is not {version}.");
        }

        var dist = manifest["dist"] as JsonObject;
        if (!NpmIntegrity.TryParse(Text(dist?["integrity"]), Text(dist?["shasum"]), out var integrity, out var integrityProblem))
        {
            throw new NpmDocumentException(integrityProblem!);
        }

        var tags = Tags(document, version);
        if (document.AttachmentName is { } attachment && !attachment.EndsWith(".tgz", StringComparison.Ordinal))
        {
            throw new NpmDocumentException($"The attachment \"{attachment}\" is not a package tarball (.tgz); provenance and other attachments are not supported.");
        }

        NpmRepositoryReference.TryRead(manifest["repository"], out var repository);
        return new NpmPublishPlan(
            name,
            version,
            manifest,
            tags,
            integrity,
            repository,
            Text(manifest["description"]) ?? Text(document["description"]),
            License(manifest["license"]),
            Text(manifest["readme"]) ?? Text(document["readme"]),
            Text(manifest["readmeFilename"]));
    }

    /// <summary>The dist-tags to point at the version; npm sends one (its <c>--tag</c>, "latest" by default).</summary>
    private static string[] Tags(NpmPublishDocument document, string version)
    {
        if (document["dist-tags"] is not JsonObject distTags || distTags.Count == 0)
        {
            return ["latest"];
        }

        var tags = new List<string>();
        foreach (var (tag, value) in distTags)
        {
            if (!NpmVersions.IsValidTag(tag))
            {
                throw new NpmDocumentException($"Invalid dist-tag \"{tag}\": a tag is a word such as latest or beta, and may not look like a version or a range.");
            }

            if (Text(value) != version)
            {
                throw new NpmDocumentException($"The dist-tag \"{tag}\" points at {Text(value) ?? "nothing"}, not at the version published ({version}).");
            }

            tags.Add(tag);
        }

        return [.. tags];
    }

    /// <summary>SPDX expression as a string, or the old <c>{"type": "MIT"}</c> form.</summary>
    private static string? License(JsonNode? license) => license switch
    {
        JsonObject obj => Text(obj["type"]),
        _ => Text(license),
    };

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
