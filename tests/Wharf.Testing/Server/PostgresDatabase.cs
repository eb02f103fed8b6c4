using Npgsql;

namespace Wharf.Testing.Server;

/// <summary>
/// A throwaway database on the PostgreSQL server named by <c>WHARF_TEST_POSTGRES</c> (an admin connection string),
/// dropped again when the test ends.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "WHARF_TEST_POSTGRES";
    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgresDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ToString();
    }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        TestEnvironment.Require(!string.IsNullOrWhiteSpace(admin), $"PostgreSQL ({Variable})");
        var name = "wharf_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new PostgresDatabase(admin!, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
