using Sonae.Web.Backups;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Backups;

/// <summary>
/// A SQLite server holds its data folder's standby lock (shared) while it runs, and lets go of it when it stops: a
/// standby round or a promote may then take the folder, and a test may unmount the file system it lives on.
/// </summary>
public sealed class StandbyLockTests
{
    [Fact]
    public async Task ARunningServer_HoldsItsFoldersStandbyLock_AndLetsGoOfIt_WhenItStops()
    {
        var folder = Directory.CreateTempSubdirectory("sonae-lock-").FullName;
        try
        {
            var server = SqliteFactory.In(folder);
            await server.AddHospital("鍵病院");
            using (var whileRunning = StandbyMarker.TryLock(folder))
                Assert.Null(whileRunning);

            await server.DisposeAsync();
            using var afterwards = StandbyMarker.TryLock(folder);
            Assert.NotNull(afterwards);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
