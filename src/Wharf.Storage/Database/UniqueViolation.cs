using Microsoft.EntityFrameworkCore;

namespace Wharf.Storage.Database;

internal static class UniqueViolation
{
    /// <summary>
    /// <see cref="WharfDbContext.IsUniqueViolation"/> for any statement: <c>SaveChanges</c> wraps the provider's error
    /// in a <see cref="DbUpdateException"/>, <c>ExecuteUpdate</c> throws it as it is.
    /// </summary>
    public static bool ViolatesUniqueIndex(this WharfDbContext db, Exception exception) =>
        exception is DbUpdateException update ? db.IsUniqueViolation(update) : db.IsUniqueViolation(new DbUpdateException(exception.Message, exception));
}
