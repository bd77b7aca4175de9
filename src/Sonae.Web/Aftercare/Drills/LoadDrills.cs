using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Aftercare.Drills;
using Sonae.Data;
using Sonae.Data.Aftercare.Drills;

namespace Sonae.Web.Aftercare.Drills;

/// <summary>Someone taking part in a drill: <c>account:…</c> or <c>person:…</c> of the people record, with their name.</summary>
public sealed record DrillParticipant(string Key, string Name);

/// <summary>A drill as the list and the API show it.</summary>
/// <param name="Id">The drill's incident id.</param>
/// <param name="Number">The drill's incident number.</param>
/// <param name="Scenario">The scenario's id.</param>
/// <param name="Title">The scenario's title in the reader's language.</param>
/// <param name="Mode"><c>live</c> or <c>tabletop</c>.</param>
/// <param name="Speed">Scenario minutes per wall-clock minute.</param>
/// <param name="Participants">Who takes part.</param>
/// <param name="Facilitator">Who runs it.</param>
/// <param name="StartedAt">When it started (JST).</param>
/// <param name="EndedAt">When it ended (JST); null while it runs.</param>
/// <param name="Paused">Whether the facilitator paused it.</param>
/// <param name="AfterAction">Where its after-action report is.</param>
public sealed record DrillSummary(
    Guid Id, int Number, string Scenario, string Title, string Mode, double Speed, IReadOnlyList<DrillParticipant> Participants,
    string Facilitator, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, bool Paused, string AfterAction);

/// <summary>One inject of a drill with where it stands.</summary>
/// <param name="State"><c>upcoming</c>, <c>due</c>, <c>delivered</c> or <c>skipped</c>.</param>
/// <param name="DueAt">When it is (or was) due on the wall clock (JST).</param>
/// <param name="At">When it was delivered or skipped (JST).</param>
/// <param name="Decision">What the group decided (tabletop).</param>
public sealed record DrillInjectView(string Id, int AtMinutes, string Kind, string? From, string Text, string State, DateTimeOffset DueAt, DateTimeOffset? At, string? Decision);

/// <summary>A drill with its injects in order.</summary>
public sealed record DrillDetail(DrillSummary Drill, IReadOnlyList<DrillInjectView> Injects);

/// <summary>A scenario of the library as the start form and the API show it.</summary>
public sealed record ScenarioView(string Id, string Title, string Summary, IReadOnlyList<string> Objectives, IReadOnlyList<string> Steps, int Injects, int LastAtMinutes);

/// <summary>A drill run read with what its schedule needs: the row, its scenario and clock, and its injects' rows.</summary>
public sealed record DrillRun(DrillRunRow Row, DrillScenario Scenario, DrillMode Mode, DrillClock Clock, IReadOnlyList<DrillInjectRow> Injects)
{
    public const string Delivered = "delivered";
    public const string Skipped = "skipped";

    public IReadOnlySet<string> DeliveredIds => Injects.Where(i => i.State == Delivered).Select(i => i.InjectId).ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> SkippedIds => Injects.Where(i => i.State == Skipped).Select(i => i.InjectId).ToHashSet(StringComparer.Ordinal);

    public bool Running => Row.EndedAt is null;

    public IReadOnlyList<ScheduledInject> Plan(DateTimeOffset now) => InjectSchedule.Plan(Scenario, Clock, DeliveredIds, SkippedIds, now);

    public IReadOnlyList<DrillParticipant> Participants => ReadParticipants(Row.Participants);

    public static DrillClock ClockOf(DrillRunRow row) =>
        new(row.StartedAt, row.Speed, TimeSpan.FromMilliseconds(row.PausedMilliseconds), row.PausedSince);

    public static IReadOnlyList<DrillParticipant> ReadParticipants(string json) =>
        JsonSerializer.Deserialize<List<DrillParticipant>>(json, Json) ?? [];

