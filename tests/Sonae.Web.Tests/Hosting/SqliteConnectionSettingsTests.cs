using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Data;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// Every use of a SQLite connection has Sonae's settings — FULL synchronous (a committed event survives a power cut)
/// and foreign keys on — also when the pool hands the same connection on, where they are set once, not on every use.
/// </summary>
public sealed class SqliteConnectionSettingsTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task EveryUseOfAPooledConnection_HasFullSynchronousAndForeignKeys()
    {
        _ = factory.Server;
        for (var use = 0; use < 5; use++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.Equal(2L, await Pragma(db, "synchronous"));
                Assert.Equal(1L, await Pragma(db, "foreign_keys"));
                // The foreign keys are enforced, not just reported: a membership of an account that does not exist.
                var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"Memberships\" (\"AccountId\", \"OrganizationId\", \"Roles\", \"AddedAt\", \"AddedBy\") VALUES ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', 'staff', '2026-12-06T00:00:00.0000000Z', 'test')"));
                Assert.Equal(19, refused.SqliteErrorCode);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<long> Pragma(SonaeDbContext db, string name)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command)
        {
            command.CommandText = $"PRAGMA {name};";
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }
}
