namespace Wharf.Hosting;

/// <summary>
/// The server's own settings, read from the root of configuration (appsettings.json, <c>WHARF_*</c> environment
/// variables such as <c>WHARF_DATABASE__CONNECTIONSTRING</c>, and command-line flags).
/// </summary>
public sealed class WharfSettings
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Where SQLite and the blob files live.</summary>
    public string DataDirectory { get; set; } = "./wharf-data";

    /// <summary>The listening address(es), separated by ';'.</summary>
    public string Urls { get; set; } = DefaultUrl;

    /// <summary>The external base URL; defaults to the first listening address.</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>
    /// Subdomain isolation, as GitHub Enterprise Server has it: <c>npm.HOST/</c> serves the npm registry (and the npm
    /// URLs Wharf writes use it) and <c>api.HOST/</c> the REST API, beside the path forms on the main host.
    /// </summary>
    public bool SubdomainIsolation { get; set; }

    public DatabaseSettings Database { get; set; } = new();

    public BootstrapSettings Bootstrap { get; set; } = new();
}

public sealed class DatabaseSettings
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Defaults to <c>{DataDirectory}/wharf.db</c> for SQLite; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class BootstrapSettings
{
    /// <summary>The login of the site administrator made on first start.</summary>
    public string AdminLogin { get; set; } = "admin";
}
