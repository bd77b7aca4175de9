using System.Text.Json;
using Microsoft.Playwright;
using Sonae.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The sonae servers of a hospital group: processes on one PostgreSQL database (a fresh one on the server test.sh
/// starts, named by SONAE_TEST_POSTGRES), the first at <see cref="SonaeServer.BaseUrl"/>, more by
/// <see cref="SonaeServer.StartAnother"/>.
/// </summary>
public sealed class PostgresSonaeServer : SonaeServer
{
    private readonly TestDatabase _database = new("sonae_e2e", "The end-to-end tests of several servers need PostgreSQL");

    protected override IReadOnlyList<string> Storage => ["--Sonae:Storage:Provider=Postgres", $"--ConnectionStrings:Sonae={_database.ConnectionString}"];

    protected override Task PrepareStorage()
    {
        _database.Create();
        return Task.CompletedTask;
    }

    protected override Task RemoveStorage()
    {
        _database.Drop();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresSonaeServer>
{
    public const string Name = "sonae servers on PostgreSQL";
}

/// <summary>
/// Two servers behind a hospital group's load balancer: the officer's workspace is open on server A, and what someone
/// records through server B shows on it without a reload (PostgreSQL's LISTEN/NOTIFY carries the change across).
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class PostgresSeveralServersJourneyTests(PostgresSonaeServer servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Workspace_OnServerA_ShowsWhatIsRecordedThroughServerB_WithoutAReload()
    {
        var b = await servers.StartAnother();
        var made = await servers.Api("security-officer", HttpMethod.Post, "/api/v1/incidents", new { title = "二台構成での事案", source = "alert" });
        var (id, number) = (made.GetProperty("incidentId").GetString()!, made.GetProperty("number").GetInt32());
        var officer = new WorkspacePage(await servers.SignedIn("security-officer", 1280, 900));
        Assert.StartsWith(servers.BaseUrl, officer.Page.Url, StringComparison.Ordinal);
        await officer.Open(number);
        await officer.Page.EvaluateAsync("() => window.sonaeUntouched = true");
        var before = await officer.LastSeq();

        // The director, at another desk, writes through the other server.
        var sent = System.Diagnostics.Stopwatch.StartNew();
        var note = await servers.Api("management", HttpMethod.Post, $"/api/v1/incidents/{id}/notes", new { text = "B 経由の記録: 病棟 3 の端末を隔離した" }, at: b);
        var seq = note.GetProperty("lastSeq").GetInt64();
        Assert.True(seq > before, $"the note did not move the record on ({before} → {seq})");

        var entry = officer.Page.Locator(".timeline li").Filter(new LocatorFilterOptions { HasText = "B 経由の記録: 病棟 3 の端末を隔離した" });
        await entry.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await officer.Page.WaitForFunctionAsync("last => Number(document.querySelector('.incident-head').dataset.lastSeq) === last", seq, new PageWaitForFunctionOptions { Timeout = 10_000 });
        output.WriteLine($"the note written through B showed on A's page {sent.ElapsedMilliseconds} ms after it was sent");
        Assert.True(await officer.Page.EvaluateAsync<bool>("() => window.sonaeUntouched === true"), "the page was reloaded to show B's change");
        Assert.StartsWith(servers.BaseUrl, officer.Page.Url, StringComparison.Ordinal);
        await SonaeServer.Screenshot(officer.Page, "workspace-live-from-another-server");
        await officer.Page.Context.CloseAsync();
    }
}
