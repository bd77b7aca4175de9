using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Sonae.Data.Cluster;

/// <summary>
/// The statements behind <see cref="ThrottleRow"/> and <see cref="KeptValueRow"/>: each hit one upsert, each read one
/// select, in one round trip. The SQL is the same on SQLite and PostgreSQL (both have <c>ON CONFLICT … DO UPDATE</c>
/// and <c>RETURNING</c>).
/// </summary>
/// <remarks>
/// On SQLite these run on a connection of their own, with <c>synchronous=NORMAL</c>: a count or a kept form need
/// not survive a power cut, so a hit costs no flush to disk (the record's writes keep <c>FULL</c> on theirs), and a
/// writer still takes this process's writer turn (<see cref="SonaeDbContext.EnterWriterAsync"/>) rather than meet
/// the record writer's transaction in SQLite's busy lock. On PostgreSQL they take a pooled connection of their own,
/// never the context's: a page's components may read a kept value while another query of the same request's context
/// is under way.
/// </remarks>
public static class SharedStateCommands
{
    private const string Hit = """
        INSERT INTO "Throttles" ("Key", "WindowStart", "Count") VALUES (@key, @now, 1)
        ON CONFLICT ("Key") DO UPDATE SET
            "Count" = CASE WHEN "Throttles"."WindowStart" <= @ended THEN 1 ELSE "Throttles"."Count" + 1 END,
            "WindowStart" = CASE WHEN "Throttles"."WindowStart" <= @ended THEN @now ELSE "Throttles"."WindowStart" END
        RETURNING "WindowStart", "Count"
        """;

    private const string Read = """
        SELECT "WindowStart", "Count" FROM "Throttles" WHERE "Key" = @key AND "WindowStart" > @ended
        """;

    private const string Keep = """
        INSERT INTO "KeptValues" ("Key", "Json", "ExpiresAt") VALUES (@key, @json, @expires)
        ON CONFLICT ("Key") DO UPDATE SET "Json" = excluded."Json", "ExpiresAt" = excluded."ExpiresAt"
        """;

    private const string Kept = """
        SELECT "Json" FROM "KeptValues" WHERE "Key" = @key AND "ExpiresAt" > @now
        """;

    private const string Prune = """
        DELETE FROM "Throttles" WHERE "WindowStart" <= @ended;
        DELETE FROM "KeptValues" WHERE "ExpiresAt" <= @now
        """;

    /// <summary>Counts one hit under a key; a window that began <paramref name="windowMilliseconds"/> or more ago starts again now.</summary>
    /// <returns>When the window the hit counted in began (Unix milliseconds), and the hits in it, this one included.</returns>
    public static async Task<(long WindowStart, int Count)> HitAsync(SonaeDbContext db, string key, long now, long windowMilliseconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await Run(db, true, Hit, [("key", key), ("now", now), ("ended", now - windowMilliseconds)], async reader =>
            await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt32(1)) : default, cancellationToken);
    }

    /// <summary>The hits under a key in its window, if that window has not ended; null when there is none.</summary>
    public static async Task<(long WindowStart, int Count)?> CountAsync(SonaeDbContext db, string key, long now, long windowMilliseconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await Run<(long, int)?>(db, false, Read, [("key", key), ("ended", now - windowMilliseconds)], async reader =>
            await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt32(1)) : null, cancellationToken);
    }

    /// <summary>Keeps a value (JSON) under a key until <paramref name="expiresAt"/> (Unix milliseconds).</summary>
    public static Task KeepAsync(SonaeDbContext db, string key, string json, long expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Run(db, true, Keep, [("key", key), ("json", json), ("expires", expiresAt)], _ => Task.FromResult(0), cancellationToken);
    }

    /// <summary>The JSON kept under a key, or null when there is none or it has expired.</summary>
    public static Task<string?> KeptAsync(SonaeDbContext db, string key, long now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Run(db, false, Kept, [("key", key), ("now", now)], async reader =>
            await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null, cancellationToken);
    }

    /// <summary>Deletes counts whose window ended before <paramref name="endedBy"/> and values expired by <paramref name="now"/>.</summary>
    public static Task PruneAsync(SonaeDbContext db, long endedBy, long now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Run(db, true, Prune, [("ended", endedBy), ("now", now)], _ => Task.FromResult(0), cancellationToken);
    }

    /// <summary>
    /// Whether the database takes a write now: a row written into <c>Throttles</c> in a transaction that is rolled
    /// back, so nothing stays (a read-only replica, a full or read-only file, a lost primary fail here).
    /// </summary>
    public static async Task ProbeWriteAsync(SonaeDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await OnSideConnection(db, true, async connection =>
        {
            await Probe(connection, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    private static async Task Probe(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO \"Throttles\" (\"Key\", \"WindowStart\", \"Count\") VALUES ('health:write-probe', 0, 0) ON CONFLICT (\"Key\") DO UPDATE SET \"Count\" = 0";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
    }

    private static Task<T> Run<T>(
        SonaeDbContext db, bool writes, string sql, (string Name, object Value)[] parameters, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken) =>
        OnSideConnection(db, writes, connection =>
            Execute(connection, connection is SqliteConnection ? "PRAGMA synchronous=NORMAL; " + sql : sql, parameters, read, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs <paramref name="use"/> on a connection of its own (see the remarks above): on SQLite one of the side pool's,
    /// holding this process's writer turn when it <paramref name="writes"/>; on PostgreSQL one of the pool's.
    /// </summary>
    private static async Task<T> OnSideConnection<T>(SonaeDbContext db, bool writes, Func<DbConnection, Task<T>> use, CancellationToken cancellationToken)
    {
        if (db is SqliteSonaeDbContext)
        {
            using var turn = writes ? await db.EnterWriterAsync(cancellationToken) : null;
            await using var connection = new SqliteConnection(SideConnectionString(db.Database.GetConnectionString()!));
            await connection.OpenAsync(cancellationToken);
            return await use(connection);
        }
        await using var pooled = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
        await pooled.OpenAsync(cancellationToken);
        return await use(pooled);
    }

    private static async Task<T> Execute<T>(DbConnection connection, string sql, (string Name, object Value)[] parameters, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await read(reader);
    }

    /// <summary>
    /// The SQLite file's connection string with a busy timeout of its own (5 s): also a pool of its own, so that the
    /// <c>synchronous=NORMAL</c> these connections carry never reaches a connection the record writes on.
    /// </summary>
    private static string SideConnectionString(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 5 }.ToString();
}
