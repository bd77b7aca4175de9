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
public sealed partial class EndDrill(DrillRecord record, LoadPreparedness preparedness, SavePreparednessSection save, ILogger<EndDrill> logger)
{
    /// <remarks>
    /// Ending is safe to repeat: when the drill ended but its line in the preparedness record could not be saved, the
    /// facilitator is told so (<c>drill-held-not-recorded</c>), and ending it again adds the line (still answered
    /// <c>drill-ended</c>, worded to say the line is now there).
    /// </remarks>
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
            return await RecordHeld(caller, run, at, cancellationToken) == Held.Failed ? NotRecorded(run) : outcome;
        if (outcome is DrillRefused { Code: "drill-ended" } && run.Row.EndedAt is { } endedBefore)
        {
            return await RecordHeld(caller, run, endedBefore, cancellationToken) switch
            {
                Held.Added => new DrillRefused("drill-ended", nameof(Resources.UiTexts.DrillEndedNowRecorded)),
                Held.Failed => NotRecorded(run),
                _ => outcome,
            };
        }
        return outcome;
    }

    private DrillRefused NotRecorded(DrillRun run)
    {
        LogNotRecorded(logger, run.Row.IncidentId);
        return new DrillRefused("drill-held-not-recorded", nameof(Resources.UiTexts.DrillHeldNotRecorded));
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

    private enum Held
    {
        Already,
        Added,
        Failed,
    }

    /// <summary>Adds the drill to the preparedness record as held, trying again if someone saved the section meanwhile.</summary>
    private async Task<Held> RecordHeld(Caller caller, DrillRun run, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        var heldOn = DateOnly.FromDateTime(endedAt.ToJst().DateTime);
        var drill = new Drill($"d-{run.Row.Id:N}", run.Scenario.Title.Ja, run.Scenario.Id, null, heldOn,
            [.. run.Participants.Select(p => p.Name)], null, null);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await preparedness.Current(PreparednessSection.Drills, cancellationToken);
            var log = current.As<DrillLog>();
            if (log.Drills.Any(d => d.Id == drill.Id))
                return Held.Already;
            var outcome = await save.Run(caller.OrganizationId, PreparednessSection.Drills, current.Version, log with { Drills = [.. log.Drills, drill] },
                DrillRecord.Both(nameof(Resources.UiTexts.DrillPreparednessNote), run.Row.Number), caller.Actor.Name, cancellationToken);
            switch (outcome)
            {
                case SavePreparednessSection.Saved:
                    return Held.Added;
                case SavePreparednessSection.Invalid invalid:
                    LogInvalid(logger, run.Row.IncidentId, string.Join(", ", invalid.Problems.Select(p => p.Path + " " + p.Code)));
                    return Held.Failed;
            }
        }
        return Held.Failed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Drill {Incident} ended, but the preparedness record's drills section could not take it as held; ending it again retries")]
    private static partial void LogNotRecorded(ILogger logger, Guid incident);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drill {Incident}: the drills section refused the held drill ({Problems})")]
    private static partial void LogInvalid(ILogger logger, Guid incident, string problems);
}
