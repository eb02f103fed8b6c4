using System.Security.Cryptography;
using System.Text;
using Wharf.Core.Blobs;
using Wharf.Storage.FileSystem;
using Xunit;

namespace Wharf.Storage.Tests;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wharf-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreTests() => _store = new FileSystemBlobStore(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Stores_under_the_sha256_and_computes_the_other_hashes_in_the_same_pass()
    {
        var bytes = Encoding.UTF8.GetBytes("hello wharf");
        var result = await _store.WriteAsync(new MemoryStream(bytes), new BlobWriteOptions { ComputeSha1 = true, ComputeSha512 = true }, default);

        Assert.Equal(BlobWriteStatus.Stored, result.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Sha256);
#pragma warning disable CA5350 // SHA-1 is what npm and Maven clients check; it is compared here, not relied on.
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(bytes)), result.Sha1);
#pragma warning restore CA5350
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(bytes)), result.Sha512);
        await using var read = await _store.OpenReadAsync(result.Digest, default);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task An_open_blob_reads_at_any_offset_and_a_stat_gives_its_length_without_reading()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var result = await _store.WriteAsync(new MemoryStream(bytes), new BlobWriteOptions(), default);

        var stat = await _store.StatAsync(result.Digest, default);
        Assert.Equal(bytes.Length, stat!.Length);
        await using var content = await _store.OpenAsync(result.Digest, default);
        Assert.Equal(bytes.Length, content!.Length);
        Assert.Equal(stat.LastWrittenUtc, content.LastWrittenUtc);
        var middle = new byte[1000];
        Assert.Equal(1000, await content.ReadAsync(middle, 150_000, default));
        Assert.Equal(bytes.AsSpan(150_000, 1000).ToArray(), middle);
        var tail = new byte[100];
        Assert.Equal(40, await content.ReadAsync(tail, bytes.Length - 40, default));
        Assert.Equal(0, await content.ReadAsync(tail, bytes.Length, default));

        // Absent blobs are null, not exceptions: a download answers its protocol's "unknown".
        var missing = BlobDigest.Parse(new string('a', 64));
        Assert.Null(await _store.StatAsync(missing, default));
        Assert.Null(await _store.OpenAsync(missing, default));
    }

    [Fact]
    public async Task A_wrong_digest_stores_nothing()
    {
        var result = await _store.WriteAsync(new MemoryStream([1, 2, 3]), new BlobWriteOptions { ExpectedSha256 = new string('0', 64) }, default);

        Assert.Equal(BlobWriteStatus.DigestMismatch, result.Status);
        Assert.Empty(await ListAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task A_short_or_long_body_against_its_promised_length_stores_nothing()
    {
        var shorter = await _store.WriteAsync(new MemoryStream([1, 2, 3]), new BlobWriteOptions { ExpectedLength = 4 }, default);
        var longer = await _store.WriteAsync(new MemoryStream([1, 2, 3]), new BlobWriteOptions { ExpectedLength = 2 }, default);

        Assert.Equal(BlobWriteStatus.LengthMismatch, shorter.Status);
        Assert.Equal(BlobWriteStatus.LengthMismatch, longer.Status);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Too_large_is_refused_before_and_while_reading()
    {
        var promised = await _store.WriteAsync(new MemoryStream(new byte[10]), new BlobWriteOptions { ExpectedLength = 10, MaxLength = 5 }, default);
        var streamed = await _store.WriteAsync(new MemoryStream(new byte[10]), new BlobWriteOptions { MaxLength = 5 }, default);

        Assert.Equal(BlobWriteStatus.TooLarge, promised.Status);
        Assert.Equal(BlobWriteStatus.TooLarge, streamed.Status);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task The_same_bytes_are_stored_once()
    {
        var first = await _store.WriteAsync(new MemoryStream([7, 7, 7]), new BlobWriteOptions(), default);
        var second = await _store.WriteAsync(new MemoryStream([7, 7, 7]), new BlobWriteOptions(), default);

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task A_body_of_many_buffers_in_uneven_reads_is_stored_whole_with_the_right_digests()
    {
        // 40 MiB: both of the writer's 1 MiB buffers in turn, and past its first background flush at 32 MiB.
        var bytes = RandomNumberGenerator.GetBytes(40 * 1024 * 1024 + 12_345);
        var result = await _store.WriteAsync(new TrickleStream(bytes, 77_777), new BlobWriteOptions { ExpectedLength = bytes.Length, ComputeSha512 = true }, default);

        Assert.Equal(BlobWriteStatus.Stored, result.Status);
        Assert.Equal(bytes.Length, result.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(bytes)), result.Sha512);
        await using var stored = await _store.OpenReadAsync(result.Digest, default);
        using var copy = new MemoryStream();
        await stored!.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task A_body_that_fails_half_way_leaves_neither_a_blob_nor_a_temporary_file()
    {
        var bytes = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var failing = new TrickleStream(bytes, 300_000) { FailAfter = 3 * 1024 * 1024 };

        await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync(failing, new BlobWriteOptions(), default));

        Assert.Empty(await ListAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public void Digests_that_are_not_lower_case_hex_sha256_are_rejected()
    {
        Assert.False(BlobDigest.TryParse("../../etc/passwd", out _));
        Assert.False(BlobDigest.TryParse(new string('A', 64), out _));
        Assert.True(BlobDigest.TryParse(new string('a', 64), out _));
    }

    private async Task<List<BlobDigest>> ListAsync()
    {
        var digests = new List<BlobDigest>();
        await foreach (var digest in _store.ListAsync(default))
        {
            digests.Add(digest);
        }

        return digests;
    }

    /// <summary>A body that arrives in reads of at most <c>step</c> bytes, as from a socket, and can break half way.</summary>
    private sealed class TrickleStream(byte[] bytes, int step) : Stream
    {
        private int _position;

        public int FailAfter { get; init; } = int.MaxValue;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= FailAfter)
            {
                throw new IOException("connection reset");
            }

            var count = Math.Min(Math.Min(step, buffer.Length), bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
