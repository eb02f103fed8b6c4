using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Wharf.Api.Http;
using Wharf.Core.Access;
using Wharf.Core.Accounts;
using Wharf.Core.Blobs;
using Wharf.Core.Containers;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Repositories;
using Wharf.Core.Runtime;
using Wharf.Core.Urls;

namespace Wharf.Registries.Containers;

/// <summary>One registry request and the services it needs, so that handlers stay short.</summary>
public sealed class ContainerRequest(HttpContext context)
{
    private IServiceProvider Services => context.RequestServices;

    public HttpContext Http => context;

    public HttpRequest Request => context.Request;

    public HttpResponse Response => context.Response;

    public CancellationToken Aborted => context.RequestAborted;

    public Principal Principal => context.Principal();

    public PackageType Type { get; init; } = PackageType.Container;

    public bool IsDocker => Type == PackageType.Docker;

    public AccountService Accounts => Services.GetRequiredService<AccountService>();

    public RepositoryService Repositories => Services.GetRequiredService<RepositoryService>();

    public PackageService Packages => Services.GetRequiredService<PackageService>();

    public PackagePublisher Publisher => Services.GetRequiredService<PackagePublisher>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public IContainerStore Store => Services.GetRequiredService<IContainerStore>();

    public IPackageStore PackageStore => Services.GetRequiredService<IPackageStore>();

    public IRegistryStateStore State => Services.GetRequiredService<IRegistryStateStore>();

    public ContainerAccessCache AccessCache => Services.GetRequiredService<ContainerAccessCache>();

    public IUploadArea Uploads => Services.GetRequiredService<IUploadArea>();

    public ContainerOptions Options => Services.GetRequiredService<IOptions<ContainerOptions>>().Value;

    public TimeProvider Clock => Services.GetRequiredService<TimeProvider>();

    public ServerInstance Instance => Services.GetRequiredService<ServerInstance>();

    public WharfUrls Urls => Services.GetRequiredService<WharfUrls>();

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>The largest blob this registry takes.</summary>
    public long MaxLayerBytes => IsDocker ? Options.MaxDockerLayerBytes : Options.MaxLayerBytes;

    /// <summary>
    /// The request on the legacy Docker registry's host or listener is about <c>docker</c> packages; anything else
    /// about <c>container</c> packages.
    /// </summary>
    public static ContainerRequest For(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ContainerOptions>>().Value;
        var host = context.Request.Host.Host;
        var docker = options.DockerPort is { } port && context.Connection.LocalPort == port ||
            (options.DockerHost is { Length: > 0 } dockerHost
                ? string.Equals(host, dockerHost, StringComparison.OrdinalIgnoreCase)
                : host.StartsWith("docker.", StringComparison.OrdinalIgnoreCase));
        return new ContainerRequest(context) { Type = docker ? PackageType.Docker : PackageType.Container };
    }

    /// <summary>Docker packages live in a repository: <c>OWNER/REPOSITORY/IMAGE</c>; null when it does not exist.</summary>
    public async Task<Repository?> DockerRepositoryAsync(Account owner, ImageName name)
    {
        var slash = name.Image.IndexOf('/', StringComparison.Ordinal);
        return IsDocker && slash > 0 ? await Repositories.FindAsync(owner, name.Image[..slash], Aborted) : null;
    }

    /// <summary>The Bearer challenge of Distribution token authentication, naming the scope the request needs.</summary>
    public OciError Challenge(ImageName? name, bool push) => OciError.Unauthorized(ChallengeHeader(name, push));

    public string ChallengeHeader(ImageName? name, bool push)
    {
        var header = $"Bearer realm=\"{Urls.Base}/v2/token\",service=\"{Urls.Host}\"";
        return name is null ? header : header + $",scope=\"repository:{name.Full}:{(push ? "pull,push" : "pull")}\"";
    }

    /// <summary>What a caller who may not see an image is told: the same for private and missing images.</summary>
    public OciError Hidden(ImageName name, bool push) =>
        Principal.IsAuthenticated ? OciError.NameUnknown() : Challenge(name, push);
}
