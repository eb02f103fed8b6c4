using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Wharf.Core.Archives;
using Wharf.Testing.Archives;
using Xunit;

namespace Wharf.Core.Tests.Archives;

/// <summary>Tars as real writers make them read back whole: names long and short, every header format, skipped types.</summary>
public sealed class BoundedTarReaderTests
{
    private static readonly string LongName = "package/" + new string('n', 150) + "/" + new string('m', 120) + ".js";

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public async Task Long_names_read_back_from_pax_and_gnu_headers(TarEntryFormat format)
    {
        var tar = Write(format, writer =>
        {
            writer.WriteEntry(Entry(format, TarEntryType.Directory, "package/"));
            writer.WriteEntry(File(format, "package/package.json", "{}"));
            writer.WriteEntry(File(format, LongName, "long"));
            var link = Entry(format, TarEntryType.SymbolicLink, "package/link");
            link.LinkName = "../" + new string('t', 200);
            writer.WriteEntry(link);
            writer.WriteEntry(File(format, "package/index.js", "module.exports = 1;"));
        });

        var entries = await ReadAllAsync(tar);

        // The symbolic link (with its PAX or GNU 'K' long link name) is skipped.
        Assert.Equal(
            [("package/", ArchiveEntryType.Directory, ""), ("package/package.json", ArchiveEntryType.File, "{}"),
                (LongName, ArchiveEntryType.File, "long"), ("package/index.js", ArchiveEntryType.File, "module.exports = 1;")],
            entries);
    }

    [Fact]
    public async Task Ustar_names_join_prefix_and_name_and_v7_names_read_as_they_are()
    {
        var split = "package/" + new string('p', 90) + "/" + new string('q', 90) + ".js";
        var ustar = Write(TarEntryFormat.Ustar, w => w.WriteEntry(File(TarEntryFormat.Ustar, split, "u")));
        var v7 = Write(TarEntryFormat.V7, w =>
        {
            w.WriteEntry(Entry(TarEntryFormat.V7, TarEntryType.Directory, "package/"));
            w.WriteEntry(File(TarEntryFormat.V7, "package/package.json", "{}"));
        });

        Assert.Equal([(split, ArchiveEntryType.File, "u")], await ReadAllAsync(ustar));
        Assert.Equal([("package/", ArchiveEntryType.Directory, ""), ("package/package.json", ArchiveEntryType.File, "{}")], await ReadAllAsync(v7));
    }

