using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sonae.Data;
using Sonae.Data.Notices;
using Sonae.Web.Notices.Delivery;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// Delivery through real servers started here on loopback: aiosmtpd for e-mail, a small Kestrel app for the webhooks.
/// The mail server is down while the webhooks deliver (and one webhook hangs, one answers 500: neither holds the
/// others); the mail waits with its reason and goes once the server is up and its retry comes due (the clock moved).
/// </summary>
public abstract class DeliveryTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private const string Link = "https://sonae.hospital.example.jp/notices/1";

    [Fact]
    public async Task SmtpDown_WebhooksStillDeliver_ThenTheRetrySendsTheMail()
    {
        await using var hooks = await WebhookReceiver.Start();
        var port = SmtpReceiver.FreePort();
        var hospital = await factory.AddHospital("配信病院 " + Guid.NewGuid().ToString("N")[..6]);
        var saved = await (await hospital.Officer.PutJson("/api/v1/settings/channels", new
        {
            mail = new { host = "127.0.0.1", port, security = "none", fromAddress = "sonae@hospital.example.jp", fromName = "備え 安全管理" },
            webhooks = new[]
            {
                new { name = "病院のシステム", format = "json", url = hooks.Url("/hook/json") },
                new { name = "情報システム課の Slack", format = "slack", url = hooks.Url("/hook/slack") },
                new { name = "経営会議の Teams", format = "teams", url = hooks.Url("/hook/teams") },
                new { name = "止まった受信先", format = "json", url = hooks.Url("/hang/slow") },
                new { name = "壊れた受信先", format = "json", url = hooks.Url("/fail/broken") },
            },
        })).Json(HttpStatusCode.OK);
        var hookIds = saved.GetProperty("webhooks").EnumerateArray().ToDictionary(w => w.GetProperty("name").GetString()!, w => w.GetProperty("id").GetString()!);

        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "電子カルテ停止" })).Json(HttpStatusCode.Created);
        var incidentNumber = created.GetProperty("number").GetInt32();
        var notice = await AddNotice(hospital.Id, Guid.Parse(created.GetProperty("incidentId").GetString()!));
        var now = clock.GetUtcNow();

        // The hanging webhook first: everything else must get through while it holds its lane.
        await DeliveryTestOptions.Enqueue(factory, hospital.Id, [DeliveryTestOptions.Message(hospital.Id, "webhook", hookIds["止まった受信先"], "止まった", "本文", now, Link, notice)]);
        Assert.True(await hooks.WaitFor("slow", 1, TimeSpan.FromSeconds(20)), "the hanging webhook was never posted to");
        await DeliveryTestOptions.Enqueue(factory, hospital.Id,
        [
            DeliveryTestOptions.Message(hospital.Id, "email", "sato@hospital.example.jp", "【至急】電子カルテの使用を中止してください", "佐藤 花子 様\n\n電子カルテの使用を直ちに中止し、紙カルテに切り替えてください。\n確認: " + Link, now, Link, notice),
            DeliveryTestOptions.Message(hospital.Id, "email", "suzuki@hospital.example.jp", "【至急】電子カルテの使用を中止してください", "鈴木 一郎 様\n\n電子カルテの使用を直ちに中止してください。", now, Link, notice),
            .. new[] { "病院のシステム", "情報システム課の Slack", "経営会議の Teams", "壊れた受信先" }.Select(name =>
                DeliveryTestOptions.Message(hospital.Id, "webhook", hookIds[name], "【至急】電子カルテの使用を中止してください", "電子カルテの使用を直ちに中止し、紙カルテに切り替えてください。", now, Link, notice)),
        ]);

        foreach (var hook in new[] { "json", "slack", "teams", "broken" })
            Assert.True(await hooks.WaitFor(hook, 1, TimeSpan.FromSeconds(20)), $"{hook} received nothing");
        Assert.All(hooks.Received.Where(r => r.Hook != "slow"), r => Assert.True(r.WhileHanging, $"{r.Hook} arrived after the hanging webhook let go: it waited for it"));

        // The mail server is down: each e-mail failed once, says why, and is due again in 30 s.
        var mails = await WaitForRows(hospital.Id, "email", m => m.Attempts == 1, 2);
        Assert.All(mails, m =>
        {
            Assert.StartsWith("connection-refused: 127.0.0.1:", m.LastError, StringComparison.Ordinal);
            Assert.Null(m.SentAt);
            Assert.Null(m.LeasedBy);
            Assert.Equal(now.AddSeconds(30), m.DueAt);
        });
        var broken = Assert.Single(await WaitForRows(hospital.Id, "webhook", m => m.Target == hookIds["壊れた受信先"] && m.Attempts == 1, 1));
        Assert.Equal("http-status: 500 Internal Server Error no_service", broken.LastError);
        var slow = Assert.Single(await WaitForRows(hospital.Id, "webhook", m => m.Target == hookIds["止まった受信先"] && m.Attempts == 1, 1, TimeSpan.FromSeconds(30)));
        Assert.StartsWith("timeout: ", slow.LastError, StringComparison.Ordinal);

        var state = await States(hospital.Officer);
        Assert.True(state["mail"].GetProperty("failing").GetBoolean());
        Assert.Equal(2, state["mail"].GetProperty("waiting").GetInt32());
        Assert.Equal("connection-refused", state["mail"].GetProperty("lastErrorCode").GetString());
        Assert.Contains("接続を断られました", state["mail"].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.False(state[hookIds["病院のシステム"]].GetProperty("failing").GetBoolean());
        Assert.True(state[hookIds["壊れた受信先"]].GetProperty("failing").GetBoolean());

        // The hanging webhook is taken off the settings: its retry is given up, saying so.
        var webhooksLeft = saved.GetProperty("webhooks").EnumerateArray().Where(w => w.GetProperty("name").GetString() != "止まった受信先")
            .Select(w => new { id = w.GetProperty("id").GetString(), name = w.GetProperty("name").GetString(), format = w.GetProperty("format").GetString(), url = w.GetProperty("url").GetString() }).ToArray();
        (await hospital.Officer.PutJson("/api/v1/settings/channels", new
        {
            mail = new { host = "127.0.0.1", port, security = "none", fromAddress = "sonae@hospital.example.jp", fromName = "備え 安全管理" },
            webhooks = webhooksLeft,
        })).EnsureSuccessStatusCode();

        // The mail server comes back; 31 seconds later the retry finds it.
        await using var smtp = await SmtpReceiver.Start(port);
        clock.Advance(TimeSpan.FromSeconds(31));
        factory.Services.GetRequiredService<OutboxSignal>().Wake();
        Assert.True(await smtp.WaitFor(2, TimeSpan.FromSeconds(20)), $"the retry delivered {smtp.Count} of 2 e-mails");
        var rows = await WaitForRows(hospital.Id, "email", m => m.SentAt != null, 2);
        var received = smtp.Messages();
        Assert.Equal(rows.Select(DeliveryIds.MessageId).Order(), received.Select(m => m.MessageId).Order());
        var sato = received.Single(m => m.To.Mailboxes.Single().Address == "sato@hospital.example.jp");
        Assert.Equal("【至急】電子カルテの使用を中止してください", sato.Subject);
        Assert.Contains("電子カルテの使用を直ちに中止し、紙カルテに切り替えてください。", sato.TextBody, StringComparison.Ordinal);
        Assert.Equal("備え 安全管理", sato.From.Mailboxes.Single().Name);
        Assert.Equal($"sonae-{hospital.Id:N}-{rows.Single(r => r.Target == "sato@hospital.example.jp").Id}@sonae.outbox", sato.MessageId);
        Assert.All(rows, r => Assert.Equal((1, clock.GetUtcNow()), (r.Attempts, r.SentAt!.Value)));
        var gaveUp = Assert.Single(await WaitForRows(hospital.Id, "webhook", m => m.Target == hookIds["止まった受信先"] && m.GaveUpAt != null, 1));
        Assert.Equal($"webhook-removed: {hookIds["止まった受信先"]}", gaveUp.LastError);
        state = await States(hospital.Officer);
        Assert.False(state["mail"].GetProperty("failing").GetBoolean());
        Assert.Equal(0, state["mail"].GetProperty("waiting").GetInt32());

        // What each webhook received: the shape its service accepts, and the stable id in the header and the body.
        var messageRows = await Rows(hospital.Id, "webhook");
        var plain = Assert.Single(hooks.For("json"));
        var plainRow = messageRows.Single(m => m.Target == hookIds["病院のシステム"]);
        Assert.Equal(DeliveryIds.For(plainRow), plain.Delivery);
        Assert.StartsWith("application/json", plain.ContentType, StringComparison.Ordinal);
        Assert.Equal(plain.Delivery, plain.Body.GetProperty("id").GetString());
        Assert.Equal(hospital.Id.ToString(), plain.Body.GetProperty("organization").GetProperty("id").GetString());
        Assert.StartsWith("配信病院", plain.Body.GetProperty("organization").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(("stop-use", incidentNumber, Link), (plain.Body.GetProperty("kind").GetString(), plain.Body.GetProperty("incident").GetInt32(), plain.Body.GetProperty("link").GetString()));
        Assert.Equal("【至急】電子カルテの使用を中止してください", plain.Body.GetProperty("title").GetString());
        Assert.Equal("電子カルテの使用を直ちに中止し、紙カルテに切り替えてください。", plain.Body.GetProperty("text").GetString());
        Assert.EndsWith("+09:00", plain.Body.GetProperty("sentAt").GetString(), StringComparison.Ordinal);

        var slack = Assert.Single(hooks.For("slack")).Body;
        Assert.Contains("電子カルテの使用を中止してください", slack.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = slack.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "actions"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("【至急】電子カルテの使用を中止してください", blocks[0].GetProperty("text").GetProperty("text").GetString());
        var button = Assert.Single(blocks[2].GetProperty("elements").EnumerateArray());
        Assert.Equal(("button", Link, "plain_text"), (button.GetProperty("type").GetString(), button.GetProperty("url").GetString(), button.GetProperty("text").GetProperty("type").GetString()));
        Assert.InRange(button.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 75);

        var teams = Assert.Single(hooks.For("teams")).Body;
        Assert.Equal("message", teams.GetProperty("type").GetString());
        var attachment = Assert.Single(teams.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.Null, attachment.GetProperty("contentUrl").ValueKind);
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        var texts = card.GetProperty("body").EnumerateArray().ToList();
        Assert.All(texts, t => Assert.Equal("TextBlock", t.GetProperty("type").GetString()));
        Assert.Equal(["【至急】電子カルテの使用を中止してください", "電子カルテの使用を直ちに中止し、紙カルテに切り替えてください。"], texts.Select(t => t.GetProperty("text").GetString()));
        var open = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal(("Action.OpenUrl", Link), (open.GetProperty("type").GetString(), open.GetProperty("url").GetString()));
    }

    private async Task<Guid> AddNotice(Guid organization, Guid incident)
    {
        var id = Guid.NewGuid();
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganizationScope>().Enter(organization);
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        db.Notices.Add(new NoticeRow
        {
            Id = id, OrganizationId = organization, Number = 1, IncidentId = incident, Kind = "stop-use", Title = "電子カルテの使用中止", Body = "紙カルテへ",
            Audience = "{\"everyone\":true}", SentBy = "sonae", SentByName = "Sonae", SentAt = clock.GetUtcNow(), ExpiresAt = clock.GetUtcNow().AddDays(7),
        });
        await db.SaveChangesAsync();
        return id;
    }

    private Task<List<OutboxMessageRow>> Rows(Guid organization, string channel) =>
        factory.Database(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.OrganizationId == organization && m.Channel == channel).ToListAsync());

    private async Task<List<OutboxMessageRow>> WaitForRows(Guid organization, string channel, Func<OutboxMessageRow, bool> done, int count, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var rows = (await Rows(organization, channel)).Where(done).ToList();
            if (rows.Count >= count || DateTime.UtcNow > until)
            {
                Assert.True(rows.Count >= count, $"{rows.Count} of {count} {channel} messages got there");
                return rows;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The channels' state from the API, by webhook id (<c>mail</c> for e-mail).</summary>
    private static async Task<Dictionary<string, JsonElement>> States(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/settings/channels")).Json(HttpStatusCode.OK)).GetProperty("state").EnumerateArray()
            .ToDictionary(s => s.GetProperty("webhookId").GetString() ?? "mail");
}

public sealed class SqliteDeliveryTests(DeliverySqliteFactory factory) : DeliveryTests(factory, factory.Fake), IClassFixture<DeliverySqliteFactory>;

public sealed class PostgresDeliveryTests(DeliveryPostgresFactory factory) : DeliveryTests(factory, factory.Fake), IClassFixture<DeliveryPostgresFactory>;
