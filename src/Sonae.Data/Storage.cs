using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Sonae.Data;

public enum StorageProvider
{
    /// <summary>One file on one machine: the default, and the laptop on the worst day.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for a hospital group or a vendor hosting many hospitals.</summary>
    Postgres,
}

/// <summary>Where Sonae keeps its data (configuration section <c>Sonae:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Sonae:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file; a relative path is taken from the directory Sonae is started in.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "sonae.db");

    /// <summary>The PostgreSQL connection string (usually given as <c>ConnectionStrings:Sonae</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// A PostgreSQL streaming replica (<c>ConnectionStrings:SonaeReplica</c>) that pages and lists which may be a
    /// moment stale read from (<see cref="ReadDatabase"/>); null reads everything from the primary.
    /// </summary>
    public string? ReplicaConnectionString { get; set; }

    public string SqliteFullPath => Path.GetFullPath(SqlitePath);

    /// <summary>
    /// The folder Sonae keeps its files in: the SQLite file's; on PostgreSQL, <c>data</c> under the folder Sonae is
    /// started in. The evidence locker is its <c>evidence</c> folder unless <c>Sonae:Evidence:Path</c> says otherwise.
    /// </summary>
    public string DataFolder => Provider == StorageProvider.Sqlite ? Path.GetDirectoryName(SqliteFullPath)! : Path.GetFullPath("data");

    /// <summary>
    /// Whether several Sonae servers may share this database, so that background work needs a lease and live changes
    /// must reach the other servers: only on PostgreSQL; a SQLite file belongs to one process.
    /// </summary>
    public bool SeveralServers => Provider == StorageProvider.Postgres;

    /// <summary>
    /// Free space under which <c>/health</c> reports the data folder as degraded, in megabytes (100 by default): time
    /// to make room before writes start to fail.
    /// </summary>
    public long MinFreeMegabytes { get; set; } = 100;
}

/// <summary>
/// Where reads that may be a moment stale go: the PostgreSQL replica when <c>ConnectionStrings:SonaeReplica</c> is set,
/// else the request's own context. Only lists and overviews read here (the open-incident pickers, the audit search);
/// commands, and every page that must show what its viewer just did (an incident's workspace, an API read after a
/// write), read the primary through <see cref="SonaeDbContext"/>. The context keeps the request's
/// <see cref="OrganizationScope"/>, so its filters hold as on the primary; it tracks nothing and must not be saved.
/// A replica that cannot be reached never takes a page down: <see cref="Read{T}"/> then asks the primary
/// (readiness reports the replica as degraded).
/// </summary>
public sealed class ReadDatabase(SonaeDbContext primary, SonaeDbContext? replica) : IAsyncDisposable
{
    /// <summary>Runs a read on the replica, or on the primary when there is none or the replica does not answer.</summary>
    public async Task<T> Read<T>(Func<SonaeDbContext, Task<T>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (replica is null)
            return await query(primary);
        try
        {
            return await query(replica);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return await query(primary);
        }
    }

    /// <summary>Disposes the replica's context, which this owns (the primary's is the request's).</summary>
    public ValueTask DisposeAsync() => replica?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>What a failed write says about the storage under it.</summary>
public static class StorageFailures
{
    /// <summary>
    /// Whether the write failed because a disk is full: SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100), or the
    /// operating system's "no space left on device" (a file of the evidence locker), anywhere in the chain of causes.
    /// </summary>
    public static bool IsFull(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 13 }:
                case PostgresException { SqlState: PostgresErrorCodes.DiskFull }:
                // ENOSPC (28) as .NET reports it on Linux; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
                case IOException { HResult: 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027) }:
                    return true;
            }
        }
        return false;
    }
}

