using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Metrics;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Incidents;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Aftercare.Metrics;

/// <summary>The days the metrics cover, in Japan time, both included.</summary>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
public sealed record MetricsPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The longest period one request may cover.</summary>
    public const int MaxDays = 3660;

    /// <summary>The period when none is given: the twelve months to today.</summary>
    public static MetricsPeriod Default(DateOnly today) => new(today.AddYears(-1).AddDays(1), today);

    /// <summary>
    /// The period the query names (<c>from</c>, <c>to</c> as <c>yyyy-MM-dd</c>, either left out for the default's),
    /// or the field that is wrong: not a date, or <c>to</c> before <c>from</c>, or longer than <see cref="MaxDays"/>.
    /// </summary>
    public static (MetricsPeriod? Period, string? Field) Parse(string? from, string? to, DateOnly today)
    {
        var fallback = Default(today);
        if (!Day(from, fallback.From, out var start))
            return (null, "from");
        if (!Day(to, fallback.To, out var end))
            return (null, "to");
        if (end < start || end.DayNumber - start.DayNumber >= MaxDays)
            return (null, "to");
        return (new MetricsPeriod(start, end), null);
    }

    /// <summary>The first moment of the period, in UTC (PostgreSQL compares times only in UTC).</summary>
    public DateTimeOffset Start => new DateTimeOffset(From.ToDateTime(TimeOnly.MinValue), JapanTime.Offset).ToUniversalTime();

    /// <summary>The first moment after the period, in UTC.</summary>
    public DateTimeOffset End => new DateTimeOffset(To.AddDays(1).ToDateTime(TimeOnly.MinValue), JapanTime.Offset).ToUniversalTime();

    private static bool Day(string? text, DateOnly fallback, out DateOnly day)
    {
        day = fallback;
        return string.IsNullOrWhiteSpace(text)
            || DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}

/// <summary>A finding of an after-action report, as shown and exported.</summary>
public sealed record FindingView(Guid Id, string Text, string AddedBy, DateTimeOffset AddedAt);

/// <summary>Everything an incident's after-action report shows.</summary>
/// <param name="Incident">The incident's projection.</param>
/// <param name="Playbook">Its playbook version.</param>
/// <param name="Metrics">Its times: milestones, steps against targets, paging.</param>
/// <param name="Timeline">What happened, in the record's order: reports (the drill's injects among them), facts, notes, contacts, skipped steps.</param>
/// <param name="Findings">Its findings, oldest first.</param>
/// <param name="OrganizationName">The hospital, as the document prints it.</param>
/// <param name="Now">When the report was made.</param>
public sealed record AfterActionView(
    Incident Incident,
    LoadedPlaybook Playbook,
    IncidentMetrics Metrics,
    IReadOnlyList<IncidentEvent> Timeline,
    IReadOnlyList<FindingView> Findings,
    string OrganizationName,
    DateTimeOffset Now);

/// <summary>
/// The metrics' read side: the incidents of a period with their times (real incidents and drills apart), and one
/// incident's after-action report. Every query goes through the context's filters, so another hospital's incident
/// reads as one that does not exist.
/// </summary>
public sealed class LoadMetrics(SonaeDbContext db, PlaybookCache playbooks, IncidentQueries incidents, LoadPreparedness preparedness, TimeProvider clock)
{
    /// <summary>The events an after-action timeline shows: what was reported, found, decided and said, in order.</summary>
    private static readonly HashSet<string> TimelineTypes = new(
        new[]
        {
            IncidentEventType.Opened, IncidentEventType.AnomalyReported, IncidentEventType.ReportAttached, IncidentEventType.FactRecorded,
            IncidentEventType.FactRevised, IncidentEventType.NoteAdded, IncidentEventType.AssetStatusChanged, IncidentEventType.ContactLogged,
            IncidentEventType.StepSkipped, IncidentEventType.StatusPosted, IncidentEventType.NoticeSent, IncidentEventType.Closed,
        }.Select(t => t.WireName()),
        StringComparer.Ordinal);

    /// <summary>Today in Japan.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().ToJst().DateTime);

