namespace Wharf.Core.Containers;

/// <summary>The secret that signs registry bearer tokens; every node sharing the data folder shares it.</summary>
public sealed record ContainerTokenKey(byte[] Secret);
