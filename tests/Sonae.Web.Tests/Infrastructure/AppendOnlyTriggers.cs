using Microsoft.EntityFrameworkCore;
using Sonae.Data;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>
/// What someone with the database in hand does around an edit of the record: the append-only triggers dropped first,
/// then put back as the migrations made them, so that the database looks untouched.
/// </summary>
public static class AppendOnlyTriggers
{
    public static Task<int> Drop(SonaeFactory factory, params string[] tables) => Sql(factory, string.Concat(tables.Select(t => factory.Provider == StorageProvider.Sqlite
        ? $"DROP TRIGGER {t}_no_update; DROP TRIGGER {t}_no_delete; "
        : $"DROP TRIGGER \"{t}_append_only\" ON \"{t}\"; DROP TRIGGER \"{t}_no_truncate\" ON \"{t}\"; ")));

    public static Task<int> Create(SonaeFactory factory, params string[] tables) => Sql(factory, string.Concat(tables.Select(t => factory.Provider == StorageProvider.Sqlite
        ? $"CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END; CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END; "
        : $"CREATE TRIGGER \"{t}_append_only\" BEFORE UPDATE OR DELETE ON \"{t}\" FOR EACH ROW EXECUTE FUNCTION sonae_append_only(); CREATE TRIGGER \"{t}_no_truncate\" BEFORE TRUNCATE ON \"{t}\" FOR EACH STATEMENT EXECUTE FUNCTION sonae_append_only(); ")));

    private static Task<int> Sql(SonaeFactory factory, string sql) => factory.Database(db => db.Database.ExecuteSqlRawAsync(sql));
}
