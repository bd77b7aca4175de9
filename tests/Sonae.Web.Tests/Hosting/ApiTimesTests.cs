using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// Every time the API answers with is written one way, Japan time to the millisecond
/// (<c>2026-11-24T09:00:00.123+09:00</c>), on every endpoint, whichever database it was read from: before, the same
/// moment came out as <c>+09:00</c> from a deadline, <c>Z</c> from the record and <c>+00:00</c> from a table, with seven
/// decimals from SQLite and six from PostgreSQL. Times sent in keep being read in any ISO 8601 form.
/// </summary>
public abstract partial class ApiTimesTests(SonaeFactory factory, FakeTimeProvider clock)
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex LooksLikeATime();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$")]
    private static partial Regex ApiTime();

    /// <summary>Every string of an answer that reads as a time, with where it is.</summary>
    private static IEnumerable<(string Path, string Value)> Times(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var time in Times(property.Value, $"{path}.{property.Name}"))
                        yield return time;
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var time in Times(item, $"{path}[{i++}]"))
                        yield return time;
                }
                break;
            case JsonValueKind.String when LooksLikeATime().IsMatch(element.GetString()!):
                yield return (path, element.GetString()!);
                break;
        }
    }

    [Fact]
    public async Task EveryEndpoint_WritesTimesInJapanTimeToTheMillisecond_TheSameOnEitherDatabase()
    {
        // A moment between two microseconds: SQLite keeps 100 ns, PostgreSQL 1 µs; both answer the millisecond.
        clock.Advance(TimeSpan.FromTicks(1_234_567));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), clock.GetUtcNow());
        const string Now = "2026-11-24T09:00:00.123+09:00";
        var hospital = await factory.AddHospital("時刻テスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        var profile = new { name = "時刻テスト病院", kind = "hospital", beds = 120, @operator = "private", largeOrRegional = false };
        await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, content = profile })).Json(HttpStatusCode.OK);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports",
            new { department = "3階西病棟", signs = new[] { "ransom-note" }, since = "2026-11-23T22:15:00Z" })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        await (await hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=a.log&kind=log&collectedAt=2026-11-24T08:30",
            new ByteArrayContent("log"u8.ToArray()))).Json(HttpStatusCode.Created);
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name = "富士システム 田中様", hours = 24 })).Json(HttpStatusCode.Created);
        await (await hospital.Officer.PostJson("/api/v1/reporting-links", new { label = "3階西 共用端末" })).Json(HttpStatusCode.Created);
        await (await hospital.Management.PostJson("/api/v1/checkpoints", null)).Json(HttpStatusCode.Created);

        var answers = new Dictionary<string, JsonElement>();
        foreach (var path in new[]
        {
            "/api/v1/incidents", $"/api/v1/incidents/{incident}", $"/api/v1/incidents/{incident}/events", $"/api/v1/incidents/{incident}/reporting",
            $"/api/v1/incidents/{incident}/evidence", $"/api/v1/incidents/{incident}/invitations", "/api/v1/preparedness", "/api/v1/preparedness/profile",
            "/api/v1/preparedness/profile/versions", "/api/v1/preparedness/people", "/api/v1/checkpoints", "/api/v1/reporting-links",
        })
        {
            answers[path] = await (await hospital.Management.GetAsync(path)).Json(HttpStatusCode.OK);
        }

        var times = answers.SelectMany(a => Times(a.Value, a.Key)).ToList();
        Assert.True(times.Count > 20, $"Only {times.Count} times found: {string.Join(", ", times)}");
        Assert.All(times, t => Assert.True(ApiTime().IsMatch(t.Value), $"{t.Path} = {t.Value}"));
        // The same moment, from a table (the profile's version, the checkpoint) and from the record (the opening, an event).
        Assert.Equal(Now, answers["/api/v1/preparedness/profile"].GetProperty("changedAt").GetString());
        Assert.Equal(Now, answers["/api/v1/checkpoints"][0].GetProperty("madeAt").GetString());
        Assert.Equal(Now, answers[$"/api/v1/incidents/{incident}/events"].GetProperty("items")[0].GetProperty("at").GetString());
        // What the staff member said (since 22:15 UTC) is the moment of awareness, in Japan time; the deadline is a JST midnight.
        var reporting = answers[$"/api/v1/incidents/{incident}/reporting"];
        Assert.Equal("2026-11-24T07:15:00.000+09:00", reporting.GetProperty("awareness").GetProperty("at").GetString());
        Assert.Equal("2026-11-28T00:00:00.000+09:00", reporting.GetProperty("clocks")[0].GetProperty("due").GetString());
    }

    [Theory]
    [InlineData("2026-11-23T20:00:00Z")]
    [InlineData("2026-11-24T05:00:00+09:00")]
    [InlineData("2026-11-24T05:00")]
    [InlineData("2026-11-23T20:00:00.000+00:00")]
    public async Task TimesSentIn_AreReadInAnyIsoForm_AndAnsweredInOne(string at)
    {
        var hospital = await factory.AddHospital("時刻入力病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "入力形式" })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incidentId").GetString()!;

        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reporting/awareness", new { at, reason = "夜勤帯に把握" })).Json(HttpStatusCode.OK);

        var reporting = await (await hospital.Management.GetAsync($"/api/v1/incidents/{incident}/reporting")).Json(HttpStatusCode.OK);
        Assert.Equal("2026-11-24T05:00:00.000+09:00", reporting.GetProperty("awareness").GetProperty("at").GetString());
    }
}

public sealed class SqliteApiTimesTests(ClockedSqliteFactory factory) : ApiTimesTests(factory, factory.Fake), IClassFixture<ClockedSqliteFactory>;

public sealed class PostgresApiTimesTests(ClockedPostgresFactory factory) : ApiTimesTests(factory, factory.Fake), IClassFixture<ClockedPostgresFactory>;
