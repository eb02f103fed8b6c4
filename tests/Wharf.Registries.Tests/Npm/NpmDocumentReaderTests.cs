using System.Security.Cryptography;
using System.Text;
using Wharf.Registries.Npm;
using Xunit;

namespace Wharf.Registries.Tests.Npm;

/// <summary>The streaming publish-document reader and its base64 attachment stream, byte boundaries included.</summary>
public sealed class NpmDocumentReaderTests
{
    private static readonly byte[] Tarball = RandomNumberGenerator.GetBytes(200_001);

    [Theory]
    [InlineData(1, false)]
    [InlineData(7, false)]
    [InlineData(4096, true)]
    [InlineData(1 << 20, false)]
    public async Task Reads_members_and_decodes_the_attachment_whatever_the_chunking(int chunk, bool attachmentsFirst)
    {
        var body = new NpmPublishBody("@o/p", "1.0.0", Tarball, "https://example.com/o/r") { AttachmentsFirst = attachmentsFirst }.ToBytes();
        var (members, data, sha1, sha512) = await ReadAllAsync(new TrickleStream(body, chunk));

        Assert.Equal(Tarball, data);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(Tarball)), sha512);
        Assert.Equal(NpmTarball.Shasum(Tarball), sha1);
        string[] expected = ["_id", "name", "description", "dist-tags", "versions", "access", "_attachments.content_type", "_attachments.length"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"QUJD\\/w==\"", new byte[] { 0x41, 0x42, 0x43, 0xff })]
    [InlineData("\"QUJD\\u002F\\n\\rw==\"", new byte[] { 0x41, 0x42, 0x43, 0xff })]
    [InlineData("\"\"", new byte[0])]
    public async Task Decodes_the_escapes_json_encoders_write(string data, byte[] expected)
    {
        var body = Encoding.UTF8.GetBytes("{\"_attachments\":{\"a.tgz\":{\"data\":" + data + "}}}");
        var (_, decoded, _, _) = await ReadAllAsync(new TrickleStream(body, 3));
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("\"QUJD!w==\"", "not valid base64")]
    [InlineData("\"QU==QUJD\"", "not valid base64")]
    [InlineData("\"QUJDR\"", "not valid base64")]
    [InlineData("\"QUJD\\t\"", "not valid base64")]
    [InlineData("\"QUJD\\x\"", "not valid base64")]
    public async Task Refuses_data_that_is_not_base64(string data, string message)
    {
        var body = Encoding.UTF8.GetBytes("{\"_attachments\":{\"a.tgz\":{\"data\":" + data + "}}}");
        var error = await Assert.ThrowsAsync<NpmDocumentException>(() => ReadAllAsync(new TrickleStream(body, 2)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":1,}""", "expected a member name")]
    [InlineData("""{"a":1} x""", "content after its end")]
    [InlineData("""{"a":[1,2}""", "not valid JSON")]
    [InlineData("""{"a" 1}""", "expected ':'")]
    [InlineData("""{"a":1""", "ended early")]
    [InlineData("""[]""", "expected '{'")]
    public async Task Refuses_documents_that_are_not_json_objects(string json, string message)
    {
        var error = await Assert.ThrowsAsync<NpmDocumentException>(() => ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), 5)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_together_may_not_pass_the_manifest_limit()
    {
        var json = $$"""{"a":"{{new string('x', 600)}}","b":"{{new string('y', 600)}}"}""";
        using var reader = new NpmDocumentReader(new MemoryStream(Encoding.UTF8.GetBytes(json)), 1000);
        Assert.Equal(NpmDocumentPart.Property, await reader.ReadAsync(default));
        var error = await Assert.ThrowsAsync<NpmDocumentException>(async () => await reader.ReadAsync(default));
        Assert.Contains("larger than 1000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attachment_left_unread_is_skipped()
    {
        var body = new NpmPublishBody("@o/p", "1.0.0", Tarball, null) { AttachmentsFirst = true }.ToBytes();
        using var reader = new NpmDocumentReader(new TrickleStream(body, 999), 1 << 20);
        var parts = new List<NpmDocumentPart>();
        NpmDocumentPart part;
        while ((part = await reader.ReadAsync(default)) != NpmDocumentPart.End)
        {
            parts.Add(part);
        }

        Assert.Contains(NpmDocumentPart.AttachmentData, parts);
        Assert.Equal(NpmDocumentPart.Property, parts[^1]);
    }

    private static async Task<(List<string> Members, byte[] Data, string? Sha1, string? Sha512)> ReadAllAsync(Stream body)
    {
        using var reader = new NpmDocumentReader(body, 1 << 20);
        var members = new List<string>();
        using var data = new MemoryStream();
        string? sha1 = null;
        string? sha512 = null;
        NpmDocumentPart part;
        while ((part = await reader.ReadAsync(default)) != NpmDocumentPart.End)
        {
            switch (part)
            {
                case NpmDocumentPart.Property:
                    members.Add(reader.PropertyName!);
                    break;
                case NpmDocumentPart.AttachmentProperty:
                    members.Add("_attachments." + reader.PropertyName);
                    break;
                case NpmDocumentPart.AttachmentData:
                    var stream = reader.OpenAttachmentData();
                    await stream.CopyToAsync(data);
                    (sha1, sha512) = (stream.Sha1, stream.Sha512);
                    break;
            }
        }

        return (members, data.ToArray(), sha1, sha512);
    }
}
