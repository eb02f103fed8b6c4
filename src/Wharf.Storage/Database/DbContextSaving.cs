using Microsoft.EntityFrameworkCore;

namespace Wharf.Storage.Database;

internal static class DbContextSaving
{
    /// <summary>Saves; on a unique-index violation forgets the pending changes and answers false.</summary>
    public static async Task<bool> TrySaveAsync(this WharfDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
