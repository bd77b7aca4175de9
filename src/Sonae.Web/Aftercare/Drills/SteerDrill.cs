using Sonae.Core.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Incidents;

namespace Sonae.Web.Aftercare.Drills;

/// <summary>
/// The facilitator pauses a drill (scenario time stands still, no inject becomes due) or resumes it; the record notes
/// both, so the after-action report can tell the pause from slowness.
/// </summary>
public sealed class SteerDrill(DrillRecord record)
{
    public Task<CommandOutcome> Pause(Caller caller, DrillRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return record.Run(caller, run.Row, (row, _, now) =>
        {
            if (row.EndedAt is not null)
                return new DrillRefused("drill-ended", nameof(Resources.UiTexts.DrillEndedAlready));
            if (row.PausedSince is not null)
                return new DrillRefused("drill-paused-already", nameof(Resources.UiTexts.DrillPausedAlready));
            return new DrillChange(new AddNote(DrillRecord.Both(nameof(Resources.UiTexts.DrillRecordPaused))), (_, tracked, _) => tracked.PausedSince = now);
        }, cancellationToken);
    }

    public Task<CommandOutcome> Resume(Caller caller, DrillRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return record.Run(caller, run.Row, (row, _, now) =>
        {
            if (row.EndedAt is not null)
                return new DrillRefused("drill-ended", nameof(Resources.UiTexts.DrillEndedAlready));
            if (row.PausedSince is not { } since)
                return new DrillRefused("drill-not-paused", nameof(Resources.UiTexts.DrillNotPaused));
            return new DrillChange(new AddNote(DrillRecord.Both(nameof(Resources.UiTexts.DrillRecordResumed))), (_, tracked, _) =>
            {
                tracked.PausedMilliseconds += (long)Math.Max(0, (now - since).TotalMilliseconds);
                tracked.PausedSince = null;
            });
        }, cancellationToken);
    }
}
