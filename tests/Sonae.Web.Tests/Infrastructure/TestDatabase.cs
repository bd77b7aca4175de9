using System.Globalization;
using Npgsql;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>
/// A fresh database of its own on the PostgreSQL server the tests use (SONAE_TEST_POSTGRES, which ./test.sh sets when
/// it starts one): made by <see cref="Create"/>, dropped by <see cref="Drop"/> with every pooled connection to it
/// closed first. Shared with the end-to-end tests.
/// </summary>
public sealed class TestDatabase
{
    private readonly string _server;

    /// <param name="prefix">The start of the database's name (<c>sonae_test</c>), followed by a random part.</param>
    /// <param name="needs">Who needs the server, for the message when none is set ("The PostgreSQL tests need a server").</param>
    public TestDatabase(string prefix, string needs)
    {
        Name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Guid.NewGuid().ToString("N")[..16]}");
        _server = Environment.GetEnvironmentVariable("SONAE_TEST_POSTGRES")
            ?? throw new InvalidOperationException($"{needs}: run ./test.sh, which starts one, or set SONAE_TEST_POSTGRES to a connection string (Host=…;Port=…;Username=…).");
    }

    public string Name { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ToString();

    public void Create() => OnServer($"CREATE DATABASE {Name}");

    public void Drop()
    {
        NpgsqlConnection.ClearAllPools();
        OnServer($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private void OnServer(string sql)
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
