using System.Globalization;
using System.Net.Sockets;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Sonae.EndToEnd.Tests;

/// <summary>
/// The channels page in Chromium without JavaScript, on a phone and a laptop, in both languages: a mail server that is
/// down shows red with its reason and what waits, a webhook that works does not, and the test button answers on the
/// page with the server's refusal in words. No serious accessibility problem.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChannelsPageTests(SonaeServer server)
{
    [Fact]
    public async Task AFailingMailServer_IsShownRed_WithItsReason_AndTheTestButtonAnswersThere()
    {
        var closed = ClosedPort();
        await server.Api("security-officer", HttpMethod.Put, "/api/v1/settings/channels", new
        {
            mail = new { host = "127.0.0.1", port = closed, security = "none", fromAddress = "sonae@minato-hospital.example.jp", fromName = "備え 安全管理" },
            webhooks = new[] { new { name = "情報システム課の Teams", format = "teams", url = "https://example.webhook.office.com/webhookb2/demo" } },
        });
        await Queue(3);

        var page = await server.SignedIn("security-officer", 1366, 768, javaScript: false);
        // The shared server's other tests send notices and pages too (to this mail server and webhook once set): the
        // mail server's card is the one looked at, with at least the three queued here waiting.
        var failing = page.Locator(".channel-failing", new() { HasTextString = $"127.0.0.1:{closed}" });
        for (var tries = 0; tries < 60 && await failing.CountAsync() == 0; tries++)
        {
            await Task.Delay(500);
            await page.GotoAsync("/settings/channels");
        }
        Assert.Equal(1, await failing.CountAsync());
        var card = await failing.InnerTextAsync();
        Assert.Contains("失敗しています", card, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closed} に接続を断られました", card, StringComparison.Ordinal);
        var waiting = System.Text.RegularExpressions.Regex.Match(card, @"(\d+) 件");
        Assert.True(waiting.Success && int.Parse(waiting.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 3, card);
        await SonaeServer.Screenshot(page, "channels-failing-desktop-nojs");

        await page.FillAsync("#test-to", "sato@minato-hospital.example.jp");
        await page.ClickAsync("button:has-text('テストメールを送る')");
        var answer = await page.InnerTextAsync("section[aria-labelledby=test-mail-title] [role=status]");
        Assert.Contains("送れませんでした。", answer, StringComparison.Ordinal);
        Assert.Contains("接続を断られました", answer, StringComparison.Ordinal);
        await SonaeServer.Screenshot(page, "channels-test-desktop-nojs");
        await page.Context.CloseAsync();

        // axe-core runs in the page, so these look with JavaScript on (the page itself uses none).
        foreach (var (width, height, language, name) in new[] { (1366, 768, "ja", "channels-failing-desktop"), (360, 800, "ja", "channels-failing-phone"), (360, 800, "en", "channels-failing-phone-en") })
        {
            var seen = await server.SignedIn("security-officer", width, height, language: language);
            await seen.GotoAsync("/settings/channels");
            Assert.Contains(language == "en" ? "Failing" : "失敗しています", await seen.InnerTextAsync(".channel-failing"), StringComparison.Ordinal);
            await Check(seen, name);
            await seen.Context.CloseAsync();
        }
    }

    /// <summary>Puts e-mails in the outbox as the notices of Sonae do (rows; the dispatcher finds them on its next look).</summary>
    private async Task Queue(int count)
    {
        await using var connection = new SqliteConnection($"Data Source={server.Database};Pooling=False");
        await connection.OpenAsync();
        await using var organization = connection.CreateCommand();
        organization.CommandText = "SELECT Id FROM Organizations WHERE Name = 'みなと市立病院'";
        var id = (string)(await organization.ExecuteScalarAsync())!;
        var now = DateTime.UtcNow.ToString("yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'fffffff'+00:00'", CultureInfo.InvariantCulture);
        for (var i = 1; i <= count; i++)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO OutboxMessages (OrganizationId, Channel, Target, Subject, Body, CreatedAt, DueAt, Attempts)
                VALUES ($organization, 'email', $target, '【至急】電子カルテの使用を中止してください', '紙カルテに切り替えてください。', $now, $now, 0)
                """;
            insert.Parameters.AddWithValue("$organization", id);
            insert.Parameters.AddWithValue("$target", $"staff{i}@minato-hospital.example.jp");
            insert.Parameters.AddWithValue("$now", now);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task Check(IPage page, string name)
    {
        await SonaeServer.Screenshot(page, name);
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
