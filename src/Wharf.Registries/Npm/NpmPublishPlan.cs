using System.Text.Json.Nodes;

namespace Wharf.Registries.Npm;

/// <summary>A publish document that passed <see cref="NpmPublishValidator"/>: what will be published, and the promises to check.</summary>
public sealed record NpmPublishPlan(
    NpmPackageName Name,
    string Version,
    JsonObject Manifest,
    IReadOnlyList<string> Tags,
    NpmIntegrity Integrity,
    NpmRepositoryReference? Repository,
    string? Description,
    string? License,
    string? Readme,
    string? ReadmeFilename);
