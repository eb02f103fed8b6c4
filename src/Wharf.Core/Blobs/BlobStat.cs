namespace Wharf.Core.Blobs;

/// <summary>What a store knows of a blob without reading it: its length and when it was written.</summary>
public sealed record BlobStat(long Length, DateTime LastWrittenUtc);
