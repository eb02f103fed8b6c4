using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Wharf.Testing.Processes;
using Wharf.Testing.Server;
using Xunit;

namespace Wharf.Api.Tests.GhCli;

/// <summary>
/// One server on SQLite shared by the tests of a class, listening on HTTPS (127.0.0.1, a free port) with a throwaway
/// certificate (<see cref="SelfSignedCertificate"/>), because gh calls a GitHub Enterprise host only over HTTPS.
/// </summary>
public sealed class HttpsPackagesServer : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private X509Certificate2? _certificate;
    private WharfTestServer? _server;

    public WharfTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The certificate as PEM, for clients that trust it from a file (gh through <c>SSL_CERT_FILE</c>).</summary>
    public string CertificatePath { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var (certificatePath, keyPath) = SelfSignedCertificate.Write(_folder.Path);
        CertificatePath = certificatePath;
        _certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // What an operator sets to serve TLS itself: an https:// address and Kestrel's default certificate.
        _server = await WharfTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Urls"] = "https://127.0.0.1:0",
            ["Kestrel:Certificates:Default:Path"] = certificatePath,
            ["Kestrel:Certificates:Default:KeyPath"] = keyPath,
        });

        // No ExternalUrl: the links the server writes (url fields, Link pages) start from the address it bound.
        if (_server.BaseAddress.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"The server listens on {_server.BaseAddress}, not on HTTPS.");
        }
    }

    /// <summary>An HTTP client on the server that trusts its certificate and no other, sending <c>Authorization: token T</c>.</summary>
    public HttpClient CreateClient(string token)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.RawDataMemory.Span.SequenceEqual(_certificate!.RawDataMemory.Span),
        };
        var client = new HttpClient(handler) { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
        client.DefaultRequestHeaders.UserAgent.ParseAdd("wharf-tests/1.0");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _certificate?.Dispose();
        _folder.Dispose();
    }
}
