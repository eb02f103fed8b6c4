using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Wharf.Core.Archives;
using Xunit;

namespace Wharf.Core.Tests.Archives;

/// <summary>
/// Zips as a .nupkg or a .jar could be crafted: each is refused with <see cref="ArchiveFormatException"/> from what it
/// declares, before an entry is extracted, and an entry whose header lies is not read past its declared size.
/// </summary>
public sealed class BoundedZipReaderTests
{
    [Fact]
    public void A_package_zip_lists_and_reads_its_entries()
    {
        var zip = Zip(("Example.nuspec", "<package/>"), ("lib/net8.0/", ""), ("lib/net8.0/Example.dll", "MZ"));
        using var reader = new BoundedZipReader(new MemoryStream(zip), ArchiveLimits.Default);

        Assert.Equal(["Example.nuspec", "lib/net8.0/", "lib/net8.0/Example.dll"], reader.Entries.Select(e => e.Name));
        Assert.Equal(ArchiveEntryType.Directory, reader.Entries[1].Type);
        var nuspec = reader.Find("example.NUSPEC");
        Assert.NotNull(nuspec);
        Assert.Equal("<package/>", Text(nuspec));
        Assert.Equal("MZ", Text(reader.Find(@"lib\net8.0\Example.dll")!));
        Assert.Null(reader.Find("missing"));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("lib/../../evil.txt")]
    [InlineData(@"lib\..\..\evil.txt")]
    [InlineData("/etc/passwd")]
    [InlineData(@"\evil.txt")]
    [InlineData("C:/evil.txt")]
    [InlineData("evil\0.txt")]
    public void Names_that_leave_the_extraction_folder_are_refused(string name)
    {
        var error = Refuse(Zip(("ok.txt", "fine"), (name, "evil")));
        Assert.Contains("is not a relative path inside the archive.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', error.Message);
    }

    [Theory]
    [InlineData("lib/a.dll", "LIB/A.DLL")]
    [InlineData("lib/a.dll", @"lib\a.dll")]
    [InlineData("a.txt", "a.txt")]
    public void Names_that_differ_only_in_case_or_separator_are_refused(string first, string second)
    {
        var error = Refuse(Zip((first, "1"), (second, "2")));
        Assert.Contains("The archive has two entries named", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_its_ratio_before_it_is_unpacked()
    {
        var bomb = Zip(CompressionLevel.SmallestSize, ("zeros.bin", new byte[4 * 1024 * 1024]));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Refuse(bomb);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("unpacks to 4194304 bytes from", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 100 times its compressed size", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1024 * 1024, $"refusing a 4 MiB bomb allocated {allocated} bytes");
        TestContext.Current.TestOutputHelper?.WriteLine($"zip bomb of {bomb.Length} bytes: {allocated} bytes allocated to refuse it");

        // Below the floor a high ratio costs nothing and is fine.
        var zeros = Zip(CompressionLevel.SmallestSize, ("zeros.bin", new byte[512 * 1024]));
        using var small = new BoundedZipReader(new MemoryStream(zeros), ArchiveLimits.Default);
        Assert.Equal(512 * 1024, small.Entries.Single().Length);
    }

    [Fact]
    public void Too_many_entries_are_refused_from_the_end_record()
    {
        var zip = Zip([.. Enumerable.Range(0, 6).Select(i => ($"{i}.txt", "x"))]);
        var error = Refuse(zip, new ArchiveLimits { MaxEntries = 5 });
        Assert.Equal("The archive has 6 entries; at most 5 are accepted.", error.Message);
    }

    [Fact]
    public void A_name_over_the_limit_is_refused()
    {
        var error = Refuse(Zip((new string('a', 5000) + ".txt", "x")));
        Assert.Equal("An entry has a name longer than 4096 bytes.", error.Message);
    }

    [Fact]
    public void A_total_over_the_limit_is_refused_before_extraction()
    {
        var zip = Zip(("a.bin", new string('a', 3000)), ("b.bin", new string('b', 3000)));
        var error = Refuse(zip, new ArchiveLimits { MaxUnpackedBytes = 4096 });
        Assert.Equal("The archive unpacks to more than 4 KiB.", error.Message);
    }

    [Theory]
    [InlineData(CompressionLevel.Optimal)]
    [InlineData(CompressionLevel.NoCompression)]
    public void A_header_that_declares_less_than_the_data_cannot_make_the_reader_unpack_more(CompressionLevel level)
    {
        var zip = Zip(level, ("data.bin", RandomBytes(100_000)));
        SetDeclaredLength(zip, 1000);
        using var reader = new BoundedZipReader(new MemoryStream(zip), ArchiveLimits.Default);
        var entry = reader.Entries.Single();
        Assert.Equal(1000, entry.Length);

        var read = 0L;
        var error = Assert.Throws<ArchiveFormatException>(() =>
        {
            using var data = entry.Open();
            var buffer = new byte[4096];
            for (var n = data.Read(buffer); n > 0; n = data.Read(buffer))
            {
                read += n;
            }
        });
        Assert.True(read <= 1000, $"read {read} bytes past a declared 1000");
        Assert.Contains(level == CompressionLevel.NoCompression ? "unpacks to more than the 1000 bytes its header declares" : "does not match its CRC-32",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_declares_more_than_the_data_is_refused_when_the_data_ends()
    {
        var zip = Zip(CompressionLevel.NoCompression, ("data.bin", RandomBytes(10_000)));
        SetDeclaredLength(zip, 20_000);
        using var reader = new BoundedZipReader(new MemoryStream(zip), ArchiveLimits.Default);

        var error = Assert.Throws<ArchiveFormatException>(() =>
        {
            using var data = reader.Entries.Single().Open();
            data.CopyTo(Stream.Null);
        });
        Assert.Equal("The entry \"data.bin\" unpacks to 10000 bytes, but its header declares 20000.", error.Message);
    }

    [Fact]
    public void A_header_that_declares_gigabytes_is_refused_before_extraction()
    {
        var zip = Zip(CompressionLevel.Optimal, ("data.bin", "tiny"));
        SetDeclaredLength(zip, uint.MaxValue - 1);
        var error = Refuse(zip);
        Assert.Contains("declares 4294967294 bytes; at most 1024 MiB are accepted for one entry.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Something_that_is_not_a_zip_is_refused()
    {
        var error = Refuse(Encoding.UTF8.GetBytes(new string('{', 5000)));
        Assert.Equal("The archive is not a zip file: it has no end of central directory record.", error.Message);
    }

    private static ArchiveFormatException Refuse(byte[] zip, ArchiveLimits? limits = null) =>
        Assert.Throws<ArchiveFormatException>(() => new BoundedZipReader(new MemoryStream(zip), limits ?? ArchiveLimits.Default).Dispose());

    private static string Text(ArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static byte[] Zip(params (string Name, string Text)[] files) =>
        Zip(CompressionLevel.Fastest, [.. files.Select(f => (f.Name, Encoding.UTF8.GetBytes(f.Text)))]);

    private static byte[] Zip(CompressionLevel level, params (string Name, byte[] Data)[] files)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in files)
            {
                using var entry = zip.CreateEntry(name, level).Open();
                entry.Write(data);
            }
        }

        return output.ToArray();
    }

    private static byte[] Zip(CompressionLevel level, (string Name, string Text) file) =>
        Zip(level, (file.Name, Encoding.UTF8.GetBytes(file.Text)));

    /// <summary>
    /// Rewrites the uncompressed size of the first entry, in its local header (APPNOTE 4.3.7, offset 22) and its central
    /// directory header (4.3.12, offset 24), leaving the data as it is: a header that lies.
    /// </summary>
    private static void SetDeclaredLength(byte[] zip, uint length)
    {
        var local = IndexOf(zip, [0x50, 0x4B, 0x03, 0x04]);
        var central = IndexOf(zip, [0x50, 0x4B, 0x01, 0x02]);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(local + 22), length);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 24), length);
    }

    private static int IndexOf(byte[] zip, byte[] signature)
    {
        var index = zip.AsSpan().IndexOf(signature);
        Assert.True(index >= 0, "the zip has no such header");
        return index;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(8).NextBytes(bytes);
        return bytes;
    }
}
