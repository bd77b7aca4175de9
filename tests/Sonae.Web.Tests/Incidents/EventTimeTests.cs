using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sonae.Data;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// Times callers give and times the record keeps: a "seen since" far in the past is refused (a mistyped year became
/// the moment of awareness), a time without an offset is read as JST, and an incident's times never run backwards
/// when two servers whose clocks differ write to it.
/// </summary>
public abstract class EventTimeTests(SonaeFactory factory, FakeTimeProvider clock)
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("0001-01-05T00:00:00+09:00")]
    [InlineData("1900-01-01T00:00:00+09:00")]
    public async Task AnomalyReport_SeenSinceLongAgo_IsRefused_AndNothingIsStored(string since)
    {
        var hospital = await factory.AddHospital("時刻病院 " + Guid.NewGuid().ToString("N")[..6]);

        var refused = await (await hospital.Staff.PostAsync("/api/v1/anomaly-reports", Json($$"""{"department":"外来","signs":["other"],"since":"{{since}}"}""")))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");

        Assert.Contains("366 日より前", refused.Detail(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.Database(db => db.Incidents.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).CountAsync(i => i.OrganizationId == hospital.Id)));
        var awareness = await (await hospital.Management.PostAsync("/api/v1/incidents/1/reporting/awareness", Json("""{"at":"1900-01-01T00:00:00+09:00","reason":"打ち間違い"}""")))
            .Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"seq\"", awareness, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnomalyReport_SinceWithoutAnOffset_IsReadAsJst()
    {
        var hospital = await factory.AddHospital("時差病院 " + Guid.NewGuid().ToString("N")[..6]);
        var jst = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).AddMinutes(-15);
        var local = jst.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        var created = await (await hospital.Staff.PostAsync("/api/v1/anomaly-reports", Json($$"""{"department":"外来","signs":["other"],"since":"{{local}}"}""")))
            .Json(HttpStatusCode.Created);

        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        var reporting = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reporting")).Json(HttpStatusCode.OK);
        Assert.Equal(jst, reporting.GetProperty("awareness").GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Commands_FromAServerWhoseClockIsBehind_NeverRunTheIncidentsTimesBackwards()
    {
        var hospital = await factory.AddHospital("二台病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "時計のずれ" })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incidentId").GetString()!;
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "正しい時計" })).Json(HttpStatusCode.OK);
        using var behind = factory.Sibling(clock.GetUtcNow().AddMinutes(-3));

        await (await behind.Client(hospital.Keys[Core.Access.Role.SecurityOfficer]).PostJson($"/api/v1/incidents/{incident}/notes", new { text = "3分遅れの時計" })).Json(HttpStatusCode.OK);

        var events = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .Where(e => e.IncidentId == Guid.Parse(incident)).OrderBy(e => e.Seq).ToListAsync());
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.True(pair.Second.At >= pair.First.At, $"event {pair.Second.Seq} at {pair.Second.At:O} is before event {pair.First.Seq} at {pair.First.At:O}"));
        Assert.Equal(events[^2].At, events[^1].At);
    }
}

public sealed class SqliteEventTimeTests(ClockedSqliteFactory factory) : EventTimeTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresEventTimeTests(ClockedPostgresFactory factory) : EventTimeTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