public static class StorageRegistration
{
    /// <summary>Registers <see cref="SonaeDbContext"/> for the configured provider.</summary>
    public static IServiceCollection AddSonaeDatabase(this IServiceCollection services, StorageOptions storage)
    {
        // The model reads Identity's schema version from the application's options: every host of the database
        // (the web application, the CLI) builds the same model, the one the migrations were made from.
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(options => options.Stores.SchemaVersion = IdentitySchema.Version);
        services.AddScoped<OrganizationScope>();
        // The options are built once (they never change while the process runs): a scope's context, one per request
        // and one per batch of the record writer, then costs its construction alone.
        switch (storage.Provider)
        {
            case StorageProvider.Sqlite:
                services.AddDbContext<SonaeDbContext, SqliteSonaeDbContext>(options => Quiet(UseSqlite(options, storage)), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                break;
            case StorageProvider.Postgres:
                services.AddDbContext<SonaeDbContext, PostgresSonaeDbContext>(options => Quiet(options
                    .UseNpgsql(PostgresConnectionString(storage), npgsql => npgsql.MigrationsHistoryTable("__MigrationsHistory"))), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                break;
        }
        if (storage.Provider == StorageProvider.Postgres && !string.IsNullOrWhiteSpace(storage.ReplicaConnectionString))
        {
            var replica = (DbContextOptions<PostgresSonaeDbContext>)Quiet(new DbContextOptionsBuilder<PostgresSonaeDbContext>()
                .UseNpgsql(PostgresConnectionString(storage.ReplicaConnectionString))
                .UseApplicationServiceProvider(IdentitySchema.Services)
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)).Options;
            services.AddScoped(provider => new ReadDatabase(provider.GetRequiredService<SonaeDbContext>(), new PostgresSonaeDbContext(replica, provider.GetRequiredService<OrganizationScope>())));
        }
        else
        {
            services.AddScoped(provider => new ReadDatabase(provider.GetRequiredService<SonaeDbContext>(), replica: null));
        }
        return services;
    }

    /// <summary>
    /// EF Core logs every failed command and save as an error with its stack trace, before Sonae's code has said what
    /// the failure means: a lost race it retries, a full disk it reports once a minute, the migrations table it looks
    /// for on an empty database. Those go to debug; whatever Sonae does not handle is still logged where it surfaces.
    /// </summary>
    private static DbContextOptionsBuilder Quiet(DbContextOptionsBuilder options) => options.ConfigureWarnings(warnings => warnings.Log(
        (RelationalEventId.CommandError, LogLevel.Debug),
        (CoreEventId.SaveChangesFailed, LogLevel.Debug),
        (CoreEventId.QueryIterationFailed, LogLevel.Debug),
        (RelationalEventId.TransactionError, LogLevel.Debug))
        // Migrate compares the model with the last migration's snapshot before it runs, to warn of a migration nobody
        // added: on a built Sonae both are fixed, so every start paid for a check that can only fail in development.
        // Migrations_CoverTheModel (tests, on both providers) makes it in CI, where a missing migration is caught.
        .Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>How every Sonae process opens its SQLite file (the server, the CLI, the benchmark seeder).</summary>
    public static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder options, StorageOptions storage) => options
        .UseSqlite(SqliteConnectionString(storage), sqlite => sqlite.MigrationsHistoryTable("__MigrationsHistory"))
        .AddInterceptors(SqlitePragmas.Instance);

    /// <summary>
    /// The PostgreSQL connection string as given, with the statements Sonae repeats prepared by the server once per
    /// connection (<c>Max Auto Prepare</c>, 64 unless the string sets it): the record writer's reads and writes are
    /// the same few statements thousands of times, and a prepared one is not parsed and planned again each time.
    /// </summary>
    public static string? PostgresConnectionString(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return PostgresConnectionString(storage.ConnectionString);
    }

    /// <summary>The same for a connection string of its own (the replica's).</summary>
    public static string? PostgresConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return connectionString;
        // Npgsql's own builder knows every keyword it could hold; the plain one holds what the string says.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    public static string SqliteConnectionString(StorageOptions storage) => new SqliteConnectionStringBuilder
    {
        DataSource = storage.SqliteFullPath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = SqliteBusySeconds,
    }.ToString();

    /// <summary>How long a SQLite statement waits for a database another writer holds before it fails.</summary>
    public const int SqliteBusySeconds = 30;

    /// <summary>
    /// Creates the database if needed and applies every migration of the configured provider. For SQLite, also
    /// creates the data folder and switches the file to write-ahead logging (kept in the file once set).
    /// </summary>
    public static async Task MigrateAsync(SonaeDbContext db, StorageOptions storage, CancellationToken cancellationToken)
    {
        if (storage.Provider == StorageProvider.Sqlite)
        {
            SqliteFiles.MakePrivate(storage.SqliteFullPath);
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (storage.Provider == StorageProvider.Sqlite)
            SqliteFiles.MakePrivate(storage.SqliteFullPath);
    }

    /// <summary>Whether a failed save lost a race for a unique key (an event number, an incident number).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        // Only a lost race on a key: SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY, not a foreign key, NOT NULL or trigger.
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

/// <summary>
/// The SQLite file holds everything, the keys that sign sessions included: it, its -wal and -shm files and the folder
/// Sonae makes for them are for the service's user alone (0600, 0700), whatever the umask. SQLite gives the -wal and
/// -shm files the database file's mode, so the file is made before SQLite first opens it.
/// </summary>
public static class SqliteFiles
{
    /// <summary>
    /// Makes the folder (0700) and an empty database file (0600) when missing, and sets 0600 on the database and its
    /// -wal and -shm files when they exist (a database made by an older Sonae). A folder that already existed is left
    /// as it is: it may be the administrator's (docs/operations.md).
    /// </summary>
    public static void MakePrivate(string databasePath)
    {
        var folder = Path.GetDirectoryName(databasePath)!;
        if (!Directory.Exists(folder))
        {
            // Only the folder Sonae makes for the file: parents made on the way keep the umask's mode.
            Directory.CreateDirectory(folder);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(folder, PrivateFiles.FolderMode);
        }
        if (OperatingSystem.IsWindows())
            return;
        try
        {
            PrivateFiles.CreateFile(databasePath);
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // There already (the usual case), or another process made it a moment ago.
        }
        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            if (File.Exists(path))
                File.SetUnixFileMode(path, PrivateFiles.FileMode);
        }
    }
}

/// <summary>
/// Sets the per-connection SQLite settings Sonae relies on, once for each connection SQLite opens: a pooled connection
/// keeps them while it is handed from one use to the next, so a use that finds them set runs no statement.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    // FULL synchronous keeps every committed event through a power cut; foreign keys guard the references.
    private const string Pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;";

    /// <summary>The connections SQLite opened that have their settings (a closed one drops out with its handle).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Set = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsSettings(connection, out var handle))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Set.AddOrUpdate(handle, Set);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsSettings(connection, out var handle))
            return;
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        Set.AddOrUpdate(handle, Set);
    }

