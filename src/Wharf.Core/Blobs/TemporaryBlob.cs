namespace Wharf.Core.Blobs;

/// <summary>
/// A write the blob store has not finished: one in progress, or one a killed process left behind. It never became a
/// blob (its digest was never checked), so nothing references it.
/// </summary>
/// <param name="Name">The store's name for it, valid only for <see cref="IBlobStore.DeleteTemporaryAsync"/>.</param>
/// <param name="LastWrittenAt">When a byte was last written to it (UTC): a write in progress keeps this recent.</param>
public sealed record TemporaryBlob(string Name, long Length, DateTime LastWrittenAt);
