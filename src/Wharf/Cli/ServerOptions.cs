using System.CommandLine;

namespace Wharf.Cli;

/// <summary>Flags every command shares to find the server's data: they override configuration and WHARF_* variables.</summary>
internal sealed class ServerOptions
{
    public Option<string?> Data { get; } = new("--data") { Description = "Data folder (SQLite database and blobs); default ./wharf-data" };

    public Option<string?> DatabaseProvider { get; } = new("--database-provider") { Description = "sqlite (default) or postgres" };

    public Option<string?> ConnectionString { get; } = new("--database") { Description = "Database connection string (required for postgres)" };

    public Option<string?> Config { get; } = new("--config") { Description = "Path of an extra JSON settings file" };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(DatabaseProvider);
        command.Options.Add(ConnectionString);
        command.Options.Add(Config);
    }

    /// <summary>The flags as configuration entries, applied after every other source.</summary>
    public Action<IConfigurationBuilder> Overrides(ParseResult parse, IDictionary<string, string?>? extra = null) => builder =>
    {
        if (parse.GetValue(Config) is { } file)
        {
            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }

        var values = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>());
        Set(values, "DataDirectory", parse.GetValue(Data));
        Set(values, "Database:Provider", parse.GetValue(DatabaseProvider));
        Set(values, "Database:ConnectionString", parse.GetValue(ConnectionString));
        builder.AddInMemoryCollection(values);
    };

    private static void Set(Dictionary<string, string?> values, string key, string? value)
    {
        if (value is not null)
        {
            values[key] = value;
        }
    }
}