    /// <summary>The metrics of the incidents opened in <paramref name="period"/> (an incident merged into another is counted there, not here).</summary>
    public async Task<MetricsReport> Report(MetricsPeriod period, CancellationToken cancellationToken)
    {
        var (start, end) = (period.Start, period.End);
        var rows = await db.Incidents.AsNoTracking()
            .Where(i => i.OpenedAt >= start && i.OpenedAt < end && i.Outcome != IncidentOutcome.Merged)
            .OrderBy(i => i.OpenedAt).ToListAsync(cancellationToken);
        var pages = await Pages([.. rows.Select(r => r.Id)], cancellationToken);
        var limit = await ConfirmationLimit(cancellationToken);
        var measured = new List<IncidentMetrics>(rows.Count);
        foreach (var incident in rows)
        {
            var playbook = await playbooks.Load(db, incident.PlaybookVersionId, cancellationToken);
            measured.Add(IncidentMetrics.Of(Header(incident), playbook.Playbook, incident.ReadProgress(), pages.GetValueOrDefault(incident.Id) ?? [], limit));
        }
        return MetricsReport.Of(measured);
    }

    /// <summary>The after-action report of the incident named <paramref name="id"/> (its number or its id); null when the caller may not see it.</summary>
    public async Task<AfterActionView?> AfterAction(string id, Actor reader, CancellationToken cancellationToken)
    {
        if (await incidents.Find(id, cancellationToken) is not { } incident)
            return null;
        var playbook = await playbooks.Load(db, incident.PlaybookVersionId, cancellationToken);
        var bodies = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incident.Id).VisibleTo(reader)
            .OrderBy(e => e.Seq).Select(e => new { e.Type, e.Body }).ToListAsync(cancellationToken);
        var events = bodies.Select(b => (b.Type, Event: EventChain.Parse(b.Body))).ToList();
        var pages = await Pages([incident.Id], cancellationToken);
        var metrics = IncidentMetrics.Of(playbook.Playbook, [.. events.Select(e => e.Event)], pages.GetValueOrDefault(incident.Id) ?? [], await ConfirmationLimit(cancellationToken));
        var findings = await Findings(incident.Id, cancellationToken);
        var organization = await incidents.OrganizationName(incident, cancellationToken) ?? "";
        return new AfterActionView(incident, playbook, metrics, [.. events.Where(e => TimelineTypes.Contains(e.Type)).Select(e => e.Event)], findings, organization, clock.GetUtcNow());
    }

    /// <summary>An incident's findings, oldest first.</summary>
    public async Task<IReadOnlyList<FindingView>> Findings(Guid incident, CancellationToken cancellationToken) =>
        await db.AfterActionFindings.AsNoTracking().Where(f => f.IncidentId == incident)
            .OrderBy(f => f.AddedAt).ThenBy(f => f.Id)
            .Select(f => new FindingView(f.Id, f.Text, f.AddedByName, f.AddedAt)).ToListAsync(cancellationToken);

    private static IncidentHeader Header(Incident incident) =>
        new(incident.Number, incident.Title, incident.Drill, incident.Source, incident.OpenedAt, incident.ClosedAt);

    private async Task<TimeSpan> ConfirmationLimit(CancellationToken cancellationToken) =>
        (await preparedness.Current(PreparednessSection.Profile, cancellationToken)).Content is OrganizationProfile profile
            ? profile.ConfirmationLimit
            : ConfirmationWatch.DefaultLimit;

    /// <summary>The pages about these incidents, with everyone on them.</summary>
    private async Task<Dictionary<Guid, List<PageRecord>>> Pages(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var page = NoticeKind.Page.Id();
        var notices = await db.Notices.AsNoTracking()
            .Where(n => n.IncidentId != null && ids.Contains(n.IncidentId.Value) && n.Kind == page)
            .Select(n => new { n.Id, n.IncidentId, n.Number, n.Title, n.SentAt }).ToListAsync(cancellationToken);
        var noticeIds = notices.Select(n => n.Id).ToList();
        var people = (await db.NoticeRecipients.AsNoTracking().Where(r => noticeIds.Contains(r.NoticeId))
                .Select(r => new { r.NoticeId, r.Name, r.Role, r.Tier, r.NotifiedAt, r.AcknowledgedAt }).ToListAsync(cancellationToken))
            .ToLookup(r => r.NoticeId);
        return notices.GroupBy(n => n.IncidentId!.Value).ToDictionary(
            g => g.Key,
            g => g.Select(n => new PageRecord(n.Number, n.Title, n.SentAt,
                [.. people[n.Id].Select(p => new PagedPerson(p.Name, p.Role, p.Tier, p.NotifiedAt, p.AcknowledgedAt))])).ToList());
    }
}