    [Fact]
    public async Task A_global_header_is_read_past()
    {
        var tar = Write(TarEntryFormat.Pax, w =>
        {
            w.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "commit 0123abc" }));
            w.WriteEntry(File(TarEntryFormat.Pax, "package/package.json", "{}"));
        });

        Assert.Equal([("package/package.json", ArchiveEntryType.File, "{}")], await ReadAllAsync(tar));
    }

    [Fact]
    public async Task Base256_sizes_and_pax_sizes_are_honoured()
    {
        var tar = new TarBlocks()
            .Header("package/a.txt", '0', [0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5])
            .Data("hello"u8.ToArray())
            .Pax('x', ("size", "6"), ("path", "package/ünïcode.txt"))
            .Header("package/ignored.txt", '0', 0)
            .Data("world!"u8.ToArray())
            .End()
            .ToArray();

        Assert.Equal(
            [("package/a.txt", ArchiveEntryType.File, "hello"), ("package/ünïcode.txt", ArchiveEntryType.File, "world!")],
            await ReadAllAsync(tar));
    }

    [Fact]
    public async Task An_archive_that_ends_without_its_zero_blocks_is_read_to_its_last_entry()
    {
        var tar = new TarBlocks().Entry("package/package.json", "{}"u8.ToArray()).ToArray();
        Assert.Equal([("package/package.json", ArchiveEntryType.File, "{}")], await ReadAllAsync(tar));
    }

    [Fact]
    public async Task Skipping_a_large_entry_reads_through_it_without_allocating_its_size()
    {
        var tar = new TarBlocks()
            .Entry("package/big.bin", new byte[8 * 1024 * 1024])
            .Entry("package/package.json", "{}"u8.ToArray())
            .End()
            .ToArray();
        using var stream = new MemoryStream(tar, writable: false);
        using var reader = new BoundedTarReader(stream, ArchiveLimits.Default);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var big = OnThisThread.Result(reader.GetNextEntryAsync(TestContext.Current.CancellationToken));
        var next = OnThisThread.Result(reader.GetNextEntryAsync(TestContext.Current.CancellationToken));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(8 * 1024 * 1024, big!.Length);
        Assert.Equal("package/package.json", next!.Name);
        Assert.True(allocated < 1024 * 1024, $"skipping 8 MiB allocated {allocated} bytes");
        TestContext.Current.TestOutputHelper?.WriteLine($"skipping 8 MiB of entry data: {allocated} bytes allocated");
    }

    [Fact]
    public async Task An_entry_read_in_part_is_skipped_to_its_end_and_its_stream_then_refuses()
    {
        var tar = new TarBlocks()
            .Entry("package/a.txt", Encoding.ASCII.GetBytes(new string('a', 2000)))
            .Entry("package/b.txt", "b"u8.ToArray())
            .End()
            .ToArray();
        using var reader = new BoundedTarReader(new MemoryStream(tar), ArchiveLimits.Default);
        var cancellationToken = TestContext.Current.CancellationToken;

        var a = await reader.GetNextEntryAsync(cancellationToken);
        var data = a!.Open();
        var part = new byte[10];
        await data.ReadExactlyAsync(part, cancellationToken);
        var b = await reader.GetNextEntryAsync(cancellationToken);

        Assert.Equal("b", await ReadTextAsync(b!));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await data.ReadExactlyAsync(part, cancellationToken));
        Assert.Null(await reader.GetNextEntryAsync(cancellationToken));
    }

    [Fact]
    public async Task A_gzipped_tarball_as_npm_packs_it_reads_through_the_gzip_stream()
    {
        var tar = Write(TarEntryFormat.Pax, w =>
        {
            w.WriteEntry(File(TarEntryFormat.Pax, "package/package.json", """{"name":"a"}"""));
            w.WriteEntry(File(TarEntryFormat.Pax, "package/README.md", "# a"));
        });
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(tar, TestContext.Current.CancellationToken);
        }

        compressed.Position = 0;
        await using var unpacked = new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new BoundedTarReader(unpacked, ArchiveLimits.Default);
        var names = new List<string>();
        while (await reader.GetNextEntryAsync(TestContext.Current.CancellationToken) is { } entry)
        {
            names.Add(entry.Name + "=" + await ReadTextAsync(entry));
        }

        Assert.Equal(["package/package.json={\"name\":\"a\"}", "package/README.md=# a"], names);
    }

    private static async Task<List<(string Name, ArchiveEntryType Type, string Text)>> ReadAllAsync(byte[] tar)
    {
        using var reader = new BoundedTarReader(new MemoryStream(tar), ArchiveLimits.Default);
        var entries = new List<(string, ArchiveEntryType, string)>();
        while (await reader.GetNextEntryAsync(TestContext.Current.CancellationToken) is { } entry)
        {
            var text = await ReadTextAsync(entry);
            Assert.Equal(Encoding.UTF8.GetByteCount(text), entry.Length);
            entries.Add((entry.Name, entry.Type, text));
        }

        return entries;
    }

    private static async Task<string> ReadTextAsync(ArchiveEntry entry)
    {
        await using var data = entry.Open();
        using var text = new StreamReader(data, Encoding.UTF8);
        return await text.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    private static byte[] Write(TarEntryFormat format, Action<TarWriter> write)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, format, leaveOpen: true))
        {
            write(writer);
        }

        return output.ToArray();
    }

    private static TarEntry File(TarEntryFormat format, string name, string text)
    {
        var entry = Entry(format, format == TarEntryFormat.V7 ? TarEntryType.V7RegularFile : TarEntryType.RegularFile, name);
        entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return entry;
    }

    private static TarEntry Entry(TarEntryFormat format, TarEntryType type, string name) => format switch
    {
        TarEntryFormat.Pax => new PaxTarEntry(type, name),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        _ => new V7TarEntry(type, name),
    };
}
