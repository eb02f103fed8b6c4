using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Wharf.Storage.Database;

/// <summary>
/// Inserts where a duplicate is an answer, not a failure (a version published twice, a name taken, a link or tag made
/// by a concurrent request): <c>INSERT … ON CONFLICT DO NOTHING</c>, which SQLite and PostgreSQL both speak, and the
/// number of rows it wrote. The unique index still decides, but no statement fails, so nothing is logged as an error
/// and a PostgreSQL transaction stays usable.
/// </summary>
internal static class UniqueInsert
{
    /// <summary>
    /// Inserts the entity's row unless a unique index (filtered ones included) already holds one like it; true when
    /// inserted, and then a database-generated key is set on the entity. The entity is not tracked.
    /// </summary>
    public static async Task<bool> TryInsertAsync<T>(this WharfDbContext db, T entity, CancellationToken cancellationToken)
        where T : class
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var generatedKey = entityType.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] ? key : null;
        if (generatedKey is not null && generatedKey.ClrType != typeof(long))
        {
            throw new NotSupportedException($"{typeof(T).Name}: only 64-bit generated keys are read back.");
        }

        var columns = new List<string>();
        var parameters = new List<DbParameter>();
        using (var factory = db.Database.GetDbConnection().CreateCommand())
        {
            foreach (var property in entityType.GetProperties())
            {
                if (property == generatedKey)
                {
                    continue;
                }

                // The property's own mapping writes the value as SaveChanges would (UTC times, enums as numbers).
                var name = "p" + parameters.Count;
                columns.Add(sql.DelimitIdentifier(property.GetColumnName(table)!));
                parameters.Add(((RelationalTypeMapping)property.GetTypeMapping()).CreateParameter(
                    factory, sql.GenerateParameterName(name), property.GetGetter().GetClrValueUsingContainingEntity(entity), property.IsNullable));
            }
        }

        var insert = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns)}) " +
            $"VALUES ({string.Join(", ", parameters.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i)))}) ON CONFLICT DO NOTHING";
        if (generatedKey is null)
        {
            return await db.Database.ExecuteSqlRawAsync(insert, parameters, cancellationToken) > 0;
        }

        // Identifiers come from the model and values travel as parameters: nothing a client sent is in the text.
        var returning = insert + " RETURNING " + sql.DelimitIdentifier(generatedKey.GetColumnName(table)!) + " AS \"Value\"";
        var ids = await db.Database.SqlQueryRaw<long>(returning, [.. parameters]).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return false;
        }

        generatedKey.PropertyInfo!.SetValue(entity, ids[0]);
        return true;
    }
}
