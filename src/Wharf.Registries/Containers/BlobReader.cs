namespace Wharf.Registries.Containers;

/// <summary>
/// The blobs a caller may read in an image: every link when <paramref name="OwnLinksOf"/> is null, otherwise only the
/// links that user made by uploading or mounting (an image with no package yet).
/// </summary>
public sealed record BlobReader(ImageAccess Access, long? OwnLinksOf);
