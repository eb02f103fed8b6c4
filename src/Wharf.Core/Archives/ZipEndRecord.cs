using System.Buffers;
using System.Buffers.Binary;

namespace Wharf.Core.Archives;

/// <summary>
/// The entry count and central directory size a zip declares in its end record (PKWARE APPNOTE 4.3.16, and the ZIP64
/// record of 4.3.14 when the classic fields overflow), read before <see cref="System.IO.Compression.ZipArchive"/>
/// builds an object for every entry of the directory.
/// </summary>
internal static class ZipEndRecord
{
    private const int EndRecordSize = 22;
    private const int Zip64LocatorSize = 20;
    private const int Zip64EndRecordSize = 56;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;

    /// <summary>
    /// Refuses a zip with no end record, more entries than the limit, or a central directory larger than its entries
    /// can need: a name within the limit and a kilobyte of extra fields and comment each, where real zips carry tens of
    /// bytes. ZipArchive finds the end record the same way, searching back from the end.
    /// </summary>
    public static void Check(Stream zip, ArchiveLimits limits)
    {
        var length = zip.Length;
        var tailLength = (int)Math.Min(length, EndRecordSize + ushort.MaxValue);
        var tail = ArrayPool<byte>.Shared.Rent(tailLength);
        try
        {
            zip.Position = length - tailLength;
            zip.ReadExactly(tail, 0, tailLength);
            var end = tailLength - EndRecordSize;
            while (end >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end)) != EndSignature)
            {
                end--;
            }

            if (end < 0)
            {
                throw new ArchiveFormatException("The archive is not a zip file: it has no end of central directory record.");
            }

            ulong entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
            ulong size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
            if ((entries == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue) &&
                ReadZip64(zip, length - tailLength + end) is { } zip64)
            {
                (entries, size) = zip64;
            }

            if (entries > (ulong)limits.MaxEntries)
            {
                throw new ArchiveFormatException($"The archive has {entries} entries; at most {limits.MaxEntries} are accepted.");
            }

            var perEntry = 46UL + (ulong)limits.MaxNameLength + 1024;
            if (size > Math.Max(entries, 1) * perEntry)
            {
                throw new ArchiveFormatException($"The archive's central directory is {size} bytes long for {entries} entries.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }
    }

    /// <summary>The ZIP64 entry count and directory size, when a locator precedes the end record; else null.</summary>
    private static (ulong Entries, ulong Size)? ReadZip64(Stream zip, long endRecord)
    {
        if (endRecord < Zip64LocatorSize)
        {
            return null;
        }

        Span<byte> locator = stackalloc byte[Zip64LocatorSize];
        zip.Position = endRecord - Zip64LocatorSize;
        zip.ReadExactly(locator);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            return null;
        }

        var recordOffset = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
        var latest = endRecord - Zip64LocatorSize - Zip64EndRecordSize;
        if (latest < 0 || recordOffset > (ulong)latest)
        {
            throw new ArchiveFormatException("The archive's ZIP64 locator points outside the archive.");
        }

        Span<byte> record = stackalloc byte[Zip64EndRecordSize];
        zip.Position = (long)recordOffset;
        zip.ReadExactly(record);
        return BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature
            ? (BinaryPrimitives.ReadUInt64LittleEndian(record[32..]), BinaryPrimitives.ReadUInt64LittleEndian(record[40..]))
            : throw new ArchiveFormatException("The archive's ZIP64 end of central directory record is missing.");
    }
}
