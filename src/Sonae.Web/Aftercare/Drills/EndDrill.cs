using Sonae.Core;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Aftercare.Drills;

/// <summary>
/// Ends a drill: no inject is delivered after it, the record closes with the reason that the drill ended (a note when
/// a standing decision keeps the incident open), and the preparedness record's drills section lists it as held —
/// the day, the scenario and who took part — so that readiness counts it. The after-action report is at
/// <see cref="LoadDrills.AfterActionLink"/>.
/// </summary>
public sealed class EndDrill(DrillRecord record, LoadPreparedness preparedness, SavePreparednessSection save)
{
    public async Task<CommandOutcome> Run(Caller caller, DrillRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(run);
        var reason = DrillRecord.Both(nameof(Resources.UiTexts.DrillRecordEnded));
        DateTimeOffset? ended = null;
        var outcome = await Ending(caller, run, new CloseIncident(reason), t => ended = t, cancellationToken);
        if (outcome is CommandOutcome.Refused)
            outcome = await Ending(caller, run, new AddNote(reason), t => ended = t, cancellationToken);
        if (outcome is CommandOutcome.Appended && ended is { } at)
            await RecordHeld(caller, run, at, cancellationToken);
        return outcome;
    }

    private Task<CommandOutcome> Ending(Caller caller, DrillRun run, IncidentCommand command, Action<DateTimeOffset> ended, CancellationToken cancellationToken) =>
        record.Run(caller, run.Row, (row, _, now) =>
        {
            if (row.EndedAt is not null)
                return new DrillRefused("drill-ended", nameof(Resources.UiTexts.DrillEndedAlready));
            return new DrillChange(command, (_, tracked, _) =>
            {
                if (tracked.PausedSince is { } since)
                    tracked.PausedMilliseconds += (long)Math.Max(0, (now - since).TotalMilliseconds);
                tracked.PausedSince = null;
                tracked.EndedAt = now;
                ended(now);
            });
        }, cancellationToken);

    /// <summary>Adds the drill to the preparedness record as held, trying again once if someone saved the section meanwhile.</summary>
    private async Task RecordHeld(Caller caller, DrillRun run, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        var held = DateOnly.FromDateTime(endedAt.ToJst().DateTime);
        var drill = new Drill($"d-{run.Row.Id:N}", run.Scenario.Title.Ja, run.Scenario.Id, null, held,
            [.. run.Participants.Select(p => p.Name)], null, null);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await preparedness.Current(PreparednessSection.Drills, cancellationToken);
            var log = current.As<DrillLog>();
            if (log.Drills.Any(d => d.Id == drill.Id))
                return;
            var outcome = await save.Run(caller.OrganizationId, PreparednessSection.Drills, current.Version, log with { Drills = [.. log.Drills, drill] },
                DrillRecord.Both(nameof(Resources.UiTexts.DrillPreparednessNote), run.Row.Number), caller.Actor.Name, cancellationToken);
            if (outcome is not SavePreparednessSection.Conflict)
                return;
        }
    }
}
