namespace Wharf.Testing.Server;

public enum DatabaseKind
{
    Sqlite = 0,
    Postgres = 1,
}
