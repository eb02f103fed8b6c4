using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// npm's publish document (libnpmpublish's <c>buildMetadata</c>), made by hand so each test can break one thing in it.
/// </summary>
public sealed class NpmPublishBody
{
    public NpmPublishBody(string name, string version, byte[] tarball, string? repository)
    {
        Name = name;
        Version = version;
        Tarball = tarball;
        Manifest = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["description"] = "made by a test",
            ["license"] = "ISC",
            ["readme"] = "# " + name,
        };
        if (repository is not null)
        {
            Manifest["repository"] = new JsonObject { ["type"] = "git", ["url"] = "git+" + repository + ".git" };
        }

        Integrity = NpmTarball.Integrity(tarball);
        Shasum = NpmTarball.Shasum(tarball);
    }

    public string Name { get; set; }

    public string Version { get; set; }

    public byte[] Tarball { get; set; }

    public JsonObject Manifest { get; }

    public string? Integrity { get; set; }

    public string? Shasum { get; set; }

    /// <summary>Replaces the base64 of the tarball (to send something that is not base64).</summary>
    public string? Base64 { get; set; }

    /// <summary>yarn's order: <c>_attachments</c> before <c>versions</c>.</summary>
    public bool AttachmentsFirst { get; set; }

    public string Tag { get; set; } = "latest";

    public byte[] ToBytes()
    {
        var manifest = (JsonObject)Manifest.DeepClone();
        manifest["_id"] = $"{Name}@{Version}";
        manifest["dist"] = new JsonObject { ["integrity"] = Integrity, ["shasum"] = Shasum, ["tarball"] = "http://ignored/" + Name };
        var attachments = new JsonObject
        {
            [$"{Name}-{Version}.tgz"] = new JsonObject
            {
                ["content_type"] = "application/octet-stream",
                ["data"] = Base64 ?? Convert.ToBase64String(Tarball),
                ["length"] = Tarball.Length,
            },
        };
        var document = new JsonObject();
        if (AttachmentsFirst)
        {
            document["_attachments"] = attachments;
        }

        document["_id"] = Name;
        document["name"] = Name;
        document["description"] = "made by a test";
        document["dist-tags"] = new JsonObject { [Tag] = Version };
        document["versions"] = new JsonObject { [Version] = manifest };
        document["access"] = null;
        if (!AttachmentsFirst)
        {
            document["_attachments"] = attachments;
        }

        return Encoding.UTF8.GetBytes(document.ToJsonString());
    }
}
