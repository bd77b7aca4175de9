using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// A notice from the sender's form to the person's inbox and back: the hospital's mail server (aiosmtpd, started here)
/// receives one e-mail per person with an address, each holding that person's own link, and the link from the e-mail
/// acknowledges for them without signing in; the hospital's webhook hears the notice once, with a link to its page and
/// nobody's personal link.
/// </summary>
public abstract class NoticeDeliveryTests(SonaeFactory factory)
{
    private static readonly PeopleDirectory Directory = new(
        [
            new Person("p-tanaka", "田中 一郎", "情報システム課", "課長", [Role.SecurityOfficer], null, [new(ChannelKind.Mobile, "090-0000-2100"), new(ChannelKind.Email, "tanaka@hospital.example.jp")]),
            new Person("p-sato", "佐藤 美咲", "3階西病棟", "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "3310"), new(ChannelKind.Email, "sato@hospital.example.jp")]),
            new Person("p-kato", "加藤 健", "3階西病棟", "看護師", [Role.Staff], null, [new(ChannelKind.Phs, "3311")]),
        ],
        ["情報システム課", "3階西病棟"], "p-tanaka", []);

    [Fact]
    public async Task EachPersonsMail_HoldsTheirOwnLink_WhichAcknowledgesForThem_AndTheWebhookHearsTheNoticeOnce()
    {
        await using var hooks = await WebhookReceiver.Start();
        await using var smtp = await SmtpReceiver.Start(SmtpReceiver.FreePort());
        var hospital = await factory.AddHospital("配信病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content = JsonSerializer.SerializeToElement(Directory, RecordJson.Options) })).Json(HttpStatusCode.OK);
        await (await hospital.Officer.PutJson("/api/v1/settings/channels", new
        {
            mail = new { host = "127.0.0.1", port = smtp.Port, security = "none", fromAddress = "sonae@hospital.example.jp", fromName = "備え" },
            webhooks = new[] { new { name = "病院のシステム", format = "json", url = hooks.Url("/hook/json") } },
        })).Json(HttpStatusCode.OK);

        var sent = await (await hospital.Officer.PostJson("/api/v1/notices", new
        {
            kind = "stop-use", title = "電子カルテの使用停止", body = "紙運用に切り替えてください。", audience = new { departments = new[] { "3階西病棟" } },
        })).Json(HttpStatusCode.Created);
        Assert.Equal(2, sent.GetProperty("recipients").GetInt32());

        Assert.True(await smtp.WaitFor(1, TimeSpan.FromSeconds(30)), "no mail arrived");
        Assert.True(await hooks.WaitFor("json", 1, TimeSpan.FromSeconds(30)), "the webhook heard nothing");
        var mail = Assert.Single(smtp.Messages());
        Assert.Equal("sato@hospital.example.jp", mail.To.Mailboxes.Single().Address);
        Assert.Contains("電子カルテの使用停止", mail.Subject, StringComparison.Ordinal);
        var link = (mail.TextBody ?? "").Split('\n').Select(l => l.Trim()).Single(l => l.Contains("/ack/", StringComparison.Ordinal));
        var hook = Assert.Single(hooks.For("json"));
        Assert.DoesNotContain("/ack/", hook.Body.GetRawText(), StringComparison.Ordinal);
        Assert.Contains($"/notices/{sent.GetProperty("number").GetInt32()}", hook.Body.GetRawText(), StringComparison.Ordinal);

        var token = new Uri(link).AbsolutePath["/ack/".Length..];
        var acknowledged = await (await factory.CreateClient().PostAsync($"/api/v1/acknowledgements/{token}", null)).Json(HttpStatusCode.OK);
        Assert.Equal(("acknowledged", "佐藤 美咲"), (acknowledged.GetProperty("outcome").GetString(), acknowledged.GetProperty("name").GetString()));

        // The mail reaching the receiver comes a moment before the dispatcher records it as sent.
        Dictionary<string, JsonElement> recipients = [];
        Assert.True(await Waiting.Until(async () =>
        {
            var detail = await (await hospital.Officer.GetAsync($"/api/v1/notices/{sent.GetProperty("id").GetString()}")).Json(HttpStatusCode.OK);
            recipients = detail.GetProperty("recipients").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
            return recipients["佐藤 美咲"].GetProperty("delivery").GetString() != "waiting";
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100)), "the mail was never recorded as sent");
        Assert.Equal(("sent", "link"), (recipients["佐藤 美咲"].GetProperty("delivery").GetString(), recipients["佐藤 美咲"].GetProperty("via").GetString()));
        // No address: nothing to send, and the page says to phone them.
        Assert.Equal(JsonValueKind.Null, recipients["加藤 健"].GetProperty("delivery").ValueKind);
        Assert.False(recipients["加藤 健"].GetProperty("hasEmail").GetBoolean());
    }
}

public sealed class SqliteNoticeDeliveryTests(DeliverySqliteFactory factory) : NoticeDeliveryTests(factory), IClassFixture<DeliverySqliteFactory>;

public sealed class PostgresNoticeDeliveryTests(DeliveryPostgresFactory factory) : NoticeDeliveryTests(factory), IClassFixture<DeliveryPostgresFactory>;
