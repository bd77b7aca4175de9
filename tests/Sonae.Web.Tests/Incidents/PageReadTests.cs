using System.Net;
using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Incidents;

/// <summary>
/// The home page and the workspace read an incident's projection and a page of its record, never the whole record:
/// what they read of the events table, on an incident with many more notes than any page shows, for each role.
/// </summary>
public abstract class PageReadTests(SonaeFactory factory, RecordReads reads)
{
    /// <summary>More events than any page reads: a query that returns this many read the whole record.</summary>
    protected const int Notes = 120;

    /// <summary>The workspace's timeline: the latest events it shows.</summary>
    private const int Timeline = 30;

    /// <summary>
    /// A staff report whose record then grows by <see cref="Notes"/> notes, with management's answer that a report
    /// is required (so the legal clocks run and the home pages read them); its number.
    /// </summary>
    protected async Task<(Hospital Hospital, int Number)> LongIncident()
    {
        var hospital = await factory.AddHospital("長い記録の病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "3階西病棟", device = "PC-3W-01", signs = new[] { "ransom-note" } }))
            .Json(HttpStatusCode.Created);
        var id = created.GetProperty("incident").GetProperty("incidentId").GetString()!;
        var answers = new[] { "sensitive-data", "financial-harm", "unlawful-purpose", "over-threshold" }
            .Select(category => new { category, applies = category == "sensitive-data", reason = "診療情報" }).ToArray();
        await (await hospital.Management.PostJson($"/api/v1/incidents/{id}/reporting/assessment", new { answers })).Json(HttpStatusCode.OK);
        for (var i = 0; i < Notes; i++)
            await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/notes", new { text = $"経過メモ {i}" })).Json(HttpStatusCode.OK);
        var state = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{id}")).Json(HttpStatusCode.OK);
        return (hospital, state.GetProperty("incident").GetProperty("number").GetInt32());
    }

    /// <summary>
    /// The reads of the events table while <paramref name="role"/> opens the home page and the workspace (and
    /// management its decisions page, which reads each open incident's decisions and clocks).
    /// </summary>
    protected async Task<IReadOnlyList<RecordRead>> Pages(Hospital hospital, int number, Role role)
    {
        var session = await PageSession.SignedIn(factory, hospital.Keys[role]);
        string[] pages = role == Role.Management ? ["/", $"/incidents/{number}", "/decisions"] : ["/", $"/incidents/{number}"];
        return await reads.During(async () =>
        {
            foreach (var page in pages)
            {
                var response = await session.Get(page);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                await response.Content.ReadAsStringAsync();
            }
        });
    }

    public static TheoryData<Role> Roles => [Role.Management, Role.SecurityOfficer, Role.Staff];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task HomeAndWorkspace_ReadTheLatestPageOfTheRecord_NeverAllOfIt(Role role)
    {
        var (hospital, number) = await LongIncident();

        var read = (await Pages(hospital, number, role)).Where(r => r.ReadsEvents).ToList();

        // The workspace's timeline is the latest page; no query returns the record whole, whatever it filters after.
        Assert.Contains(read, r => r.Reads == Timeline + 1);
        Assert.All(read, r => Assert.True(r.Reads <= Timeline + 1, $"{r.Reads - 1} events returned by:\n{r.Sql}"));
        Assert.True(read.Sum(r => r.Reads) < Notes, $"{read.Sum(r => r.Reads)} reads in all by {read.Count} queries");
    }
}

public sealed partial class SqlitePageReadTests(RecordReadingSqliteFactory factory) : PageReadTests(factory, factory.Reads), IClassFixture<RecordReadingSqliteFactory>
{
    /// <summary>
    /// How SQLite finds what the pages read. The events: by the (incident, type) index, or by the (incident, sequence)
    /// key for a page (a LIMIT, in the key's order) of the latest; never a scan of the table, nor all of an incident's events by its key to
    /// keep a few types — what fails when a page starts filtering a record by type without the index. The incidents:
    /// never all of the hospital's (its history), but by number, status or the few whose final report is owed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EveryReadOfTheRecord_FindsItsRowsByAnIndex(Role role)
    {
        var (hospital, number) = await LongIncident();

        var read = await Pages(hospital, number, role);

        Assert.Contains(read, r => r.ReadsEvents);
        foreach (var query in read)
        {
            var plan = factory.Plan(query);
            var why = $"{string.Join("\n", plan)}\nfor:\n{query.Sql}";
            var events = Steps(plan, EventsAlias(), query.Sql);
            var incidents = Steps(plan, IncidentsAlias(), query.Sql);
            Assert.NotEmpty(events.Concat(incidents));
            Assert.All(events, step =>
            {
                Assert.StartsWith("SEARCH", step, StringComparison.Ordinal);
                var byType = step.Contains("IX_IncidentEvents_IncidentId_Type_Seq", StringComparison.Ordinal);
                // A page: the key's own order, cut by a LIMIT (sorted first, the LIMIT would cut a whole record's reading).
                var aPage = step.Contains("sqlite_autoindex_IncidentEvents_1", StringComparison.Ordinal) && query.Sql.Contains("LIMIT", StringComparison.Ordinal)
                    && !plan.Any(line => line.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
                Assert.True(byType || aPage, why);
            });
            Assert.All(incidents, step =>
            {
                Assert.StartsWith("SEARCH", step, StringComparison.Ordinal);
                // By the organization alone is every incident the hospital ever had, unless the index holds only a few.
                var wholeHospital = step.EndsWith("(OrganizationId=?)", StringComparison.Ordinal) && !factory.IsPartialIndex(IndexName().Match(step).Groups[1].Value);
                Assert.False(wholeHospital, why);
            });
        }
    }

    /// <summary>The plan's steps on the table <paramref name="table"/> names (by its aliases in the query).</summary>
    private static List<string> Steps(IReadOnlyList<string> plan, Regex table, string sql)
    {
        var aliases = table.Matches(sql).Select(m => m.Groups[1].Value).ToHashSet();
        return [.. plan.Where(line => aliases.Any(alias => line.StartsWith($"SCAN {alias}", StringComparison.Ordinal) || line.StartsWith($"SEARCH {alias} ", StringComparison.Ordinal)))];
    }

    [GeneratedRegex("FROM \"IncidentEvents\" AS \"(\\w+)\"")]
    private static partial Regex EventsAlias();

    [GeneratedRegex("FROM \"Incidents\" AS \"(\\w+)\"")]
    private static partial Regex IncidentsAlias();

    [GeneratedRegex("USING (?:COVERING )?INDEX (\\S+)")]
    private static partial Regex IndexName();
}

public sealed class PostgresPageReadTests(RecordReadingPostgresFactory factory) : PageReadTests(factory, factory.Reads), IClassFixture<RecordReadingPostgresFactory>;
