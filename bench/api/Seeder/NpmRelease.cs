using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Blobs;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;

namespace Wharf.Bench.Seeder;

/// <summary>
/// One npm version as `npm publish` would send it for a package of <see cref="Owner"/> that names
/// <see cref="Repository"/>, and the rows <see cref="PackagePublisher"/> records for it. The rows are built here
/// so they can be inserted in bulk; <see cref="BenchSeeder"/> checks them against a real publish first.
/// </summary>
public sealed class NpmRelease(Account owner, Repository repository, string name, string version, DateTime publishedAt)
{
    private const string TarballType = "application/octet-stream";

    private readonly byte[] _tarball = Encoding.UTF8.GetBytes($"bench tarball {owner.Login}/{name}@{version}");

    public Account Owner => owner;

    public Repository Repository => repository;

    public string Name => name;

    public string Version => version;

    public DateTime PublishedAt => publishedAt;

    private string Description => $"Benchmark package {name}";

    private string FileName => $"{name}-{version}.tgz";

    /// <summary>What the npm registry hands the publisher (files already in the blob store).</summary>
    public PublishRequest Request(Principal principal) => new()
    {
        Principal = principal,
        Owner = owner,
        Type = PackageType.Npm,
        Name = name,
        Version = version,
        Description = Description,
        License = "MIT",
        Metadata = Metadata(),
        Repository = repository,
        Files = [new PublishedFile(FileName, TarballType, Blob())],
    };

    /// <summary>The package row a first publish creates (PackagePublisher.NewPackage for a repository-scoped type).</summary>
    public Package NewPackage(DateTime updatedAt) => new()
    {
        OwnerId = owner.Id,
        Type = PackageType.Npm,
        Name = name,
        NameKey = PackageNames.Key(name),
        RepositoryId = repository.Id,
        Visibility = repository.Visibility,
        InheritAccess = false,
        Description = Description,
        CreatedAt = publishedAt,
        UpdatedAt = updatedAt,
    };

    public PackageVersion NewVersion(long packageId) => new()
    {
        PackageId = packageId,
        Name = version,
        Description = Description,
        License = "MIT",
        Metadata = Metadata(),
        CreatedAt = publishedAt,
        UpdatedAt = publishedAt,
    };

    public PackageFile NewFile(long versionId)
    {
        var blob = Blob();
        return new PackageFile
        {
            VersionId = versionId,
            Name = FileName,
            ContentType = TarballType,
            Size = blob.Length,
            Sha256 = blob.Sha256,
            Sha1 = blob.Sha1,
            Sha512 = blob.Sha512,
            CreatedAt = publishedAt,
        };
    }

    private BlobWriteResult Blob() => new(
        BlobWriteStatus.Stored,
        _tarball.Length,
        Convert.ToHexStringLower(SHA256.HashData(_tarball)),
        Convert.ToHexStringLower(Sha1()),
        Convert.ToHexStringLower(SHA512.HashData(_tarball)));

    /// <summary>A trimmed version manifest, about the size of a small real package's.</summary>
    private string Metadata() => new JsonObject
    {
        ["name"] = $"@{owner.LoginKey}/{name}",
        ["version"] = version,
        ["description"] = Description,
        ["main"] = "index.js",
        ["license"] = "MIT",
        ["repository"] = new JsonObject { ["type"] = "git", ["url"] = $"git+https://github.example/{owner.Login}/{repository.Name}.git" },
        ["dependencies"] = new JsonObject { ["left-pad"] = "^1.3.0" },
        ["dist"] = new JsonObject
        {
            ["shasum"] = Convert.ToHexStringLower(Sha1()),
            ["integrity"] = "sha512-" + Convert.ToBase64String(SHA512.HashData(_tarball)),
        },
    }.ToJsonString();

    /// <summary>npm's shasum: SHA-1 names the tarball for old clients, it protects nothing here.</summary>
    private byte[] Sha1()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(_tarball);
        return hash.GetHashAndReset();
    }
}
