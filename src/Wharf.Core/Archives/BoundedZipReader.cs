using System.Collections.ObjectModel;
using System.IO.Compression;
using System.Text;

namespace Wharf.Core.Archives;

/// <summary>
/// Opens a zip (a .nupkg, a .jar) from a seekable stream and checks what it declares against
/// <see cref="ArchiveLimits"/> before anything is extracted: the entry count (from the end record, before the central
/// directory is read), name lengths, names that would escape an extraction folder, names that differ only in case,
/// the total unpacked size and each entry's compression ratio. Entry data is then held to its declared size. Anything
/// malformed or over a limit throws <see cref="ArchiveFormatException"/>.
/// </summary>
public sealed class BoundedZipReader : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ArchiveEntry> _byName;

    public BoundedZipReader(Stream archive, ArchiveLimits limits, bool leaveOpen = false)
    {
        if (!archive.CanSeek)
        {
            throw new ArgumentException("A zip is read from a seekable stream: spool it to a file first.", nameof(archive));
        }

        try
        {
            ZipEndRecord.Check(archive, limits);
            archive.Position = 0;
            _zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            Release(archive, leaveOpen);
            throw new ArchiveFormatException($"The archive is not a valid zip file: {ex.Message}", ex);
        }
        catch (ArchiveFormatException)
        {
            Release(archive, leaveOpen);
            throw;
        }

        try
        {
            (Entries, _byName) = Check(_zip, limits);
        }
        catch
        {
            _zip.Dispose();
            throw;
        }
    }

    /// <summary>Every entry, in the order of the central directory.</summary>
    public IReadOnlyList<ArchiveEntry> Entries { get; }

    /// <summary>The entry with this name, compared ignoring case and separators ('\' is '/'); null when there is none.</summary>
    public ArchiveEntry? Find(string name) => _byName.GetValueOrDefault(ArchivePath.Normalize(name));

    public void Dispose() => _zip.Dispose();

    private static (IReadOnlyList<ArchiveEntry> Entries, Dictionary<string, ArchiveEntry> ByName) Check(ZipArchive zip, ArchiveLimits limits)
    {
        ReadOnlyCollection<ZipArchiveEntry> zipEntries;
        try
        {
            zipEntries = zip.Entries;
        }
        catch (InvalidDataException ex)
        {
            throw new ArchiveFormatException($"The archive's central directory is damaged: {ex.Message}", ex);
        }

        if (zipEntries.Count > limits.MaxEntries)
        {
            throw new ArchiveFormatException($"The archive has {zipEntries.Count} entries; at most {limits.MaxEntries} are accepted.");
        }

        var entries = new List<ArchiveEntry>(zipEntries.Count);
        var byName = new Dictionary<string, ArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var zipEntry in zipEntries)
        {
            var name = zipEntry.FullName;
            if (Encoding.UTF8.GetByteCount(name) > limits.MaxNameLength)
            {
                throw new ArchiveFormatException($"An entry has a name longer than {limits.MaxNameLength} bytes.");
            }

            if (!ArchivePath.IsContained(name))
            {
                throw new ArchiveFormatException($"The entry {ArchiveFormatException.Quote(name)} is not a relative path inside the archive.");
            }

            var length = zipEntry.Length;
            var compressed = zipEntry.CompressedLength;
            if (length < 0 || compressed < 0)
            {
                throw new ArchiveFormatException($"The entry {ArchiveFormatException.Quote(name)} declares a negative size.");
            }

            if (length > limits.MaxEntryBytes)
            {
                throw new ArchiveFormatException(
                    $"The entry {ArchiveFormatException.Quote(name)} declares {length} bytes; at most {ArchiveSizes.Describe(limits.MaxEntryBytes)} are accepted for one entry.");
            }

            total += length;
            if (total > limits.MaxUnpackedBytes)
            {
                throw new ArchiveFormatException($"The archive unpacks to more than {ArchiveSizes.Describe(limits.MaxUnpackedBytes)}.");
            }

            if (length > limits.CompressionRatioFloor && (double)length / Math.Max(compressed, 1) > limits.MaxCompressionRatio)
            {
                throw new ArchiveFormatException(
                    $"The entry {ArchiveFormatException.Quote(name)} unpacks to {length} bytes from {compressed}; at most {limits.MaxCompressionRatio} times its compressed size is accepted.");
            }

            var type = name.EndsWith('/') || name.EndsWith('\\') ? ArchiveEntryType.Directory : ArchiveEntryType.File;
            var entry = new ArchiveEntry(name, type, length, () => ZipEntryStream.Open(zipEntry, name));
            if (!byName.TryAdd(ArchivePath.Normalize(name), entry))
            {
                throw new ArchiveFormatException($"The archive has two entries named {ArchiveFormatException.Quote(name)} (names are compared ignoring case).");
            }

            entries.Add(entry);
        }

        return (entries, byName);
    }

    private static void Release(Stream archive, bool leaveOpen)
    {
        if (!leaveOpen)
        {
            archive.Dispose();
        }
    }
}
