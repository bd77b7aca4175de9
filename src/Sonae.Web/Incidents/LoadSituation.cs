using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Core.Reporting;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Reporting;

namespace Sonae.Web.Incidents;

/// <summary>
/// What management's one-page situation sheet shows of an incident: what happened (the opening and the first
/// reports), what is stopped (the decisions in force, the systems to stop using), the decisions taken, the legal
/// clocks and what management must decide next.
/// </summary>
public sealed record SituationView(
    string OrganizationName,
    Incident Incident,
    Playbook Playbook,
    IncidentSnapshot Snapshot,
    IncidentOpened? Opening,
    IReadOnlyList<(DateTimeOffset At, AnomalyReported Report)> Reports,
    IReadOnlyList<DecisionStanding> Decisions,
    IncidentImpact Impact,
    LegalClocks? Clocks,
    DateTimeOffset Now,
    TimeSpan UpdateRhythm)
{
    /// <summary>When the next status update is due; null when none is (closed).</summary>
    public DateTimeOffset? UpdateDue => StatusUpdates.NextDue(Snapshot.Progress, Incident.OpenedAt, UpdateRhythm);

    /// <summary>The operational decisions in force, with their notices.</summary>
    public IEnumerable<DecisionStanding> InForce => Decisions.Where(d => d.Notice is not null);

    /// <summary>Every operational decision taken, newest first.</summary>
    public IEnumerable<DecisionTaken> Taken => Decisions.SelectMany(d => d.History).OrderByDescending(d => d.Seq);

    /// <summary>
    /// Management's other answers (team, reports, police, evidence, budget…): the facts recorded at steps where
    /// management acts that are not operational decisions, newest first.
    /// </summary>
    public IEnumerable<(FactDefinition Fact, RecordedFact Value)> OtherAnswers =>
        Playbook.Facts
            .Where(f => Playbook.Bindings.Decision(f.Id) is null && f.Kind == FactKind.Choice && Snapshot.Progress.Facts.ContainsKey(f.Id)
                && Playbook.AskedBy[f.Id].Any(s => Playbook.Step(s).Roles.Contains(Core.Access.Role.Management)))
            .Select(f => (f, Snapshot.Progress.Facts[f.Id]))
            .OrderByDescending(x => x.Item2.Seq);

    /// <summary>What management must decide next: its open steps (with their unanswered questions), then the decisions it can take and has not.</summary>
    public IEnumerable<(StepStatus Step, IReadOnlyList<FactId> Missing)> ManagementSteps =>
        Snapshot.Steps.Where(s => s.State.IsOpen() && s.Step.Roles.Contains(Core.Access.Role.Management)).Select(s => (s, s.MissingFacts));

    /// <summary>The operational decisions that can be taken now and never were.</summary>
    public IEnumerable<DecisionStanding> Undecided => Decisions.Where(d => d.CanBeTaken && d.Latest is null);
}

/// <summary>The situation sheet's read side: one incident, read through the caller's filters (null when they may not see it).</summary>
public sealed class LoadSituation(SonaeDbContext db, IncidentQueries incidents, LoadDecisions decisions, LoadReporting reporting)
{
    /// <summary>How many staff reports the sheet quotes; the rest are counted.</summary>
    public const int ReportsShown = 3;

    private static readonly string OpenedType = IncidentEventType.Opened.WireName();
    private static readonly string ReportedType = IncidentEventType.AnomalyReported.WireName();

    public async Task<SituationView?> View(int number, CancellationToken cancellationToken)
    {
        if (await reporting.View(number.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken) is not { } view)
            return null;
        var incident = view.Incident;
        // The opening and the first reports, each type by the (incident, type) index in the record's order.
        var events = db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incident.Id);
        var rows = await events.Where(e => e.Type == OpenedType).OrderBy(e => e.Seq).Take(1).Select(e => e.Body).ToListAsync(cancellationToken);
        rows.AddRange(await events.Where(e => e.Type == ReportedType).OrderBy(e => e.Seq).Take(ReportsShown).Select(e => e.Body).ToListAsync(cancellationToken));
        var first = rows.Select(EventChain.Parse).ToList();
        var impact = IncidentImpact.Of(view.Preparedness.Inventory, view.Snapshot.Progress.Assets);
        return new SituationView(
            view.Profile?.Name ?? await incidents.OrganizationName(incident, cancellationToken) ?? "",
            incident,
            view.Playbook.Playbook,
            view.Snapshot,
            first.Select(e => e.Data).OfType<IncidentOpened>().FirstOrDefault(),
            [.. first.Where(e => e.Data is AnomalyReported).Select(e => (e.At, (AnomalyReported)e.Data))],
            await decisions.Standing(incident, view.Snapshot, cancellationToken),
            impact,
            view.Clocks,
            view.Now,
            view.Profile?.UpdateRhythm ?? StatusUpdates.Rhythm(StatusUpdates.DefaultEveryMinutes));
    }
}
