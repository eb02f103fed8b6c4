namespace Wharf.Core.Blobs;

/// <summary>What the writer should check and compute while the bytes pass.</summary>
public sealed record BlobWriteOptions
{
    /// <summary>The length promised by the client (Content-Length); fewer or more bytes fail the write.</summary>
    public long? ExpectedLength { get; init; }

    /// <summary>The digest promised by the client; a mismatch fails the write and stores nothing.</summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>Refuse bodies larger than this, before storing them.</summary>
    public long MaxLength { get; init; } = long.MaxValue;

    public bool ComputeSha1 { get; init; }

    public bool ComputeSha512 { get; init; }
}
