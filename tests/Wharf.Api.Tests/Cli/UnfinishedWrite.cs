namespace Wharf.Api.Tests.Cli;

/// <summary>
/// A temporary file as the blob store names it in <c>DATA/tmp</c>, the way a write that never finished leaves it (a
/// process killed mid-upload) or a write in progress holds it.
/// </summary>
internal static class UnfinishedWrite
{
    public static string Plant(string dataFolder, int length, DateTime lastWrittenAt)
    {
        var path = Path.Combine(dataFolder, "tmp", Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, new byte[length]);
        File.SetLastWriteTimeUtc(path, lastWrittenAt);
        return path;
    }
}
