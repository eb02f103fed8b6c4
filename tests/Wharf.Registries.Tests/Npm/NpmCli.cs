using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Testing.Server;

namespace Wharf.Registries.Tests.Npm;

/// <summary>
/// The machine's real npm CLI against the test server, as a user runs it: a temporary HOME with an .npmrc
/// (<c>@OWNER:registry=…</c> and <c>//HOST/_registry/npm/:_authToken=…</c>), a temporary cache, no inherited npm
/// settings, no audit or funding calls, and <c>--prefer-online</c> so every answer comes from the server.
/// </summary>
public sealed class NpmCli : IDisposable
{
    private static readonly string? Executable = Find();

    private NpmCli(Uri serverAddress, string root)
    {
        RegistryUrl = new Uri(serverAddress, "_registry/npm/").ToString();
        Root = root;
        Home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        Cache = Path.Combine(root, "cache");
    }

    public string RegistryUrl { get; }

    public string Root { get; }

    public string Home { get; }

    public string Cache { get; }

    public static void Require() => TestEnvironment.Require(Executable is not null, "npm (node.js)");

    /// <summary>A fresh HOME for <paramref name="server"/>, with a token (or none) and the scopes routed to Wharf.</summary>
    public static NpmCli Create(WharfTestServer server, string? token, params string[] scopes) => Create(server.BaseAddress, token, scopes);

    /// <summary>A fresh HOME for the server at <paramref name="serverAddress"/>, as a user who knows it by that name.</summary>
    public static NpmCli Create(Uri serverAddress, string? token, params string[] scopes)
    {
        Require();
        var cli = new NpmCli(serverAddress, Directory.CreateTempSubdirectory("wharf-npm-").FullName);
        cli.Configure(token, scopes);
        return cli;
    }

    /// <summary>Writes the user's .npmrc. Unscoped names also go to Wharf, so nothing ever reaches out to the internet.</summary>
    public void Configure(string? token, params string[] scopes)
    {
        var npmrc = new StringBuilder();
        foreach (var scope in scopes)
        {
            npmrc.Append('@').Append(scope.ToLowerInvariant()).Append(":registry=").AppendLine(RegistryUrl);
        }

        npmrc.Append("registry=").AppendLine(RegistryUrl);
        if (token is not null)
        {
            npmrc.Append("//").Append(RegistryUrl["http://".Length..]).Append(":_authToken=").AppendLine(token);
        }

        File.WriteAllText(Path.Combine(Home, ".npmrc"), npmrc.ToString());
    }

    /// <summary>A package folder with package.json, index.js and README.md.</summary>
    public string CreatePackage(
        string name, string version, string? repository, IReadOnlyDictionary<string, string>? dependencies = null, string? description = null)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, "packages", name.Replace('/', '_'), version)).FullName;
        var manifest = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["description"] = description ?? $"The {name} package",
            ["license"] = "MIT",
            ["main"] = "index.js",
        };
        if (repository is not null)
        {
            manifest["repository"] = repository;
        }

        if (dependencies is not null)
        {
            manifest["dependencies"] = new JsonObject(dependencies.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value)));
        }

        File.WriteAllText(Path.Combine(directory, "package.json"), manifest.ToJsonString());
        File.WriteAllText(Path.Combine(directory, "index.js"), $"module.exports = {JsonSerializer.Serialize(name + "@" + version)};\n");
        File.WriteAllText(Path.Combine(directory, "README.md"), $"# {name}\n\nVersion {version} of the readme.\n");
        return directory;
    }

    /// <summary>An empty private project to install into.</summary>
    public string CreateProject(string name = "app")
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, "projects", name + "-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        File.WriteAllText(Path.Combine(directory, "package.json"), $$"""{"name":"{{name}}","version":"1.0.0","private":true}""");
        return directory;
    }

    /// <summary>The version of an installed package, read from node_modules.</summary>
    public static string? InstalledVersion(string project, string package)
    {
        var path = Path.Combine([project, "node_modules", .. package.Split('/'), "package.json"]);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?["version"]?.GetValue<string>() : null;
    }

    public Task<NpmResult> RunAsync(string workingDirectory, params string[] arguments) => RunAsync(workingDirectory, null, arguments);

    /// <summary>Runs npm and fails the test with its output unless it succeeded.</summary>
    public async Task<NpmResult> SucceedAsync(string workingDirectory, params string[] arguments)
    {
        var result = await RunAsync(workingDirectory, arguments);
        return result.ExitCode == 0 ? result : throw new Xunit.Sdk.XunitException(result.ToString());
    }

    /// <summary>Runs npm and fails the test unless it failed.</summary>
    public async Task<NpmResult> FailAsync(string workingDirectory, params string[] arguments)
    {
        var result = await RunAsync(workingDirectory, arguments);
        return result.ExitCode != 0 ? result : throw new Xunit.Sdk.XunitException("Expected a failure. " + result);
    }

    /// <summary>
    /// <c>npm login --auth-type=legacy</c>, answering its prompts (user name, then the token as password) as a person
    /// would: npm reads each answer only after printing its prompt.
    /// </summary>
    public Task<NpmResult> LoginAsync(string scope, string user, string password) =>
        RunAsync(Root, [("Username:", user), ("Password:", password)], "login", "--scope=@" + scope, "--auth-type=legacy", "--registry=" + RegistryUrl);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // npm may still hold a cache file for a moment; the temp folder is cleaned by the OS later.
        }
    }

    private async Task<NpmResult> RunAsync(string workingDirectory, (string Prompt, string Answer)[]? answers, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable!)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the machine's or the runner's npm configuration may change what the test sees.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("npm_", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = Home;
        start.Environment["npm_config_userconfig"] = Path.Combine(Home, ".npmrc");
        start.Environment["npm_config_globalconfig"] = Path.Combine(Home, "global-npmrc");
        start.Environment["npm_config_cache"] = Cache;
        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_audit"] = "false";
        start.Environment["npm_config_fund"] = "false";
        start.Environment["npm_config_prefer_online"] = "true";
        start.Environment["npm_config_fetch_retries"] = "0";
        start.Environment["npm_config_color"] = "false";
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = new StringBuilder();
        var pending = new Queue<(string Prompt, string Answer)>(answers ?? []);
        if (pending.Count == 0)
        {
            process.StandardInput.Close();
        }

        var buffer = new char[4096];
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer.AsMemory(), timeout.Token)) > 0)
        {
            stdout.Append(buffer, 0, read);
            while (pending.Count > 0 && stdout.ToString().Contains(pending.Peek().Prompt, StringComparison.Ordinal))
            {
                var (_, answer) = pending.Dequeue();
                await process.StandardInput.WriteLineAsync(answer);
                await process.StandardInput.FlushAsync();
                if (pending.Count == 0)
                {
                    process.StandardInput.Close();
                }
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        return new NpmResult(string.Join(' ', arguments), process.ExitCode, stdout.ToString(), await stderr);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "npm")).FirstOrDefault(File.Exists);
}
