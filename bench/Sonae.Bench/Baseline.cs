using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sonae.Bench;

/// <summary>
/// The baseline of the load benchmark: one HTTP endpoint that does one raw durable insert per request, with the same
/// body, on the same kind of database as Sonae: a SQLite file (WAL, synchronous=FULL), or with <c>--postgres</c> a
/// PostgreSQL database through Npgsql (each insert its own committed transaction). What Sonae does beyond this
/// (authentication, the rules, the hash chain, the projection, the audit entry) is what the ratio measures.
/// </summary>
public static class Baseline
{
    public static async Task<int> Serve(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        if (Option(args, "--postgres") is { } postgres)
            return await ServePostgres(builder, postgres);
        var db = Option(args, "--db") ?? "baseline.db";
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(db), Pooling = true }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL);";
            await command.ExecuteNonQueryAsync();
        }

        // Writers queue in memory, as in Sonae, rather than meeting SQLite's busy lock (which the driver answers
        // by sleeping): the baseline is a raw insert done well.
        var writer = new SemaphoreSlim(1, 1);
        var app = builder.Build();
        app.MapPost("/insert", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            await writer.WaitAsync();
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync();
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous=FULL;";
                await pragma.ExecuteNonQueryAsync();
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO rows (body) VALUES ($body)";
                insert.Parameters.AddWithValue("$body", body);
                await insert.ExecuteNonQueryAsync();
            }
            finally
            {
                writer.Release();
            }
            return Results.Ok();
        });
        app.MapGet("/health", () => Results.Ok());
        await app.RunAsync();
        return 0;
    }

    /// <summary>PostgreSQL: one pooled connection and one INSERT per request, committed on its own (no queue: the server takes writers side by side).</summary>
    private static async Task<int> ServePostgres(WebApplicationBuilder builder, string connectionString)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using (var setup = data.CreateCommand("CREATE TABLE IF NOT EXISTS rows (id bigserial PRIMARY KEY, body text NOT NULL)"))
            await setup.ExecuteNonQueryAsync();
        var app = builder.Build();
        app.MapPost("/insert", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            await using var insert = data.CreateCommand("INSERT INTO rows (body) VALUES ($1)");
            insert.Parameters.Add(new NpgsqlParameter { Value = body });
            await insert.ExecuteNonQueryAsync();
            return Results.Ok();
        });
        app.MapGet("/health", () => Results.Ok());
        await app.RunAsync();
        return 0;
    }

    internal static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
