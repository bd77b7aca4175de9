using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// An open workspace under many changes and after a lost connection: it shows the latest without a reload. (How
/// few readings the changes cost is counted in the Web tests' LiveIncidentsTests, on a clock they move.)
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LiveWorkspaceTests(SonaeServer server)
{
    [Fact]
    public async Task Workspace_WhenFiftyChangesComeAtOnce_ShowsTheLatest_WithoutAReload()
    {
        var (id, number) = await OpenIncident("同時に多数の記録");
        var director = new WorkspacePage(await server.SignedIn("management", 1366, 768));
        await director.Open(number);
        await director.Page.EvaluateAsync("() => window.sonaeUntouched = true");

        await Task.WhenAll(Enumerable.Range(1, 50).Select(i => Note(id, $"病棟からの報告 {i}")));
        var last = await Note(id, "最後の報告: 全病棟の確認を終えた");

        await director.Page.Locator(".timeline li").Filter(new LocatorFilterOptions { HasText = "最後の報告: 全病棟の確認を終えた" }).WaitForAsync();
        await director.Page.WaitForFunctionAsync("last => Number(document.querySelector('.incident-head').dataset.lastSeq) === last", last);
        Assert.True(await director.Page.EvaluateAsync<bool>("() => window.sonaeUntouched === true"), "the page was reloaded to show the changes");
        await SonaeServer.Screenshot(director.Page, "workspace-live-burst-desktop");
        await director.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Workspace_AfterItsConnectionWasLost_CatchesUpWhenItComesBack()
    {
        var (id, number) = await OpenIncident("接続が切れた端末");
        var officer = new WorkspacePage(await server.SignedIn("security-officer", 360, 800));
        await officer.Open(number);
        await officer.Page.EvaluateAsync("() => window.sonaeUntouched = true");

        // The connection drops and cannot come back for now (as a phone's in a lift): the page says it is reconnecting.
        await officer.Page.RouteAsync(new System.Text.RegularExpressions.Regex("/_blazor/negotiate"), route => route.AbortAsync());
        await officer.Page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");
        await officer.Page.WaitForSelectorAsync("#components-reconnect-modal.components-reconnect-show, #components-reconnect-modal.components-reconnect-retrying");
        var last = await Note(id, "切断中に記録されたメモ");
        await officer.Page.UnrouteAllAsync();

        await officer.Page.Locator(".timeline li").Filter(new LocatorFilterOptions { HasText = "切断中に記録されたメモ" })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        Assert.Equal(last, await officer.LastSeq());
        Assert.True(await officer.Page.EvaluateAsync<bool>("() => window.sonaeUntouched === true"), "the page was reloaded to catch up");
        Assert.False(await officer.Page.IsVisibleAsync("#components-reconnect-modal"), "the page still says it is reconnecting");
        await SonaeServer.Screenshot(officer.Page, "workspace-live-reconnected-phone");
        await officer.Page.Context.CloseAsync();
    }

    private HttpClient Officer()
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Keys["security-officer"]);
        return client;
    }

    private async Task<(string Id, int Number)> OpenIncident(string title)
    {
        using var client = Officer();
        using var made = await client.PostAsJsonAsync("/api/v1/incidents", new { title, source = "alert" });
        Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
        var body = JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement;
        return (body.GetProperty("incidentId").GetString()!, body.GetProperty("number").GetInt32());
    }

    /// <summary>Adds a note through the API; returns the incident's last sequence after it.</summary>
    private async Task<long> Note(string id, string text)
    {
        using var client = Officer();
        using var added = await client.PostAsJsonAsync($"/api/v1/incidents/{id}/notes", new { text });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("lastSeq").GetInt64();
    }
}
