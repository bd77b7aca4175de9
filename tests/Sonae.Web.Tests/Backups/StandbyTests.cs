using System.Formats.Tar;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Core.Backups;
using Sonae.Web.Backups;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Backups;

/// <summary>
/// A standby laptop as a clinic runs it, every part a real process: the primary server, <c>sonae standby --once</c>
/// pulling its copy, the primary stopped, a server on the copy that reads but refuses every change with the banner
/// saying its age, <c>sonae promote</c> saying what may have been lost, and the promoted copy writing and verifying.
/// A wrong key, a corrupted or cut archive and a server running on the copy leave the previous copy as it was.
/// SQLite only: a PostgreSQL standby is a streaming replica, not a copy Sonae pulls.
/// </summary>
public sealed partial class StandbyTests : IDisposable
{
    private readonly SqliteFactory _factory = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("sonae-standby-test-").FullName;

    private string Data => Path.Combine(_folder, "standby");

    /// <summary>The standby laptop's data location.</summary>
    private IReadOnlyList<string> Location => ["--Sonae:Storage:Provider=Sqlite", $"--Sonae:Storage:SqlitePath={Path.Combine(Data, "sonae.db")}"];

    [Fact]
    public async Task PrimaryStopped_StandbyOpensReadOnlyWithItsAge_PromoteSaysWhatMayBeLost_AndItContinues()
    {
        var (hospital, id, number) = await Primary("予備機で読むインシデント");
        var key = hospital.Keys[Role.Management];
        await using var primary = await ServerProcess.Start(_factory);
        var pulled = await Sonae("standby", "--from", primary.Address.ToString(), "--key", key, "--once");
        Assert.True(pulled.Exit == 0, pulled.Out + pulled.Error);
        Assert.Contains("予備機の写しを差し替えました", pulled.Out, StringComparison.Ordinal);
        var marker = StandbyMarker.Read(Data)!;
        var open = Assert.Single(marker.OpenIncidents);
        Assert.Equal(number, open.Number);
        Assert.Equal(primary.Address.GetLeftPart(UriPartial.Authority), marker.Primary);
        await primary.Stop();

        await using (var standby = await ServerProcess.StartOn(Location))
        {
            // Opened within a minute of the last sync (the must-show: the copy is usable at once).
            Assert.True(DateTimeOffset.UtcNow - marker.LastSync < TimeSpan.FromMinutes(1), $"last sync {marker.LastSync:O}");
            using var api = standby.Client(key);
            var incident = await (await api.GetAsync($"/api/v1/incidents/{id}")).Json(HttpStatusCode.OK);
            Assert.Equal("予備機で読むインシデント", incident.GetProperty("incident").GetProperty("title").GetString());
            var refused = await (await api.PostJson($"/api/v1/incidents/{id}/notes", new { text = "予備機でのメモ" })).Problem(HttpStatusCode.ServiceUnavailable, "standby-read-only");
            Assert.Contains("予備機（読み取り専用）", refused.Detail(), StringComparison.Ordinal);
            // Making a backup writes checkpoints: a standby gives none.
            await (await api.GetAsync("/api/v1/backup")).Problem(HttpStatusCode.ServiceUnavailable, "standby-read-only");
            using var anonymous = standby.Client();
            var health = await (await anonymous.GetAsync("/health")).Json(HttpStatusCode.OK);
            Assert.Equal("standby", health.GetProperty("standby").GetProperty("mode").GetString());
            Assert.True((marker.LastSync - health.GetProperty("standby").GetProperty("lastSync").GetDateTimeOffset()).Duration() < TimeSpan.FromSeconds(1));

            // The pages: signing in still works; every page says it is a standby and how old; a form is refused with the sentence.
            using var browser = standby.Client();
            var signedIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["key"] = key, ["returnUrl"] = "/", ["__RequestVerificationToken"] = await PageSession.Token(browser, "/signin"),
            }));
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var page = await (await browser.GetAsync($"/incidents/{number}")).Content.ReadAsStringAsync();
            Assert.Matches(Banner(), page);
            Assert.Contains("予備機で読むインシデント", page, StringComparison.Ordinal);
            using var form = new HttpRequestMessage(HttpMethod.Post, BackupPage)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "run", ["__RequestVerificationToken"] = await PageSession.Token(browser, "/settings/backup") }),
            };
            form.Headers.Referrer = new Uri(standby.Address, "/settings/backup");
            var posted = await browser.SendAsync(form);
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal("/settings/backup", posted.Headers.Location?.OriginalString);
            var back = WebUtility.HtmlDecode(await (await browser.GetAsync("/settings/backup")).Content.ReadAsStringAsync());
            Assert.Contains("記録と設定は変更できません", back, StringComparison.Ordinal);
            await standby.Stop();
        }

        var promoted = await Sonae("promote");
        Assert.True(promoted.Exit == 0, promoted.Out + promoted.Error);
        Assert.Contains("予備機の写しを主機にしました", promoted.Out, StringComparison.Ordinal);
        Assert.Matches(@"最終同期: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST（\d+ 分前", promoted.Out);
        Assert.Contains($"インシデント #{number}: この写しにある最後のイベントは {open.LastEvent} 番", promoted.Out, StringComparison.Ordinal);
        Assert.Contains("紙の記録から入力し直してください", promoted.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Data, StandbyMarker.FileName)));
        var again = await Sonae("promote");
        Assert.Equal(1, again.Exit);
        Assert.Contains("予備機の写しではありません", again.Error, StringComparison.Ordinal);

        await using (var continued = await ServerProcess.StartOn(Location))
        {
            using var api = continued.Client(key);
            await (await api.PostJson($"/api/v1/incidents/{id}/notes", new { text = "主機に切り替えた後のメモ" })).Json(HttpStatusCode.OK);
            var health = await (await continued.Client().GetAsync("/health")).Json(HttpStatusCode.OK);
            Assert.True(!health.TryGetProperty("standby", out var standby) || standby.ValueKind == System.Text.Json.JsonValueKind.Null);
            var page = await (await continued.Client().GetAsync("/signin")).Content.ReadAsStringAsync();
            Assert.DoesNotMatch(Banner(), page);
            await continued.Stop();
        }
        var verified = await Sonae("verify");
        Assert.True(verified.Exit == 0, verified.Out + verified.Error);
    }

    [Fact]
    public async Task AWrongKey_ABrokenOrCutArchive_OrAServerOnTheCopy_LeaveThePreviousCopyAsItWas()
    {
        var (hospital, _, _) = await Primary("前の写しを守る");
        var key = hospital.Keys[Role.Management];
        await using var primary = await ServerProcess.Start(_factory);
        Assert.Equal(0, (await Sonae("standby", "--from", primary.Address.ToString(), "--key", key, "--once")).Exit);
        var before = Snapshot();

        var wrongKey = await Sonae("standby", "--from", primary.Address.ToString(), "--key", "sonae_wrong", "--once");
        Assert.Equal(1, wrongKey.Exit);
        Assert.Contains("HTTP 401", wrongKey.Error, StringComparison.Ordinal);
        Assert.Contains("前の写しはそのままです", wrongKey.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());

        byte[] archive;
        using (var download = primary.Client(key))
            archive = await download.GetByteArrayAsync("/api/v1/backup");
        foreach (var (broken, said) in new[] { (Altered(archive), "マニフェストのハッシュと合いません: sonae.db"), (archive[..(archive.Length / 2)], "前の写しはそのままです") })
        {
            await using var fake = FakePrimary.Serving(broken);
            var refused = await Sonae("standby", "--from", fake.Address, "--key", key, "--once");
            Assert.Equal(1, refused.Exit);
            Assert.Contains(said, refused.Out + refused.Error, StringComparison.Ordinal);
            Assert.Contains("前の写しはそのままです", refused.Error, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot());
        }

        await using (var standby = await ServerProcess.StartOn(Location))
        {
            var running = await Sonae("standby", "--from", primary.Address.ToString(), "--key", key, "--once");
            Assert.Equal(1, running.Exit);
            Assert.Contains("サーバーが動いています", running.Error, StringComparison.Ordinal);
            var promote = await Sonae("promote");
            Assert.Equal(1, promote.Exit);
            Assert.Contains("止めてから sonae promote", promote.Error, StringComparison.Ordinal);
            await standby.Stop();
        }
        Assert.Equal(before.Marker, Snapshot().Marker);

        // Not a standby copy (a primary's folder, or a promoted one): never overwritten.
        Assert.Equal(0, (await Sonae("promote")).Exit);
        var notACopy = await Sonae("standby", "--from", primary.Address.ToString(), "--key", key, "--once");
        Assert.Equal(1, notACopy.Exit);
        Assert.Contains("予備機の写しではないデータベース", notACopy.Error, StringComparison.Ordinal);
        Assert.Equal([Data], Directory.GetDirectories(_folder));
    }

    [Fact]
    public async Task OnACopy_VerbsThatWriteAreRefused_ReadersAndServersWaitForASwap_AndBadInputIsRefusedClearly()
    {
        // A copy made by hand (a database and a marker): what the verbs and the server do does not depend on its origin.
        Assert.Equal(0, (await Sonae("org", "add", "予備機の写しの病院")).Exit);
        await new StandbyMarker("https://primary.invalid", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, new BackupCounts(0, 0, 0), []).Write(Data, CancellationToken.None);

        foreach (var writes in new[] { new[] { "org", "add", "もう一つ" }, ["checkpoint"], ["backup", "--out", Path.Combine(_folder, "backup")] })
        {
            var refused = await Sonae(writes);
            Assert.Equal(1, refused.Exit);
            Assert.Contains("予備機の写しで、読み取り専用です", refused.Error, StringComparison.Ordinal);
        }
        Assert.Equal(0, (await Sonae("verify")).Exit);

        using (var swapping = StandbyMarker.TryLock(Data))
        {
            Assert.NotNull(swapping);
            var reader = await Sonae("verify");
            Assert.Equal(1, reader.Exit);
            Assert.Contains("いま差し替え中か主機への切り替え中です", reader.Error, StringComparison.Ordinal);
            var server = await CommandLine.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), .. Location]);
            Assert.Equal(2, server.Exit);
            Assert.Contains("is being replaced by a standby round or promoted right now", server.Error, StringComparison.Ordinal);
            Assert.Contains("いま予備機の写しとして差し替え中", server.Error, StringComparison.Ordinal);
        }

        // An archive with anything but files and folders (here a FIFO) is refused, the copy kept.
        var before = Snapshot();
        using (var archive = new MemoryStream())
        {
            using (var writer = new TarWriter(archive, leaveOpen: true))
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "pipe"));
            await using var fake = FakePrimary.Serving(archive.ToArray());
            var refused = await Sonae("standby", "--from", fake.Address, "--key", "sonae_any", "--once");
            Assert.Equal(1, refused.Exit);
            Assert.Contains("受け取れない項目があります: pipe", refused.Error, StringComparison.Ordinal);
            Assert.Contains("前の写しはそのままです", refused.Error, StringComparison.Ordinal);
        }
        Assert.Equal(before, Snapshot());

        foreach (var every in new[] { "25h", "9999999h", "2147483647" })
        {
            var bad = await Sonae("standby", "--from", "https://primary.invalid", "--key", "sonae_any", "--every", every);
            Assert.Equal(2, bad.Exit);
            Assert.Contains("24 時間以下", bad.Error, StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(Data, StandbyMarker.FileName), "{ damaged");
        var damaged = await CommandLine.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), .. Location]);
        Assert.Equal(2, damaged.Exit);
        Assert.Contains("予備機の印が壊れています", damaged.Error, StringComparison.Ordinal);
        Assert.Contains("The standby marker is damaged", damaged.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APromote_WhileARoundIsDownloading_IsKept_AndTheRoundSwapsNothing()
    {
        var (hospital, _, _) = await Primary("取り込み中の切り替え");
        var key = hospital.Keys[Role.Management];
        byte[] archive;
        await using (var primary = await ServerProcess.Start(_factory))
        {
            Assert.Equal(0, (await Sonae("standby", "--from", primary.Address.ToString(), "--key", key, "--once")).Exit);
            using var download = primary.Client(key);
            archive = await download.GetByteArrayAsync("/api/v1/backup");
            await primary.Stop();
        }

        // A round half-way through its download (the network is slow) when the officer promotes the copy.
        await using var slow = FakePrimary.Pausing(archive);
        var round = Sonae("standby", "--from", slow.Address, "--key", key, "--once");
        await slow.HalfSent.WaitAsync(TimeSpan.FromMinutes(2));
        var promoted = await Sonae("promote");
        Assert.True(promoted.Exit == 0, promoted.Out + promoted.Error);
        var promotedDatabase = Snapshot(withMarker: false).Database;

        slow.Release();
        var refused = await round.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(1, refused.Exit);
        Assert.Contains("取り込みの間に主機になりました", refused.Error, StringComparison.Ordinal);
        Assert.Contains("前の写しはそのままです", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Data, StandbyMarker.FileName)));
        Assert.Equal(promotedDatabase, Snapshot(withMarker: false).Database);
        // Nothing of the round is left beside the data folder, and the promoted copy verifies.
        Assert.Equal([Data], Directory.GetDirectories(_folder));
        var verified = await Sonae("verify");
        Assert.True(verified.Exit == 0, verified.Out + verified.Error);
    }

    private const string BackupPage = "/settings/backup/do";

    /// <summary>A hospital on the factory's database with an open incident and a note in it.</summary>
    private async Task<(Hospital Hospital, string Id, int Number)> Primary(string title)
    {
        var hospital = await _factory.AddHospital("予備機病院 " + Guid.NewGuid().ToString("N")[..6]);
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title })).Json(HttpStatusCode.Created);
        var id = opened.GetProperty("incidentId").GetString()!;
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/notes", new { text = "同期前のメモ" })).Json(HttpStatusCode.OK);
        return (hospital, id, opened.GetProperty("number").GetInt32());
    }

    private Task<(int Exit, string Out, string Error)> Sonae(params string[] args) =>
        CommandLine.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), .. args, .. Location]);

    /// <summary>The copy as it stands: its marker and the hash of its database.</summary>
    private (string Marker, string Database) Snapshot(bool withMarker = true) =>
        (withMarker ? File.ReadAllText(Path.Combine(Data, StandbyMarker.FileName)) : "", Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(Data, "sonae.db")))));

    /// <summary>The archive with one byte of its database changed (its manifest then no longer holds).</summary>
    private static byte[] Altered(byte[] archive)
    {
        using var output = new MemoryStream();
        using (var reader = new TarReader(new MemoryStream(archive)))
        using (var writer = new TarWriter(output, leaveOpen: true))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                if (entry.Name == "sonae.db" && entry.DataStream is { } data)
                {
                    var bytes = new byte[data.Length];
                    data.ReadExactly(bytes);
                    bytes[bytes.Length / 2] ^= 0xFF;
                    entry.DataStream = new MemoryStream(bytes);
                }
                writer.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    [GeneratedRegex(@"予備のサーバーです（見るだけで、記録はできません）。\d+ 分前（\d{4}-\d{2}-\d{2} \d{2}:\d{2}）時点の内容です")]
    private static partial Regex Banner();

    public void Dispose()
    {
        _factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// A primary that answers <c>GET /api/v1/backup</c> with the archive it was given (broken ones, for the tests), at
    /// once or, when pausing, its first half and the rest only once <see cref="Release"/> is called.
    /// </summary>
    private sealed class FakePrimary : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;
        private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private FakePrimary(byte[] archive, int port, bool pausing)
        {
            if (!pausing)
                _released.SetResult();
            Address = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Address);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }
                    context.Response.ContentType = "application/x-tar";
                    context.Response.ContentLength64 = archive.Length;
                    var half = archive.Length / 2;
                    await context.Response.OutputStream.WriteAsync(archive.AsMemory(0, half));
                    await context.Response.OutputStream.FlushAsync();
                    _halfSent.TrySetResult();
                    await _released.Task;
                    await context.Response.OutputStream.WriteAsync(archive.AsMemory(half));
                    context.Response.Close();
                }
            });
        }

        public string Address { get; }

        /// <summary>Done once the first half of the archive is on its way.</summary>
        public Task HalfSent => _halfSent.Task;

        public static FakePrimary Serving(byte[] archive) => new(archive, ServerProcess.FreePort(), pausing: false);

        public static FakePrimary Pausing(byte[] archive) => new(archive, ServerProcess.FreePort(), pausing: true);

        public void Release() => _released.TrySetResult();

        public async ValueTask DisposeAsync()
        {
            Release();
            _listener.Stop();
            _listener.Close();
            await _serving;
        }
    }
}
