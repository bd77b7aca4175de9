using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// The channel settings by the API and on /settings/channels: only the security officer and management reach them;
/// every bad field is named in the caller's language and nothing is kept; the mail password is written, kept
/// protected, and never answered or shown; the page keeps what was typed and its test buttons answer right there.
/// </summary>
public abstract class ChannelSettingsTests(SonaeFactory factory)
{
    private const string Password = "pa55-秘密-word";

    private static object Valid(object? webhooks = null, string? password = Password) => new
    {
        mail = new { host = "smtp.hospital.example.jp", port = 587, security = "starttls", user = "sonae", password, fromAddress = "sonae@hospital.example.jp", fromName = "備え 安全管理" },
        webhooks = webhooks ?? new[] { new { id = (string?)null, name = "情報システム課の Teams", format = "teams", url = "https://example.webhook.office.com/webhookb2/abc" } },
    };

    [Fact]
    public async Task StaffAndVendors_AreRefused_LeadersMay()
    {
        var hospital = await factory.AddHospital("権限病院 " + Guid.NewGuid().ToString("N")[..6]);
        foreach (var client in new[] { hospital.Staff, hospital.Vendor })
        {
            await (await client.GetAsync("/api/v1/settings/channels")).Problem(HttpStatusCode.Forbidden, "role-required");
            await (await client.PutJson("/api/v1/settings/channels", Valid())).Problem(HttpStatusCode.Forbidden, "role-required");
            await (await client.PostJson("/api/v1/settings/channels/mail/test", new { to = "a@example.jp" })).Problem(HttpStatusCode.Forbidden, "role-required");
            await (await client.PostJson("/api/v1/settings/channels/webhooks/wh-x/test", null)).Problem(HttpStatusCode.Forbidden, "role-required");
        }
        (await hospital.Management.PutJson("/api/v1/settings/channels", Valid())).EnsureSuccessStatusCode();
        (await hospital.Officer.GetAsync("/api/v1/settings/channels")).EnsureSuccessStatusCode();
        var staffPage = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        Assert.Equal(HttpStatusCode.Forbidden, (await staffPage.Get("/settings/channels")).StatusCode);
    }

