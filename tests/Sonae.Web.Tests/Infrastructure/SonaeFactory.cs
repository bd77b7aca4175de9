using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Web.Access;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>
/// Sonae on a real database: a fresh SQLite file, or a fresh database on the PostgreSQL server that test.sh starts
/// (its connection string in SONAE_TEST_POSTGRES). One per test class.
/// </summary>
public abstract class SonaeFactory : WebApplicationFactory<Program>
{
    public abstract StorageProvider Provider { get; }

    /// <summary>The settings a process (the CLI) needs to reach the same database.</summary>
    public abstract IReadOnlyList<string> StorageArguments { get; }

    /// <summary>What this server logged (messages and exceptions, at the configured levels).</summary>
    public ServerLogLines Logs { get; } = new();

    /// <summary>The server's clock: the system's, unless a test class needs to move time (then a fake one).</summary>
    public virtual TimeProvider? Clock => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var argument in StorageArguments)
        {
            var (key, value) = Split(argument);
            builder.UseSetting(key, value);
        }
        if (Clock is { } clock)
            builder.ConfigureServices(services => services.AddSingleton(clock));
        builder.ConfigureLogging(logging => logging.AddProvider(new ServerErrorLog($"{GetType().Name} {Provider}")).AddProvider(Logs));
    }

    /// <summary>Creates an organization (as the CLI does) and gives a client for each of its roles.</summary>
    public async Task<Hospital> AddHospital(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<CreateOrganization>().Run(name, demo: false, CancellationToken.None);
        return new Hospital(created.Organization.Id, created.Keys.ToDictionary(k => k.Role, k => Client(k.Key)), created.Keys.ToDictionary(k => k.Role, k => k.Key));
    }

    public HttpClient Client(string? apiKey, string language = "ja")
    {
        var client = CreateClient();
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    /// <summary>A second server on the same database (another machine of a hospital group) whose clock reads <paramref name="clockAt"/>.</summary>
    public SonaeFactory Sibling(DateTimeOffset clockAt) => new SiblingFactory(this, clockAt);

    /// <summary>Runs a query on the database directly, outside any organization.</summary>
    public async Task<T> Database<T>(Func<SonaeDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SonaeDbContext>());
    }

    private static (string Key, string Value) Split(string argument)
    {
        var at = argument.IndexOf('=', StringComparison.Ordinal);
        return (argument[2..at], argument[(at + 1)..]);
    }
}

/// <summary>A server on another factory's database, with a clock of its own; the database stays the first factory's to remove.</summary>
public sealed class SiblingFactory(SonaeFactory first, DateTimeOffset clockAt) : SonaeFactory
{
    public override StorageProvider Provider => first.Provider;

    public override IReadOnlyList<string> StorageArguments => first.StorageArguments;

    public override TimeProvider? Clock { get; } = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(clockAt);
}

/// <param name="Keys">The key of each role, as someone would type it on the sign-in page.</param>
public sealed record Hospital(Guid Id, IReadOnlyDictionary<Role, HttpClient> Clients, IReadOnlyDictionary<Role, string> Keys)
{
    public HttpClient Officer => Clients[Role.SecurityOfficer];
    public HttpClient Management => Clients[Role.Management];
    public HttpClient Staff => Clients[Role.Staff];
    public HttpClient Vendor => Clients[Role.Vendor];
}

public class SqliteFactory : SonaeFactory
{
    private readonly string _directory;
    private readonly bool _ownsDirectory;

    public SqliteFactory()
        : this(Directory.CreateTempSubdirectory("sonae-test-").FullName, ownsDirectory: true)
    {
    }

    protected SqliteFactory(string directory, bool ownsDirectory)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>A server on the database in <paramref name="directory"/>, which outlives it (a restart, as a test sees it).</summary>
    public static SqliteFactory In(string directory) => new(directory, ownsDirectory: false);

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public string DatabasePath => Path.Combine(_directory, "sonae.db");

    public override IReadOnlyList<string> StorageArguments => ["--Sonae:Storage:Provider=Sqlite", $"--Sonae:Storage:SqlitePath={DatabasePath}"];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!disposing || !_ownsDirectory)
            return;
        // The last connection's close can still be removing SQLite's -wal and -shm files while the folder is emptied:
        // try again a few times before calling it a failure.
        for (var attempt = 1; Directory.Exists(_directory); attempt++)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(100);
            }
        }
    }
}

public class PostgresFactory : SonaeFactory
{
    private readonly TestDatabase _database = new("sonae_test", "The PostgreSQL tests need a server");

    public PostgresFactory() => _database.Create();

    public override StorageProvider Provider => StorageProvider.Postgres;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>The evidence locker's folder, of this database alone.</summary>
    public string EvidencePath { get; } = Directory.CreateTempSubdirectory("sonae-evidence-").FullName;

    public override IReadOnlyList<string> StorageArguments =>
        ["--Sonae:Storage:Provider=Postgres", $"--ConnectionStrings:Sonae={ConnectionString}", $"--Sonae:Evidence:Path={EvidencePath}"];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        if (Directory.Exists(EvidencePath))
            Directory.Delete(EvidencePath, recursive: true);
        _database.Drop();
    }
}

/// <summary>A server whose clock the test moves (days pass in a line of code), on SQLite.</summary>
public sealed class ClockedSqliteFactory : SqliteFactory
{
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public override TimeProvider? Clock => Fake;
}

/// <summary>A server whose clock the test moves, on PostgreSQL.</summary>
public sealed class ClockedPostgresFactory : PostgresFactory
{
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public override TimeProvider? Clock => Fake;
}
