namespace Wharf.Registries.Containers;

/// <summary>The manifest media types the registry stores (OCI image spec, Docker image manifest v2 schema 2).</summary>
public static class OciMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsSupported(string mediaType) => mediaType is OciManifest or OciIndex or DockerManifest or DockerManifestList;
}
