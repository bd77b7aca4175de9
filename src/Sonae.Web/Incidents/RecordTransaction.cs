using Microsoft.EntityFrameworkCore;
using Sonae.Data;

namespace Sonae.Web.Incidents;

/// <summary>
/// Runs one attempt to append to an incident's record (load, decide, append, save) in a transaction, and runs it
/// again when another writer got there first: the (incident, sequence) key or the projection's sequence token
/// refuses the loser, which then decides again on the new state. The chain never forks.
/// </summary>
internal static class RecordTransaction
{
    public const int Attempts = 5;

    /// <returns>The attempt's outcome, or null when every attempt lost a race.</returns>
    public static async Task<T?> Run<T>(SonaeDbContext db, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
        where T : class
    {
        for (var i = 0; i < Attempts; i++)
        {
            try
            {
                // SQLite starts this as BEGIN IMMEDIATE: writers queue for the lock instead of failing halfway.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var outcome = await attempt(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return outcome;
            }
            catch (DbUpdateConcurrencyException)
            {
            }
            catch (DbUpdateException e) when (StorageRegistration.IsUniqueViolation(e))
            {
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * (i + 1))), cancellationToken);
        }
        return null;
    }
}
