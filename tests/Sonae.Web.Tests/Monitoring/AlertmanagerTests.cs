using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Monitoring;

/// <summary>
/// The real thing end to end: Debian's Prometheus Alertmanager, started by the test, posts its webhook to a Sonae
/// server process with a source's token. A firing alert then its resolution is one anomaly report and one note; a
/// burst of a hundred alerts of one group is one report holding all hundred.
/// </summary>
public abstract class AlertmanagerTests(SonaeFactory factory)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FiringThenResolved_IsOneReportAndOneNote_ABurstOfAHundredIsOneReport()
    {
        var hospital = await factory.AddHospital($"監視病院 {Guid.NewGuid():N}"[..12]);
        var inventory = new Inventory([], [new("SV-001", "EHR-DB01", AssetKind.Server, "サーバ室", null, "10.10.0.5", null, null, null, null, null, null)]);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/inventory", new { baseVersion = 0, content = JsonSerializer.SerializeToElement(inventory, RecordJson.Options) })).Json(HttpStatusCode.OK);
        var made = await (await hospital.Officer.PostJson("/api/v1/settings/alert-sources", new { name = "Prometheus", kind = "alertmanager" })).Json(HttpStatusCode.Created);
        await using var sonae = await ServerProcess.Start(factory);
        await using var alertmanager = await AlertmanagerProcess.Start(sonae.Address, made.GetProperty("token").GetString()!);

        var startsAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        await alertmanager.Post([("HostDown", "10.10.0.5:9100")], startsAt);
        var incident = await Eventually(async () => (await Incidents(hospital)).SingleOrDefault(), alertmanager);
        Assert.Equal(IncidentSource.Alert, incident.Source);
        Assert.Contains("EHR-DB01", incident.Title, StringComparison.Ordinal);

        await alertmanager.Post([("HostDown", "10.10.0.5:9100")], startsAt, endsAt: DateTimeOffset.UtcNow.AddSeconds(-1));
        await Eventually(async () => (await Count(incident.Id, "note-added")) == 1 ? true : (bool?)null, alertmanager);
        Assert.Equal(1, await Count(incident.Id, "anomaly-reported"));
        Assert.Equal(IncidentStatus.Open, (await Incidents(hospital)).Single().Status);

        var burst = Enumerable.Range(1, 100).Select(i => ("DiskFull", $"10.20.0.{i}:9100")).ToList();
        await alertmanager.Post(burst, DateTimeOffset.UtcNow.AddSeconds(-5));
        var second = await Eventually(async () => (await Incidents(hospital)).Where(i => i.Id != incident.Id).SingleOrDefault(), alertmanager);
        await Eventually(async () => await AlertsOf(hospital, "DiskFull") == 100 ? true : (bool?)null, alertmanager);
        Assert.Equal(2, (await Incidents(hospital)).Count);
        Assert.Equal(1, await Count(second.Id, "anomaly-reported"));
    }

    private Task<List<Sonae.Data.Incidents.Incident>> Incidents(Hospital hospital) =>
        factory.Database(db => db.Incidents.IgnoreQueryFilters().AsNoTracking().Where(i => i.OrganizationId == hospital.Id).ToListAsync());

    private Task<int> Count(Guid incident, string type) =>
        factory.Database(db => db.IncidentEvents.IgnoreQueryFilters().CountAsync(e => e.IncidentId == incident && e.Type == type));

    private Task<int> AlertsOf(Hospital hospital, string name) =>
        factory.Database(db => db.Alerts.IgnoreQueryFilters().CountAsync(a => a.OrganizationId == hospital.Id && a.Name == name));

    private static async Task<T> Eventually<T>(Func<Task<T?>> read, AlertmanagerProcess alertmanager)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (await read() is { } found)
                return found;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Alertmanager's notifications did not arrive within {Patience}. Its log:\n{alertmanager.Log}");
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> read, AlertmanagerProcess alertmanager)
        where T : struct
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (await read() is { } found)
                return found;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Alertmanager's notifications did not arrive within {Patience}. Its log:\n{alertmanager.Log}");
    }
}

public sealed class SqliteAlertmanagerTests(SqliteFactory factory) : AlertmanagerTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresAlertmanagerTests(PostgresFactory factory) : AlertmanagerTests(factory), IClassFixture<PostgresFactory>;
