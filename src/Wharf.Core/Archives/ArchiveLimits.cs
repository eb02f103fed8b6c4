namespace Wharf.Core.Archives;

/// <summary>
/// Caps on what one archive may make Wharf read, allocate and unpack, checked against what the archive declares
/// before the work is done. The defaults suit package archives: npm's tarballs, gems, nupkgs and jars.
/// </summary>
public sealed record ArchiveLimits
{
    public static ArchiveLimits Default { get; } = new();

    /// <summary>Entries of any type, directories and skipped links included.</summary>
    public int MaxEntries { get; init; } = 20_000;

    /// <summary>An entry's full name in UTF-8 bytes, and so the largest GNU long name (or link) entry read.</summary>
    public int MaxNameLength { get; init; } = 4 * 1024;

    /// <summary>The data of one PAX extended or global header: it is held in memory to be parsed.</summary>
    public int MaxExtendedHeaderBytes { get; init; } = 64 * 1024;

    /// <summary>The size one entry may declare.</summary>
    public long MaxEntryBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>
    /// A tar: every byte read from the (decompressed) archive, headers and skipped data included. A zip: the sum of
    /// the sizes its entries declare.
    /// </summary>
    public long MaxUnpackedBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>A zip entry's declared size over its compressed size; deflate can reach about 1000:1 on zeros.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>
    /// Zip entries that unpack to no more than this skip the ratio check: a small file of repeated text compresses far
    /// better than 100:1 and costs nothing to unpack.
    /// </summary>
    public long CompressionRatioFloor { get; init; } = 1024 * 1024;
}