    private static bool NeedsSettings(DbConnection connection, out SQLitePCL.sqlite3 handle)
    {
        handle = ((SqliteConnection)connection).Handle!;
        return !Set.TryGetValue(handle, out _);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a running application.</summary>
internal sealed class SqliteDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqliteSonaeDbContext>
{
    public SqliteSonaeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSonaeDbContext>().UseSqlite("Data Source=design-time.db", s => s.MigrationsHistoryTable("__MigrationsHistory"))
            .UseApplicationServiceProvider(IdentitySchema.Services).Options, new OrganizationScope());
}

internal sealed class PostgresDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresSonaeDbContext>
{
    public PostgresSonaeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSonaeDbContext>().UseNpgsql("Host=localhost", n => n.MigrationsHistoryTable("__MigrationsHistory"))
            .UseApplicationServiceProvider(IdentitySchema.Services).Options, new OrganizationScope());
}

/// <summary>
/// The Identity options the model is built from (Identity reads its schema version from the application's options):
/// the web application sets the same with <c>AddIdentityCore</c>.
/// </summary>
public static class IdentitySchema
{
    public static readonly Version Version = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3;

    /// <summary>For a context made without the application (the benchmark seeder, design time): Identity's options with this schema.</summary>
    public static IServiceProvider Services { get; } = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
        .Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(options => options.Stores.SchemaVersion = Version)
        .BuildServiceProvider();
}
