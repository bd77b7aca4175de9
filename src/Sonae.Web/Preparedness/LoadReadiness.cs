using Sonae.Core.Preparedness;
using Sonae.Web.Threats;

namespace Sonae.Web.Preparedness;

/// <summary>
/// What is not ready in the record today, as every place shows it (the readiness page and its API, the sections'
/// pages, the binder): the rules are Core's <see cref="Readiness"/>; the lines an open advisory threatens come from
/// the threats, which Core does not read; the ministry's yearly checklist adds its own (not started, not complete,
/// target days passed, vendor forms not back).
/// </summary>
public sealed class LoadReadiness(LoadPreparedness load, LoadThreats threats, Backups.BackupScheduleSettings backups, Access.LoadOrganizations organizations, Aftercare.Measures.LoadMeasures measures,
    Aftercare.Checklists.LoadChecklists checklists)
{
    /// <summary>
    /// The record's findings, and Sonae's own scheduled backup when it is not set, failed, or is old: only on a
    /// server of one organization, since the schedule is the installation's and a shared server's hospitals can
    /// neither set it nor see its folder.
    /// </summary>
    public async Task<IReadOnlyList<ReadinessFinding>> Findings(PreparednessRecord record, CancellationToken cancellationToken) =>
        [.. Readiness.Check(record, load.Today, await threats.ThreatenedLines(cancellationToken)),
            .. !await organizations.HoldsSeveralHospitals(cancellationToken) && await backups.Finding(cancellationToken) is { } backup ? [backup] : Array.Empty<ReadinessFinding>(),
            // Overdue measures and contractors' checks: what prepares the next incident is late.
            .. await measures.Findings(cancellationToken),
            .. await checklists.Findings(cancellationToken)];
}
