using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Data;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>One query of the server that read incidents or their events: its SQL, its parameters and how much it read.</summary>
/// <param name="Reads">The reader's reads: one per row returned, and the last that found no more.</param>
public sealed record RecordRead(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters, int Reads)
{
    /// <summary>It read the events table (the records), not only the incidents' projections.</summary>
    public bool ReadsEvents => Sql.Contains("\"IncidentEvents\"", StringComparison.Ordinal);
}

/// <summary>
/// Every query the server runs on the incidents (<c>Incidents</c>, their projections) and their events
/// (<c>IncidentEvents</c>), with the rows it returned: an EF Core interceptor on the server's own DbContext, so that a
/// test can see how much of the records a page reads.
/// </summary>
public sealed class RecordReads : DbCommandInterceptor
{
    private readonly ConcurrentQueue<RecordRead> _reads = new();

    /// <summary>The reads of the incidents and their events made while <paramref name="pages"/> ran.</summary>
    public async Task<IReadOnlyList<RecordRead>> During(Func<Task> pages)
    {
        _reads.Clear();
        await pages();
        return [.. _reads];
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (command.CommandText.Contains("\"IncidentEvents\"", StringComparison.Ordinal) || command.CommandText.Contains("\"Incidents\"", StringComparison.Ordinal))
            _reads.Enqueue(new RecordRead(command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))], eventData.ReadCount));
        return result;
    }
}

/// <summary>A SQLite server whose reads of the events table are recorded.</summary>
public sealed class RecordReadingSqliteFactory : SqliteFactory
{
    public RecordReads Reads { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureDbContext<SqliteSonaeDbContext>(options => options.AddInterceptors(Reads)));
    }

    /// <summary>How SQLite would run a recorded read: the detail lines of <c>EXPLAIN QUERY PLAN</c>, on the same database.</summary>
    public IReadOnlyList<string> Plan(RecordRead read)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + read.Sql;
        foreach (var (name, value) in read.Parameters)
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        using var plan = explain.ExecuteReader();
        var lines = new List<string>();
        while (plan.Read())
            lines.Add(plan.GetString(3));
        return lines;
    }

    /// <summary>Whether the index named <paramref name="name"/> holds only the rows its <c>WHERE</c> clause keeps.</summary>
    public bool IsPartialIndex(string name)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var index = connection.CreateCommand();
        index.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $name";
        index.Parameters.AddWithValue("$name", name);
        return index.ExecuteScalar() is string sql && sql.Contains(" WHERE ", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A PostgreSQL server whose reads of the events table are recorded.</summary>
public sealed class RecordReadingPostgresFactory : PostgresFactory
{
    public RecordReads Reads { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureDbContext<PostgresSonaeDbContext>(options => options.AddInterceptors(Reads)));
    }
}