    [Fact]
    public async Task ThePassword_IsKeptProtected_AndNeverAnswered()
    {
        var hospital = await factory.AddHospital("秘密病院 " + Guid.NewGuid().ToString("N")[..6]);
        var put = await hospital.Officer.PutJson("/api/v1/settings/channels", Valid());
        var saved = await put.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain(Password, saved, StringComparison.Ordinal);
        var mail = JsonDocument.Parse(saved).RootElement.GetProperty("mail");
        Assert.True(mail.GetProperty("hasPassword").GetBoolean());
        Assert.False(mail.TryGetProperty("password", out _));
        var stored = await factory.Database(db => db.ChannelSettings.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.OrganizationId == hospital.Id));
        Assert.DoesNotContain(Password, stored.Mail, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55", stored.Mail, StringComparison.Ordinal);

        // Left out, it is kept; an empty one removes it.
        var webhookId = JsonDocument.Parse(saved).RootElement.GetProperty("webhooks")[0].GetProperty("id").GetString();
        var kept = await (await hospital.Officer.PutJson("/api/v1/settings/channels", Valid(new[] { new { id = webhookId, name = "Teams", format = "teams", url = "https://example.webhook.office.com/webhookb2/abc" } }, password: null))).Json(HttpStatusCode.OK);
        Assert.True(kept.GetProperty("mail").GetProperty("hasPassword").GetBoolean());
        Assert.Equal(webhookId, kept.GetProperty("webhooks")[0].GetProperty("id").GetString());
        var read = await (await hospital.Officer.GetAsync("/api/v1/settings/channels")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Password, read, StringComparison.Ordinal);
        var removed = await (await hospital.Officer.PutJson("/api/v1/settings/channels", Valid(password: ""))).Json(HttpStatusCode.OK);
        Assert.False(removed.GetProperty("mail").GetProperty("hasPassword").GetBoolean());

        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        (await hospital.Officer.PutJson("/api/v1/settings/channels", Valid())).EnsureSuccessStatusCode();
        var page = await (await officer.Get("/settings/channels")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Password, page, StringComparison.Ordinal);
        Assert.Contains("保存済みのパスワードがあります", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja", "ポート番号は 1 から 65535 までの数字です")]
    [InlineData("en", "The port is a number from 1 to 65535")]
    public async Task BadFields_AreEachNamed_InTheCallersLanguage_AndNothingIsKept(string language, string portMessage)
    {
        var hospital = await factory.AddHospital("検証病院 " + Guid.NewGuid().ToString("N")[..6]);
        using var client = factory.Client(hospital.Keys[Role.SecurityOfficer], language);
        var problem = await (await client.PutJson("/api/v1/settings/channels", new
        {
            mail = new { host = "smtp://mail", port = 70000, security = "ssl", fromAddress = "sonae" },
            webhooks = new[]
            {
                new { name = "古い FTP", format = "json", url = "ftp://files.example.jp/hook" },
                new { name = "Discord", format = "discord", url = "https://discord.example/hook" },
            },
        })).Problem(HttpStatusCode.UnprocessableEntity, "channels-invalid");
        var errors = problem.GetProperty("errors");
        Assert.Equal(["mail.fromAddress", "mail.host", "mail.port", "mail.security", "webhooks[0].url", "webhooks[1].format"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith(portMessage, errors.GetProperty("mail.port")[0].GetString(), StringComparison.Ordinal);
        var read = await (await client.GetAsync("/api/v1/settings/channels")).Json(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("mail").ValueKind);
        Assert.Empty(read.GetProperty("webhooks").EnumerateArray());
    }

    [Fact]
    public async Task TheTestButtons_SayWhatHappened()
    {
        var hospital = await factory.AddHospital("試験病院 " + Guid.NewGuid().ToString("N")[..6]);
        var none = await (await hospital.Officer.PostJson("/api/v1/settings/channels/mail/test", new { to = "sato@hospital.example.jp" })).Json(HttpStatusCode.OK);
        Assert.Equal((false, "no-mail-server"), (none.GetProperty("delivered").GetBoolean(), none.GetProperty("errorCode").GetString()));
        await (await hospital.Officer.PostJson("/api/v1/settings/channels/mail/test", new { to = "sato" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Officer.PostJson("/api/v1/settings/channels/webhooks/wh-none/test", null)).Problem(HttpStatusCode.NotFound, "webhook-not-found");

        await using var hooks = await WebhookReceiver.Start();
        await using var smtp = await SmtpReceiver.Start(SmtpReceiver.FreePort());
        var saved = await (await hospital.Officer.PutJson("/api/v1/settings/channels", new
        {
            mail = new { host = "127.0.0.1", port = smtp.Port, security = "none", fromAddress = "sonae@hospital.example.jp" },
            webhooks = new[] { new { name = "Slack", format = "slack", url = hooks.Url("/hook/slack") }, new { name = "壊れた", format = "json", url = hooks.Url("/fail/broken") } },
        })).Json(HttpStatusCode.OK);
        var ids = saved.GetProperty("webhooks").EnumerateArray().Select(w => w.GetProperty("id").GetString()!).ToList();

        var sent = await (await hospital.Officer.PostJson("/api/v1/settings/channels/mail/test", new { to = "sato@hospital.example.jp" })).Json(HttpStatusCode.OK);
        Assert.True(sent.GetProperty("delivered").GetBoolean());
        var test = Assert.Single(smtp.Messages());
        Assert.StartsWith("[Sonae] テスト送信 / [Sonae] Test message", test.Subject, StringComparison.Ordinal);
        Assert.Contains("これは Sonae（備え）からのテスト送信です。", test.TextBody, StringComparison.Ordinal);
        var posted = await (await hospital.Officer.PostJson($"/api/v1/settings/channels/webhooks/{ids[0]}/test", null)).Json(HttpStatusCode.OK);
        Assert.True(posted.GetProperty("delivered").GetBoolean());
        var slack = Assert.Single(hooks.For("slack"));
        Assert.StartsWith($"sonae-{hospital.Id:N}-test-", slack.Delivery, StringComparison.Ordinal);
        Assert.Contains("[Sonae] テスト送信", slack.Body.GetProperty("text").GetString(), StringComparison.Ordinal);
        using var english = factory.Client(hospital.Keys[Role.SecurityOfficer], "en");
        var failed = await (await english.PostJson($"/api/v1/settings/channels/webhooks/{ids[1]}/test", null)).Json(HttpStatusCode.OK);
        Assert.Equal((false, "http-status"), (failed.GetProperty("delivered").GetBoolean(), failed.GetProperty("errorCode").GetString()));
        Assert.Equal("The webhook answered with an error: 500 Internal Server Error no_service", failed.GetProperty("error").GetString());

        // On the page, the same buttons answer right there.
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var mailed = await officer.Post("/settings/channels", new() { ["_handler"] = "test-mail", ["TestMail.To"] = "suzuki@hospital.example.jp" }, await officer.Token("/settings/channels"));
        var mailedPage = await mailed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, mailed.StatusCode);
        Assert.Contains("メールサーバーが suzuki@hospital.example.jp 宛てのテストメールを受け付けました", mailedPage, StringComparison.Ordinal);
        Assert.True(await smtp.WaitFor(2, TimeSpan.FromSeconds(10)));
        var hooked = await officer.Post("/settings/channels", new() { ["_handler"] = "test-webhook", ["TestHook.WebhookId"] = ids[1] }, await officer.Token("/settings/channels"));
        Assert.Contains("送れませんでした。Webhook がエラーを返しました: 500 Internal Server Error no_service", await hooked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_KeepsWhatWasTyped_AndNamesEachProblemAtItsField()
    {
        var hospital = await factory.AddHospital("入力病院 " + Guid.NewGuid().ToString("N")[..6]);
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var form = new Dictionary<string, string>
        {
            ["_handler"] = "channels",
            ["Form.Host"] = "smtp.hospital.example.jp", ["Form.Port"] = "58７", ["Form.Security"] = "starttls", ["Form.User"] = "", ["Form.Password"] = "",
            ["Form.FromAddress"] = "sonae@hospital", ["Form.FromName"] = "備え",
            ["Form.Webhooks[0].Name"] = "病院のシステム", ["Form.Webhooks[0].Format"] = "json", ["Form.Webhooks[0].Url"] = "hospital.example.jp/hook",
        };
        var refused = await officer.Post("/settings/channels", form, await officer.Token("/settings/channels"));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("ポート番号は 1 から 65535 までの数字です（入力: 「58７」）", html, StringComparison.Ordinal);
        Assert.Contains("「hospital.example.jp/hook」は http:// か https:// で始まるアドレスではありません", html, StringComparison.Ordinal);
        Assert.Contains("value=\"smtp.hospital.example.jp\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"hospital.example.jp/hook\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"mail-port\" name=\"Form.Port\" value=\"58７\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"err-mail-port\"", html, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await (await hospital.Officer.GetAsync("/api/v1/settings/channels")).Json(HttpStatusCode.OK)).GetProperty("mail").ValueKind);

        form["Form.Port"] = "587";
        form["Form.FromAddress"] = "sonae@hospital.example.jp";
        form["Form.Webhooks[0].Url"] = "https://hospital.example.jp/hook";
        var saved = await officer.Post("/settings/channels", form, await officer.Token("/settings/channels"));
        Assert.Contains("保存しました。", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var read = await (await hospital.Officer.GetAsync("/api/v1/settings/channels")).Json(HttpStatusCode.OK);
        Assert.Equal(("smtp.hospital.example.jp", 587, "starttls"), (read.GetProperty("mail").GetProperty("host").GetString(), read.GetProperty("mail").GetProperty("port").GetInt32(), read.GetProperty("mail").GetProperty("security").GetString()));
        var webhook = Assert.Single(read.GetProperty("webhooks").EnumerateArray());
        Assert.Equal(("病院のシステム", "json"), (webhook.GetProperty("name").GetString(), webhook.GetProperty("format").GetString()));

        // Ticking "remove" takes a webhook off.
        var removed = await officer.Post("/settings/channels", new()
        {
            ["_handler"] = "channels", ["Form.Host"] = "smtp.hospital.example.jp", ["Form.Port"] = "587", ["Form.Security"] = "starttls", ["Form.FromAddress"] = "sonae@hospital.example.jp",
            ["Form.Webhooks[0].Id"] = webhook.GetProperty("id").GetString()!, ["Form.Webhooks[0].Name"] = "病院のシステム", ["Form.Webhooks[0].Format"] = "json",
            ["Form.Webhooks[0].Url"] = "https://hospital.example.jp/hook", ["Form.Webhooks[0].Remove"] = "true",
        }, await officer.Token("/settings/channels"));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty((await (await hospital.Officer.GetAsync("/api/v1/settings/channels")).Json(HttpStatusCode.OK)).GetProperty("webhooks").EnumerateArray());
    }
}

public sealed class SqliteChannelSettingsTests(SqliteFactory factory) : ChannelSettingsTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresChannelSettingsTests(PostgresFactory factory) : ChannelSettingsTests(factory), IClassFixture<PostgresFactory>;
