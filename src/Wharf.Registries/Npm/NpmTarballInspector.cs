using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Core.Archives;

namespace Wharf.Registries.Npm;

/// <summary>
/// Reads package.json (and a README) out of a package tarball (gzipped tar, files under one top folder, npm's is
/// <c>package/</c>) with caps on entries, on the bytes unpacked and on the size of what it keeps, so that a crafted
/// archive costs bounded time and memory. The tar is read by <see cref="BoundedTarReader"/>: a header that declares
/// gigabytes is refused before anything is allocated for it.
/// </summary>
public static class NpmTarballInspector
{
    public const int MaxEntries = 20_000;
    public const int MaxPackageJsonBytes = 1024 * 1024;
    public const int MaxReadmeBytes = 1024 * 1024;

    /// <summary>Unpacked bytes read at most while looking, whatever the archive claims.</summary>
    public const long MaxUnpackedBytes = 1024L * 1024 * 1024;

    private static readonly ArchiveLimits Limits = new()
    {
        MaxEntries = MaxEntries,
        MaxEntryBytes = MaxUnpackedBytes,
        MaxUnpackedBytes = MaxUnpackedBytes,
    };

    /// <summary>Finds package.json; looks for a README too when <paramref name="wantReadme"/>. Throws <see cref="NpmDocumentException"/>.</summary>
    public static async Task<NpmTarballContents> InspectAsync(Stream tarball, bool wantReadme, CancellationToken cancellationToken)
    {
        JsonObject? packageJson = null;
        string? readme = null;
        string? readmeFilename = null;
        try
        {
            await using var gzip = new GZipStream(tarball, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new BoundedTarReader(gzip, Limits, leaveOpen: true);
            while (await reader.GetNextEntryAsync(cancellationToken) is { } entry)
            {
                if (entry.Type != ArchiveEntryType.File)
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

                    var bytes = await ReadAllAsync(entry, cancellationToken);
                    packageJson = JsonNode.Parse(bytes) as JsonObject
                        ?? throw new NpmDocumentException("package.json in the tarball is not a JSON object.");
                }
                else if (wantReadme && readme is null && IsReadme(path) && entry.Length <= MaxReadmeBytes)
                {
                    var bytes = await ReadAllAsync(entry, cancellationToken);
                    readme = Encoding.UTF8.GetString(bytes);
                    readmeFilename = path;
                }

                if (packageJson is not null && (!wantReadme || readme is not null))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            // What the gzip layer throws for data that is not gzip, or is damaged.
            throw new NpmDocumentException("The tarball is not a gzipped tar archive.", ex);
        }
        catch (ArchiveFormatException ex)
        {
            throw new NpmDocumentException("The tarball cannot be read: " + ex.Message, ex);
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

    /// <summary>An entry's data, whose length the caller has checked against its cap.</summary>
    private static async Task<byte[]> ReadAllAsync(ArchiveEntry entry, CancellationToken cancellationToken)
    {
        var bytes = new byte[entry.Length];
        await using var data = entry.Open();
        await data.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }
}
