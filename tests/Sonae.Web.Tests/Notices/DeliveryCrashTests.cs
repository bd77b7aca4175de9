using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Sonae.Web.Notices.Delivery;
using Sonae.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sonae.Web.Tests.Notices;

/// <summary>
/// Sonae killed (<c>kill -9</c>) while it sends 500 queued e-mails to a real mail server, then started again: every
/// one of the 500 arrives, and a message arrives twice at most when it was in flight at the kill (accepted by the
/// mail server, not yet marked sent): one, since a lane sends one message at a time. The server is the published
/// program in a process of its own; the test process's own host does not send.
/// </summary>
public abstract class DeliveryCrashTests(SonaeFactory factory, ITestOutputHelper output)
{
    private const int Queued = 500;

    [Fact]
    public async Task KillNine_WhileSending500Mails_EveryOneArrives_AndOnlyTheOneInFlightMayRepeat()
    {
        var port = SmtpReceiver.FreePort();
        var hospital = await factory.AddHospital("停電病院 " + Guid.NewGuid().ToString("N")[..6]);
        (await hospital.Officer.PutJson("/api/v1/settings/channels", new
        {
            mail = new { host = "127.0.0.1", port, security = "none", fromAddress = "sonae@hospital.example.jp" },
            webhooks = Array.Empty<object>(),
        })).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow;
        await DeliveryTestOptions.Enqueue(factory, hospital.Id,
            Enumerable.Range(1, Queued).Select(i => DeliveryTestOptions.Message(hospital.Id, "email", $"staff{i}@hospital.example.jp", $"停電のお知らせ {i}", $"本文 {i}", now)), wake: false);

        await using var smtp = await SmtpReceiver.Start(port, TimeSpan.FromMilliseconds(10));
        var folder = Directory.CreateTempSubdirectory("sonae-clock-").FullName;
        var clockFile = Path.Combine(folder, "offset");
        await File.WriteAllTextAsync(clockFile, "0");
        // The restarted server moves its clock past the killed one's leases (a minute) instead of the test waiting for them.
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", [Sonae.Web.Hosting.ShiftedClock.Variable] = clockFile };
        try
        {
            int atKill;
            await using (var server = await ServerProcess.Start(factory, environment: environment))
            {
                Assert.True(await smtp.WaitFor(100, TimeSpan.FromSeconds(90)), $"only {smtp.Count} e-mails arrived before the kill");
                await server.Kill();
                atKill = smtp.Count;
            }
            Assert.True(atKill < Queued, $"all {atKill} e-mails arrived before the kill: it tested nothing");

            await File.WriteAllTextAsync(clockFile, "120");
            await using (await ServerProcess.Start(factory, environment: environment))
            {
                var waited = Stopwatch.StartNew();
                while (Distinct(smtp) < Queued && waited.Elapsed < TimeSpan.FromSeconds(120))
                    await Task.Delay(100);
                while (await Unsent(hospital.Id) > 0 && waited.Elapsed < TimeSpan.FromSeconds(150))
                    await Task.Delay(100);
            }

            var ids = smtp.Messages().Select(m => m.MessageId).ToList();
            var expected = await factory.Database(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking()
                .Where(m => m.OrganizationId == hospital.Id).ToListAsync());
            var repeats = ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
            output.WriteLine($"{factory.Provider}: {atKill} of {Queued} had arrived at the kill; after the restart {ids.Distinct(StringComparer.Ordinal).Count()} distinct arrived, {repeats} twice");
            Assert.Equal(expected.Select(DeliveryIds.MessageId).Order(), ids.Distinct(StringComparer.Ordinal).Order());
            Assert.InRange(repeats, 0, 1);
            Assert.Equal(0, await Unsent(hospital.Id));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Distinct(SmtpReceiver smtp) => smtp.Messages().Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count();

    private Task<int> Unsent(Guid organization) =>
        factory.Database(db => db.OutboxMessages.IgnoreQueryFilters().CountAsync(m => m.OrganizationId == organization && m.SentAt == null));
}

public sealed class SqliteDeliveryCrashTests(QuietSqliteFactory factory, ITestOutputHelper output) : DeliveryCrashTests(factory, output), IClassFixture<QuietSqliteFactory>;

public sealed class PostgresDeliveryCrashTests(QuietPostgresFactory factory, ITestOutputHelper output) : DeliveryCrashTests(factory, output), IClassFixture<QuietPostgresFactory>;