    public static string WriteParticipants(IReadOnlyList<DrillParticipant> participants) => JsonSerializer.Serialize(participants, Json);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>The read side of drills: the list, one drill by its incident's number or id, the scenario library.</summary>
public sealed class LoadDrills(SonaeDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<DrillSummary>> List(CancellationToken cancellationToken)
    {
        var rows = await db.DrillRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(200).ToListAsync(cancellationToken);
        return [.. rows.Select(Summary)];
    }

    /// <summary>The drill whose incident is <paramref name="id"/> (its number or id); null when there is none for the caller.</summary>
    public async Task<DrillRun?> Find(string id, CancellationToken cancellationToken)
    {
        var query = db.DrillRuns.AsNoTracking();
        if (Guid.TryParse(id, out var guid))
            query = query.Where(r => r.IncidentId == guid);
        else if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            query = query.Where(r => r.Number == number);
        else
            return null;
        var row = await query.SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : await Run(db, row, cancellationToken);
    }

    /// <summary>The drill run of an incident, or null when the incident is not a drill the caller's organization runs.</summary>
    public async Task<DrillRun?> OfIncident(Guid incidentId, CancellationToken cancellationToken) =>
        await db.DrillRuns.AsNoTracking().SingleOrDefaultAsync(r => r.IncidentId == incidentId, cancellationToken) is { } row
            ? await Run(db, row, cancellationToken)
            : null;

    /// <summary>The live drills of the caller's organization that run now (not ended, not paused).</summary>
    public async Task<IReadOnlyList<DrillRun>> Running(CancellationToken cancellationToken)
    {
        var live = DrillMode.Live.Id();
        var rows = await db.DrillRuns.AsNoTracking().Where(r => r.EndedAt == null && r.PausedSince == null && r.Mode == live).ToListAsync(cancellationToken);
        var runs = new List<DrillRun>(rows.Count);
        foreach (var row in rows)
            runs.Add(await Run(db, row, cancellationToken));
        return runs;
    }

    /// <summary>Whether the caller's incident numbered <paramref name="number"/> is a drill (false when there is none for them).</summary>
    public Task<bool> IsDrill(int number, CancellationToken cancellationToken) =>
        db.Incidents.AsNoTracking().AnyAsync(i => i.Number == number && i.Drill, cancellationToken);

    /// <summary>Whether the caller's notice numbered <paramref name="number"/> is about a drill (false when it is about no incident, or there is none for them).</summary>
    public Task<bool> IsDrillNotice(int number, CancellationToken cancellationToken) =>
        db.Notices.AsNoTracking().AnyAsync(n => n.Number == number && db.Incidents.Any(i => i.Id == n.IncidentId && i.Drill), cancellationToken);

    public DrillDetail Detail(DrillRun run)
    {
        var now = clock.GetUtcNow();
        var culture = CultureInfo.CurrentUICulture;
        var rows = run.Injects.ToDictionary(i => i.InjectId, StringComparer.Ordinal);
        return new DrillDetail(Summary(run.Row), [.. run.Plan(now).Select(s =>
        {
            rows.TryGetValue(s.Inject.Id, out var row);
            return new DrillInjectView(s.Inject.Id, s.Inject.AtMinutes, s.Inject.Kind.Id(), s.Inject.From?.For(culture), s.Inject.Text.For(culture),
                s.State.ToString().ToLowerInvariant(), s.DueAt.ToJst(), row?.At.ToJst(), row?.Decision);
        })]);
    }

    public static IReadOnlyList<ScenarioView> Scenarios()
    {
        var culture = CultureInfo.CurrentUICulture;
        return [.. ScenarioLibrary.BuiltIn.Select(s => new ScenarioView(s.Id, s.Title.For(culture), s.Summary.For(culture),
            [.. s.Objectives.Select(o => o.For(culture))], [.. s.Steps.Select(step => step.Value)], s.Injects.Count, s.Injects[^1].AtMinutes))];
    }

    public static string AfterActionLink(int number) => $"/incidents/{number.ToString(CultureInfo.InvariantCulture)}/after-action";

    private static DrillSummary Summary(DrillRunRow row) => new(
        row.IncidentId, row.Number, row.ScenarioId,
        ScenarioLibrary.Find(row.ScenarioId)?.Title.For(CultureInfo.CurrentUICulture) ?? row.ScenarioId,
        row.Mode, row.Speed, DrillRun.ReadParticipants(row.Participants), row.FacilitatorName,
        row.StartedAt.ToJst(), row.EndedAt?.ToJst(), row.PausedSince is not null, AfterActionLink(row.Number));

    internal static async Task<DrillRun> Run(SonaeDbContext db, DrillRunRow row, CancellationToken cancellationToken)
    {
        var injects = await db.DrillInjects.AsNoTracking().Where(i => i.DrillId == row.Id).ToListAsync(cancellationToken);
        var scenario = ScenarioLibrary.Find(row.ScenarioId) ?? throw new InvalidOperationException($"Drill {row.Id} names an unknown scenario.");
        var mode = DrillNames.TryParseMode(row.Mode, out var parsed) ? parsed : DrillMode.Live;
        return new DrillRun(row, scenario, mode, DrillRun.ClockOf(row), injects);
    }
}
