using System.Text;
using Wharf.Core.Archives;
using Wharf.Testing.Archives;
using Xunit;

namespace Wharf.Core.Tests.Archives;

/// <summary>
/// Tars made to hurt the reader: every one is refused with <see cref="ArchiveFormatException"/>, and refusing a header
/// that claims gigabytes allocates kilobytes.
/// </summary>
public sealed class HostileTarTests
{
    /// <summary>What refusing may allocate, whatever the archive claims: the reader's buffers and the exception.</summary>
    private const long AllocationBound = 1024 * 1024;

    private const long NearlyTwoGigabytes = 1_900_000_000;

    private static readonly byte[] Package = Encoding.UTF8.GetBytes("""{"name":"a","version":"1.0.0"}""");

    public static TheoryData<string, string> Cases => new()
    {
        { "pax-header-1.9GB", "A PAX extended header declares 1900000000 bytes; at most 64 KiB are accepted." },
        { "pax-header-over-2GiB", "A PAX extended header declares 3221225472 bytes" },
        { "pax-record-length-over-2GiB", "A PAX record declares 3000000000 bytes, but its header holds 18." },
        { "pax-record-length-past-the-header", "A PAX record declares 1900000000 bytes" },
        { "pax-record-without-length", "does not start with its length" },
        { "pax-record-without-newline", "not KEY=VALUE ended by a newline" },
        { "pax-path-too-long", "A PAX path is 5000 bytes long; at most 4096 are accepted." },
        { "pax-size-1.9TB", "declares 1900000000000 bytes; at most 1024 MiB are accepted for one entry." },
        { "pax-size-negative", "A PAX size is not a decimal number" },
        { "pax-size-overflow", "A PAX size is not a decimal number" },
        { "gnu-long-name-1.9GB", "A GNU long name entry declares 1900000000 bytes; at most 4097 bytes are accepted." },
        { "gnu-long-name-over-bound", "A GNU long name entry declares 5000 bytes" },
        { "gnu-long-link-1.9GB", "A GNU long link entry declares 1900000000 bytes" },
        { "global-header-1.9GB", "A PAX global header declares 1900000000 bytes" },
        { "negative-base256-size", "declares a negative size." },
        { "huge-base256-size", "declares a size too large for any archive." },
        { "4GiB-base256-size", "declares 4294967296 bytes; at most 1024 MiB" },
        { "8GiB-octal-size", "declares 8589934591 bytes; at most 1024 MiB" },
        { "size-not-a-number", "has a size that is not an octal number." },
        { "bad-checksum", "The header at byte 0 has a bad checksum" },
        { "not-a-tar", "The header at byte 0 has a bad checksum" },
        { "truncated-in-header", "The archive is truncated: it ends inside a header." },
        { "truncated-in-data", "The archive is truncated: it ends inside an entry's data." },
        { "truncated-in-padding", "The archive is truncated: it ends inside an entry." },
        { "truncated-after-extended-header", "it ends after an extended header, without the entry it describes." },
        { "two-pax-headers", "two PAX extended headers for one entry" },
        { "gnu-sparse", "is a GNU sparse file, which is not supported." },
        { "name-too-long", "has a name longer than 4096 bytes." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_hostile_tar_is_refused_within_the_allocation_bound(string kind, string message)
    {
        var tar = Build(kind);
        var (error, allocated) = Refuse(tar, ArchiveLimits.Default);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(allocated < AllocationBound, $"{kind}: refusing allocated {allocated} bytes");
        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: {tar.Length} bytes in, {allocated} bytes allocated to refuse it");
    }

    [Fact]
    public void Too_many_entries_are_refused_global_headers_included()
    {
        var files = new TarBlocks();
        var globals = new TarBlocks();
        for (var i = 0; i < 11; i++)
        {
            files.Entry($"package/{i}.js", "1;"u8.ToArray());
            globals.Pax('g', ("comment", "x"));
        }

        var limits = new ArchiveLimits { MaxEntries = 10 };
        Assert.Equal("The archive has more than 10 entries.", Refuse(files.End().ToArray(), limits).Error.Message);
        Assert.Equal("The archive has more than 10 entries.", Refuse(globals.End().ToArray(), limits).Error.Message);
    }

    [Fact]
    public void What_an_archive_unpacks_to_is_capped_before_it_is_read()
    {
        var tar = new TarBlocks()
            .Entry("package/a.bin", new byte[3000])
            .Entry("package/b.bin", new byte[3000])
            .Entry("package/c.bin", new byte[3000])
            .End()
            .ToArray();

        var (error, _) = Refuse(tar, new ArchiveLimits { MaxUnpackedBytes = 8 * 1024 });
        Assert.Equal("The archive unpacks to more than 8 KiB.", error.Message);
    }

    [Fact]
    public void An_entry_over_the_callers_bound_is_refused_before_its_data_is_read()
    {
        // The header promises 100 MB and nothing follows: refused on the header, not on the missing data.
        var tar = new TarBlocks().Header("package/big.bin", '0', 100_000_000).ToArray();
        var (error, allocated) = Refuse(tar, new ArchiveLimits { MaxEntryBytes = 1024 * 1024 });
        Assert.Equal("The entry at byte 0 declares 100000000 bytes; at most 1 MiB are accepted for one entry.", error.Message);
        Assert.True(allocated < AllocationBound, $"refusing allocated {allocated} bytes");
    }

    /// <summary>
    /// Reads the archive to its end and returns the refusal with the bytes this thread allocated meanwhile. A
    /// MemoryStream completes every read at once, so the whole read runs on this thread and the count is complete.
    /// </summary>
    private static (ArchiveFormatException Error, long Allocated) Refuse(byte[] tar, ArchiveLimits limits)
    {
        using var stream = new MemoryStream(tar, writable: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var reader = new BoundedTarReader(stream, limits, leaveOpen: true);
            while (true)
            {
                if (OnThisThread.Result(reader.GetNextEntryAsync(TestContext.Current.CancellationToken)) is not { } entry)
                {
                    break;
                }

                using var data = entry.Open();
                data.CopyTo(Stream.Null);
            }
        }
        catch (ArchiveFormatException ex)
        {
            return (ex, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Fail("The archive was read to its end without an error.");
        throw new InvalidOperationException();
    }

    private static byte[] Build(string kind)
    {
        var tar = new TarBlocks();
        switch (kind)
        {
            case "pax-header-1.9GB":
                // As found: a 1.8 MB tarball whose first header declares 1.9 GB.
                tar.Header("PaxHeaders/package.json", 'x', NearlyTwoGigabytes).Raw(new byte[1_800_000]);
                break;
            case "pax-header-over-2GiB":
                tar.Header("PaxHeaders/package.json", 'x', 3L * 1024 * 1024 * 1024).Raw(new byte[4096]);
                break;
            case "pax-record-length-over-2GiB":
                tar.Entry("PaxHeaders/package.json", "3000000000 path=a\n"u8.ToArray(), 'x').Entry("package/package.json", Package);
                break;
            case "pax-record-length-past-the-header":
                tar.Entry("PaxHeaders/package.json", Encoding.ASCII.GetBytes("1900000000 path=" + new string('a', 1000) + "\n"), 'x');
                break;
            case "pax-record-without-length":
                tar.Entry("PaxHeaders/package.json", "path=a\n"u8.ToArray(), 'x');
                break;
            case "pax-record-without-newline":
                tar.Entry("PaxHeaders/package.json", "9 path=ab"u8.ToArray(), 'x');
                break;
            case "pax-path-too-long":
                tar.Pax('x', ("path", new string('a', 5000))).Entry("package/package.json", Package);
                break;
            case "pax-size-1.9TB":
                tar.Pax('x', ("size", "1900000000000")).Header("package/package.json", '0', 0);
                break;
            case "pax-size-negative":
                tar.Pax('x', ("size", "-1")).Header("package/package.json", '0', 0);
                break;
            case "pax-size-overflow":
                tar.Pax('x', ("size", "99999999999999999999")).Header("package/package.json", '0', 0);
                break;
            case "gnu-long-name-1.9GB":
                tar.Header("././@LongLink", 'L', NearlyTwoGigabytes).Raw(new byte[4096]);
                break;
            case "gnu-long-name-over-bound":
                tar.Entry("././@LongLink", Encoding.ASCII.GetBytes(new string('a', 4999) + "\0"), 'L').Entry("package/package.json", Package);
                break;
            case "gnu-long-link-1.9GB":
                tar.Header("././@LongLink", 'K', NearlyTwoGigabytes).Raw(new byte[4096]);
                break;
            case "global-header-1.9GB":
                tar.Header("pax_global_header", 'g', NearlyTwoGigabytes).Raw(new byte[4096]);
                break;
            case "negative-base256-size":
                tar.Header("package/package.json", '0', [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]).Raw(new byte[4096]);
                break;
            case "huge-base256-size":
                tar.Header("package/package.json", '0', [0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).Raw(new byte[4096]);
                break;
            case "4GiB-base256-size":
                tar.Header("package/package.json", '0', [0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]).Raw(new byte[4096]);
                break;
            case "8GiB-octal-size":
                tar.Header("package/package.json", '0', "77777777777\0"u8).Raw(new byte[4096]);
                break;
            case "size-not-a-number":
                tar.Header("package/package.json", '0', "0000000012a\0"u8).Raw(new byte[4096]);
                break;
            case "bad-checksum":
                var block = TarBlocks.Block("package/package.json", '0', "00000000036\0"u8);
                block[0] = (byte)'P';
                tar.Raw(block).Data(Package).End();
                break;
            case "not-a-tar":
                tar.Raw(Encoding.UTF8.GetBytes(new string('{', 2048)));
                break;
            case "truncated-in-header":
                tar.Entry("package/package.json", Package).Raw(TarBlocks.Block("package/index.js", '0', "00000000001\0"u8)[..100]);
                break;
            case "truncated-in-data":
                tar.Header("package/package.json", '0', 10_000).Raw(new byte[600]);
                break;
            case "truncated-in-padding":
                tar.Header("package/package.json", '0', Package.Length).Raw(Package);
                break;
            case "truncated-after-extended-header":
                tar.Pax('x', ("path", "package/package.json")).End();
                break;
            case "two-pax-headers":
                tar.Pax('x', ("path", "a")).Pax('x', ("path", "b")).Entry("package/package.json", Package);
                break;
            case "gnu-sparse":
                tar.Header("package/sparse.bin", 'S', 0);
                break;
            case "name-too-long":
                tar.Entry("././@LongLink", Encoding.ASCII.GetBytes(new string('a', 4097)), 'L').Entry("package/package.json", Package);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return tar.ToArray();
    }
}
