using System.Globalization;
using Sonae.Core.Aftercare.Drills;
using Sonae.Core.Incidents;
using Sonae.Core.Monitoring;
using Sonae.Data.Aftercare.Drills;
using Sonae.Web.Access;
using Sonae.Web.Audit;
using Sonae.Web.Incidents;

namespace Sonae.Web.Aftercare.Drills;

/// <summary>
/// Puts an inject into the drill's record as an ordinary event: a department's report as an anomaly report, an alert
/// as an anomaly report with its signal (in this incident only: never in the alert groups), a fact as the
/// facilitator's note, a call in the contact log. At the table, the card and what the group decided become one note.
/// Skipping an inject leaves a note saying so. Each inject is settled once (<see cref="DrillRecord"/>).
/// </summary>
public sealed class DeliverInject(DrillRecord record)
{
    /// <summary>Delivers <paramref name="injectId"/> now, at the facilitator's word: even before it is due, even while paused.</summary>
    /// <param name="decision">What the group decided, at the table; required there, refused in a live drill.</param>
    public Task<CommandOutcome> Deliver(Caller caller, DrillRun run, string injectId, string? decision, CancellationToken cancellationToken, AuditRecord? audit = null) =>
        Deliver(caller, run, injectId, decision, whenDue: false, audit, cancellationToken);

    /// <summary>
    /// Delivers <paramref name="injectId"/> for the round, which chose it from a snapshot of the drill: only if, read
    /// again under the incident's lock, it is still due (the facilitator may have paused the drill or slowed it meanwhile).
    /// </summary>
    public Task<CommandOutcome> DeliverDue(Caller caller, DrillRun run, string injectId, CancellationToken cancellationToken, AuditRecord? audit = null) =>
        Deliver(caller, run, injectId, null, whenDue: true, audit, cancellationToken);

    private Task<CommandOutcome> Deliver(Caller caller, DrillRun run, string injectId, string? decision, bool whenDue, AuditRecord? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return record.Run(caller, run.Row, (row, injects, now) =>
        {
            if (Check(row, injects, run.Scenario, injectId) is { } refused)
                return refused;
            if (whenDue && !Due(row, injects, run.Scenario, injectId, now))
                return new DrillRefused("drill-inject-not-due", nameof(Resources.UiTexts.DrillInjectNotDue), injectId);
            var inject = run.Scenario.Inject(injectId)!;
            var tabletop = run.Mode == DrillMode.Tabletop;
            if (tabletop && string.IsNullOrWhiteSpace(decision))
                return new DrillRefused("drill-decision-required", nameof(Resources.UiTexts.DrillDecisionRequired));
            if (!tabletop && decision is not null)
                return new DrillRefused("drill-decision-tabletop-only", nameof(Resources.UiTexts.DrillDecisionTabletopOnly));
            var command = tabletop ? TableNote(inject, decision!.Trim()) : Command(inject);
            return new DrillChange(command, (db, _, seq) => db.DrillInjects.Add(Settled(row, inject.Id, DrillRun.Delivered, seq, now, caller, decision?.Trim())));
        }, cancellationToken, audit);
    }

    /// <summary>Leaves <paramref name="injectId"/> out: it is not delivered, and the record says so.</summary>
    public Task<CommandOutcome> Skip(Caller caller, DrillRun run, string injectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return record.Run(caller, run.Row, (row, injects, now) =>
        {
            if (Check(row, injects, run.Scenario, injectId) is { } refused)
                return refused;
            var inject = run.Scenario.Inject(injectId)!;
            return new DrillChange(new AddNote(DrillRecord.Both(nameof(Resources.UiTexts.DrillRecordSkipped), Minutes(inject), inject.Id)),
                (db, _, seq) => db.DrillInjects.Add(Settled(row, inject.Id, DrillRun.Skipped, seq, now, caller, null)));
        }, cancellationToken);
    }

    private static DrillRefused? Check(DrillRunRow row, IReadOnlyList<DrillInjectRow> injects, DrillScenario scenario, string injectId)
    {
        if (row.EndedAt is not null)
            return new DrillRefused("drill-ended", nameof(Resources.UiTexts.DrillEndedAlready));
        if (scenario.Inject(injectId) is null)
            return new DrillRefused("drill-inject-not-found", nameof(Resources.UiTexts.DrillInjectNotFound), injectId);
        return injects.Any(i => i.InjectId == injectId)
            ? new DrillRefused("drill-inject-settled", nameof(Resources.UiTexts.DrillInjectSettled), injectId)
            : null;
    }

    /// <summary>Whether the inject is due by the drill's clock as saved now (paused, resumed, its speed).</summary>
    private static bool Due(DrillRunRow row, IReadOnlyList<DrillInjectRow> injects, DrillScenario scenario, string injectId, DateTimeOffset now)
    {
        var delivered = injects.Where(i => i.State == DrillRun.Delivered).Select(i => i.InjectId).ToHashSet(StringComparer.Ordinal);
        var skipped = injects.Where(i => i.State == DrillRun.Skipped).Select(i => i.InjectId).ToHashSet(StringComparer.Ordinal);
        return InjectSchedule.Due(scenario, DrillRun.ClockOf(row), delivered, skipped, now).Any(i => i.Id == injectId);
    }

    private static DrillInjectRow Settled(DrillRunRow row, string injectId, string state, long seq, DateTimeOffset now, Caller caller, string? decision) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganizationId = row.OrganizationId,
        DrillId = row.Id,
        InjectId = injectId,
        State = state,
        At = now,
        Seq = seq,
        By = caller.Actor.Name,
        Decision = decision,
    };

    /// <summary>The command an inject of a live drill is recorded as.</summary>
    public static IncidentCommand Command(ScenarioInject inject)
    {
        ArgumentNullException.ThrowIfNull(inject);
        var text = DrillRecord.Both(nameof(Resources.UiTexts.DrillRecordInject), [inject.Text.Ja], [inject.Text.En]);
        var from = inject.From?.Ja ?? "";
        return inject.Kind switch
        {
            InjectKind.Report => new ReportAnomaly(new AnomalyReport(from, null, null, [AnomalySign.Other], null, text, from, null)),
            InjectKind.Alert => new ReportAnomaly(new AnomalyReport(from, null, null, [AnomalySign.Other], null, text, null, null,
                new MonitoringSignal(from, "drill", Cut(inject.Text.Ja), "warning", 1, new Dictionary<string, string> { ["drill-inject"] = inject.Id }, null))),
            InjectKind.Fact => new AddNote(DrillRecord.Both(nameof(Resources.UiTexts.DrillRecordFact), [inject.Text.Ja], [inject.Text.En])),
            InjectKind.Call => new LogContact(from, ContactChannel.Phone, ContactResult.Reached, text, ContactDirection.Incoming),
        };
    }

    private static AddNote TableNote(ScenarioInject inject, string decision) =>
        new(DrillRecord.Both(nameof(Resources.UiTexts.DrillRecordTable), [Minutes(inject), inject.Text.Ja, decision], [Minutes(inject), inject.Text.En, decision]));

    private static string Minutes(ScenarioInject inject) => inject.AtMinutes.ToString(CultureInfo.InvariantCulture);

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200];
}
