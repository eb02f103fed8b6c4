namespace Wharf.Api.Http;

/// <summary>
/// Left on a request by subdomain routing when it arrived on a surface's own host (<c>npm.HOST</c>, <c>api.HOST</c>)
/// and its path was mapped onto <paramref name="PathPrefix"/>. Surfaces write URLs in the form they were asked on:
/// clients send their credentials only to the host (and path) they were configured with.
/// </summary>
public sealed record SubdomainRequest(string PathPrefix);
