using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Registries.Npm;

/// <summary>
/// Reads package.json (and a README) out of a package tarball (gzipped tar, files under one top folder, npm's is
/// <c>package/</c>) with caps on entries, on the bytes unpacked and on the size of what it keeps, so that a crafted
/// archive costs bounded time and memory.
/// </summary>
public static class NpmTarballInspector
{
    public const int MaxEntries = 20_000;
    public const int MaxPackageJsonBytes = 1024 * 1024;
    public const int MaxReadmeBytes = 1024 * 1024;

    /// <summary>Unpacked bytes read at most while looking, whatever the archive claims.</summary>
    public const long MaxUnpackedBytes = 1024L * 1024 * 1024;

    /// <summary>Finds package.json; looks for a README too when <paramref name="wantReadme"/>. Throws <see cref="NpmDocumentException"/>.</summary>
    public static async Task<NpmTarballContents> InspectAsync(Stream tarball, bool wantReadme, CancellationToken cancellationToken)
    {
        JsonObject? packageJson = null;
        string? readme = null;
        string? readmeFilename = null;
        try
        {
            await using var gzip = new GZipStream(tarball, CompressionMode.Decompress, leaveOpen: true);
            await using var unpacked = new CappedReadStream(gzip, MaxUnpackedBytes);
            await using var reader = new TarReader(unpacked, leaveOpen: true);
            for (var entries = 0; entries < MaxEntries; entries++)
            {
                var entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken);
                if (entry is null)
                {
                    break;
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                var path = PathInPackage(entry.Name);
                if (packageJson is null && path == "package.json")
                {
                    if (entry.Length > MaxPackageJsonBytes)
                    {
                        throw new NpmDocumentException($"package.json in the tarball is larger than {MaxPackageJsonBytes / 1024} KB.");
                    }

                    var bytes = await ReadAllAsync(entry.DataStream, (int)entry.Length, cancellationToken);
                    packageJson = JsonNode.Parse(bytes) as JsonObject
                        ?? throw new NpmDocumentException("package.json in the tarball is not a JSON object.");
                }
                else if (wantReadme && readme is null && IsReadme(path) && entry.Length <= MaxReadmeBytes)
                {
                    var bytes = await ReadAllAsync(entry.DataStream, (int)entry.Length, cancellationToken);
                    readme = Encoding.UTF8.GetString(bytes);
                    readmeFilename = path;
                }

                if (packageJson is not null && (!wantReadme || readme is not null))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new NpmDocumentException("The tarball is not a gzipped tar archive.", ex);
        }
        catch (JsonException ex)
        {
            throw new NpmDocumentException($"package.json in the tarball is not valid JSON: {ex.Message}", ex);
        }

        return packageJson is null
            ? throw new NpmDocumentException("The tarball has no package.json in its top folder (npm packs it as package/package.json).")
            : new NpmTarballContents(packageJson, readme, readmeFilename);
    }

    /// <summary>The path below the archive's top folder: npm (pacote) strips the first component, whatever its name.</summary>
    private static string PathInPackage(string name)
    {
        var trimmed = name.Replace('\\', '/').TrimStart('.', '/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : trimmed[(slash + 1)..];
    }

    private static bool IsReadme(string path) =>
        !path.Contains('/', StringComparison.Ordinal) &&
        (path.Equals("README", StringComparison.OrdinalIgnoreCase) || path.StartsWith("README.", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadAllAsync(Stream data, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        await data.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    /// <summary>Ends the read with an error once more than the cap has been read: a small archive may unpack to terabytes.</summary>
    private sealed class CappedReadStream(Stream inner, long cap) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            _read += read;
            return _read > cap ? throw new NpmDocumentException($"The tarball unpacks to more than {NpmSizes.Describe(cap)}.") : read;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            _read += read;
            return _read > cap ? throw new NpmDocumentException($"The tarball unpacks to more than {NpmSizes.Describe(cap)}.") : read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
