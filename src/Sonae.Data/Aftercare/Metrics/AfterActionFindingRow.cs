namespace Sonae.Data.Aftercare.Metrics;

/// <summary>
/// A finding of an incident's after-action report (a drill's or a real one's): what should change before the next
/// time, as the security officer or management wrote it, with who and when. Findings are added, never edited: the
/// report shows them in the order written, and each can become a recurrence-prevention measure.
/// </summary>
public sealed class AfterActionFindingRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid IncidentId { get; set; }

    public required string Text { get; set; }

    /// <summary>The actor id of whoever wrote it.</summary>
    public required string AddedBy { get; set; }

    public required string AddedByName { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>The form's request id: pressing "add" twice files one finding.</summary>
    public Guid RequestId { get; set; }
}
