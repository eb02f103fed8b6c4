using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;
using Wharf.Api;
using Wharf.Core;
using Wharf.Core.Access;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;
using Wharf.Core.Urls;
using Wharf.Registries.Containers;
using Wharf.Registries.Npm;
using Wharf.Storage;
using Wharf.Storage.Database;

namespace Wharf.Hosting;

/// <summary>Composes the server: configuration, stores, core, surfaces, and the request pipeline.</summary>
public static class WharfServer
{
    /// <summary>Builds the application. <paramref name="configure"/> lets tests and the CLI add configuration last.</summary>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddEnvironmentVariables("WHARF_");
        configure?.Invoke(builder.Configuration);

        var settings = Settings(builder.Configuration);
        builder.WebHost.UseUrls(settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

        // The slim builder leaves out HTTPS endpoints from configuration (Kestrel:Certificates, Kestrel:Endpoints);
        // docker and gh want TLS, so an https:// URL with a certificate in configuration must just work.
        builder.WebHost.UseKestrelHttpsConfiguration();

        // SQL statements and per-request lines drown what an operator needs; configuration can turn them back on.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        // A unique-index violation is how the database decides duplicates; the stores turn it into an answer, so
        // EF's error log of the failed save is noise. Other failures surface as exceptions and are logged there.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Update", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        builder.Services.AddSingleton(settings);
        builder.Services.Configure<AccessOptions>(builder.Configuration.GetSection(AccessOptions.Section));
        builder.Services.Configure<PackageOptions>(builder.Configuration.GetSection(PackageOptions.Section));
        builder.Services.AddWharfCore();
        builder.Services.AddWharfDatabase(settings);
        builder.Services.AddWharfStores(settings.DataDirectory);
        builder.Services.AddGitHubApi(builder.Configuration);
        builder.Services.AddNpmRegistry(builder.Configuration).AddScoped<IRegistryStateStore, RegistryStateStore>();
        builder.Services.AddContainerStorage(settings.DataDirectory).AddContainerRegistry(builder.Configuration);
        builder.Services.AddSingleton(sp => new WharfUrls(settings.ExternalUrl ?? ListeningAddress(sp), settings.SubdomainIsolation));
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteServerErrorAsync });
        app.UseMiddleware<BrokenBody>();
        if (settings.SubdomainIsolation)
        {
            app.UseMiddleware<SubdomainRouting>();
        }

        // Explicit, so that routes are matched on the path after the subdomain forms are mapped onto it.
        app.UseRouting();
        app.UseMiddleware<CredentialsMiddleware>();
        app.UseContainerRegistry();
        app.UseGitHubApi();
        app.MapGitHubApi();
        app.MapNpmRegistry();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (WharfDbContext db, CancellationToken cancellationToken) =>
            await db.Database.CanConnectAsync(cancellationToken) ? Results.Text("ready") : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>Migrates, starts listening, and prints the first-start message and the client pointers.</summary>
    public static async Task StartAsync(WebApplication app, TextWriter output, CancellationToken cancellationToken)
    {
        await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
        await app.StartAsync(cancellationToken);
        await FirstStart.RunAsync(app.Services, app.Services.GetRequiredService<WharfSettings>(), output, cancellationToken);
    }

    public static WharfSettings Settings(IConfiguration configuration)
    {
        var settings = new WharfSettings();
        configuration.Bind(settings);
        return settings;
    }

    /// <summary>The first address Kestrel bound, with 127.0.0.1 for wildcard hosts, for links when no external URL is set.</summary>
    private static string ListeningAddress(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? WharfSettings.DefaultUrl;
        return first.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal);
    }

    /// <summary>No stack trace reaches a client: a request id to quote, and the details in the log.</summary>
    private static async Task WriteServerErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var requestId = context.TraceIdentifier;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Wharf");
        if (error is not null)
        {
            LogMessages.UnhandledError(logger, error, context.Request.Method, context.Request.Path, requestId);
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (context.Request.Path.StartsWithSegments(GitHubApi.BasePath))
        {
            await GitHubError.WriteAsync(context, StatusCodes.Status500InternalServerError, $"Server Error (request {requestId})");
        }
        else
        {
            await context.Response.WriteAsync($"Internal server error (request {requestId})\n");
        }
    }
}
