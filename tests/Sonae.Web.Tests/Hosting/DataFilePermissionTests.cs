using System.Net;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// The SQLite database holds everything, the keys that sign sessions included: its folder and files are the service
/// user's alone, whatever umask the service runs under. SQLite alone (PostgreSQL keeps its own files).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFilePermissionTests
{
    private const UnixFileMode Group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
    private const UnixFileMode Other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task FirstStart_UnderAnOpenUmask_MakesTheFolderAndFilesForTheServiceUserOnly()
    {
        var root = Directory.CreateTempSubdirectory("sonae-modes-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            using var factory = SqliteFactory.In(data);
            await using (var server = await ServerProcess.Start(factory, umask: "000"))
            {
                using var client = server.Client();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/setup")).StatusCode);

                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
                foreach (var file in new[] { "sonae.db", "sonae.db-wal", "sonae.db-shm" })
                {
                    var mode = File.GetUnixFileMode(Path.Combine(data, file));
                    Assert.True(mode == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file}: {mode}");
                    Assert.Equal(default, mode & (Group | Other));
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Start_OnADatabaseAnOlderSonaeLeftReadable_MakesItsFilesPrivate()
    {
        var data = Directory.CreateTempSubdirectory("sonae-modes-").FullName;
        try
        {
            using var factory = SqliteFactory.In(data);
            await using (await ServerProcess.Start(factory))
            {
            }
            foreach (var file in Directory.GetFiles(data, "sonae.db*"))
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            await using var again = await ServerProcess.Start(factory);

            Assert.All(Directory.GetFiles(data, "sonae.db*"), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
