using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Web.Notices.Delivery;
using Sonae.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// Two Sonae servers on one database (one PostgreSQL, one SQLite file), each with its own dispatcher, woken at the
/// same moment for 200 messages (120 e-mails, 80 webhook posts): the receivers get each exactly once, and both servers
/// took part (each sent message names its sender).
/// </summary>
public abstract class TwoServersDeliveryTests(SonaeFactory factory, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoServers_SendTwoHundredMessages_EachArrivesOnce()
    {
        await using var hooks = await WebhookReceiver.Start();
        await using var smtp = await SmtpReceiver.Start(SmtpReceiver.FreePort(), TimeSpan.FromMilliseconds(5));
        var hospital = await factory.AddHospital("二台の病院 " + Guid.NewGuid().ToString("N")[..6]);
        var saved = await (await hospital.Officer.PutJson("/api/v1/settings/channels", new
        {
            mail = new { host = "127.0.0.1", port = smtp.Port, security = "none", fromAddress = "sonae@hospital.example.jp" },
            webhooks = new[] { new { name = "病院のシステム", format = "json", url = hooks.Url("/hook/json") } },
        })).Json(HttpStatusCode.OK);
        var hook = saved.GetProperty("webhooks")[0].GetProperty("id").GetString()!;
        using var second = new SecondServer(factory);
        _ = second.Services;

        var now = DateTimeOffset.UtcNow;
        await DeliveryTestOptions.Enqueue(factory, hospital.Id,
        [
            .. Enumerable.Range(1, 120).Select(i => DeliveryTestOptions.Message(hospital.Id, "email", $"staff{i}@hospital.example.jp", $"お知らせ {i}", $"本文 {i}", now)),
            .. Enumerable.Range(1, 80).Select(i => DeliveryTestOptions.Message(hospital.Id, "webhook", hook, $"お知らせ {i}", $"本文 {i}", now)),
        ], wake: false);
        factory.Services.GetRequiredService<OutboxSignal>().Wake();
        second.Services.GetRequiredService<OutboxSignal>().Wake();

        Assert.True(await smtp.WaitFor(120, TimeSpan.FromSeconds(90)), $"{smtp.Count} of 120 e-mails arrived");
        Assert.True(await hooks.WaitFor("json", 80, TimeSpan.FromSeconds(90)), $"{hooks.For("json").Count} of 80 posts arrived");
        // A moment for a repeat, if there were one, to arrive too.
        await Task.Delay(1000);

        var rows = await factory.Database(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.OrganizationId == hospital.Id).ToListAsync());
        var ids = smtp.Messages().Select(m => m.MessageId).ToList();
        var deliveries = hooks.For("json").Select(h => h.Delivery).ToList();
        Assert.Equal(rows.Where(r => r.Channel == "email").Select(DeliveryIds.MessageId).Order(), ids.Order());
        Assert.Equal(rows.Where(r => r.Channel == "webhook").Select(DeliveryIds.For).Order(), deliveries.Order());
        Assert.All(rows, r => Assert.True(r.SentAt is not null && r.Attempts == 0, $"message {r.Id}: sent {r.SentAt}, {r.Attempts} failures, {r.LastError}"));
        var bySender = rows.GroupBy(r => r.LeasedBy![..r.LeasedBy!.LastIndexOf(':')]).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{factory.Provider}: " + string.Join(", ", bySender.Select(s => $"{s.Key} sent {s.Value}")));
        Assert.Equal(2, bySender.Count);
    }
}

public sealed class SqliteTwoServersDeliveryTests(QuickSqliteFactory factory, ITestOutputHelper output) : TwoServersDeliveryTests(factory, output), IClassFixture<QuickSqliteFactory>;

public sealed class PostgresTwoServersDeliveryTests(QuickPostgresFactory factory, ITestOutputHelper output) : TwoServersDeliveryTests(factory, output), IClassFixture<QuickPostgresFactory>;
