using Sonae.Core.Aftercare.Measures;
using Sonae.Data.Aftercare.Measures;

namespace Sonae.Web.Aftercare.Measures;

/// <summary>A measure as the API and the pages show it.</summary>
/// <param name="Status"><c>proposed</c>, <c>approved</c>, <c>in-progress</c>, <c>done</c> or <c>dropped</c>.</param>
/// <param name="Incident">The incident's number it came from, if any.</param>
/// <param name="Drill">Whether that incident is a drill.</param>
/// <param name="Overdue">Its due day has passed (in Japan) and it is neither done nor dropped.</param>
/// <param name="Version">Counts its changes: send it back with an edit (<c>PUT</c>); a change made since gives 409 <c>measure-changed</c>.</param>
public sealed record MeasureView(
    Guid Id, int Number, string Title, string? Description, string Owner, string? OwnerPersonId, long? CostYen, DateOnly Due,
    string Status, string? DroppedReason, int? Incident, bool Drill, string? Finding, bool Overdue,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ChangedAt, string ChangedBy, int Version)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public MeasureStatus State => MeasureRules.Parse(Status);

    public static MeasureView Of(MeasureRow row, (int Number, bool Drill)? incident, DateOnly today) => new(
        row.Id, row.Number, row.Title, row.Description, row.OwnerName, row.OwnerPersonId, row.CostYen, row.Due, row.Status, row.DroppedReason,
        incident?.Number, incident?.Drill ?? false, row.Finding, MeasureRules.IsOverdue(row.Due, MeasureRules.Parse(row.Status), today),
        row.CreatedAt, row.CreatedBy, row.ChangedAt, row.ChangedBy, row.Version);
}

/// <summary>A training session on a measure.</summary>
public sealed record TrainingView(Guid Id, DateOnly Date, string Title, string? Attendees, int Count, string RecordedBy);

/// <summary>A notice that disseminated a measure: how many of those it reached acknowledged it, and who has not.</summary>
public sealed record DisseminationView(int Notice, string Title, DateTimeOffset SentAt, int Acknowledged, int Recipients, IReadOnlyList<string> NotAcknowledged);

/// <summary>A measure with its dissemination, training and the instructions to contractors that carry it out.</summary>
public sealed record MeasureDetail(
    MeasureView Measure, IReadOnlyList<string> NextStatuses, IReadOnlyList<DisseminationView> Notices, IReadOnlyList<TrainingView> Training,
    IReadOnlyList<InstructionView> Instructions);

/// <summary>A check of a contractor's compliance.</summary>
/// <param name="Result"><c>complies</c> (適合) or <c>does-not-comply</c> (不適合).</param>
public sealed record CheckView(Guid Id, DateOnly Date, string Result, string? Found, string CheckedBy, bool ByVendor, DateTimeOffset RecordedAt);

/// <summary>A vendor's link to an instruction (its secret is shown once, when made).</summary>
/// <param name="State"><c>open</c>, <c>expired</c> or <c>revoked</c>.</param>
public sealed record LinkView(Guid Id, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string State);

/// <summary>An instruction to a contractor, with when its next check is due.</summary>
/// <param name="EveryMonths">The period of its checks in months, or null for <paramref name="Dates"/>.</param>
/// <param name="NextCheckDue">Null when a fixed list has been checked through, or the instruction was ended.</param>
/// <param name="Version">Counts its changes: send it back with an edit (<c>PUT</c>); a change made since gives 409 <c>instruction-changed</c>.</param>
/// <param name="EndedAt">When the hospital ended it (no check due any more, its vendor links revoked); null while it runs.</param>
public sealed record InstructionView(
    Guid Id, int Number, string Vendor, string? VendorPartyId, string? System, string Instruction, DateOnly IssuedOn,
    int? EveryMonths, IReadOnlyList<DateOnly> Dates, int? Measure, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy,
    DateOnly? NextCheckDue, bool CheckOverdue, string? LastResult,
    DateTimeOffset ChangedAt, string ChangedBy, int Version, DateTimeOffset? EndedAt, string? EndedBy);

/// <summary>An instruction with its checks and its vendor links.</summary>
public sealed record InstructionDetail(InstructionView Instruction, IReadOnlyList<CheckView> Checks, IReadOnlyList<LinkView> Links);

/// <summary>What a vendor sees through their link: the instruction, whose it is, and the checks so far.</summary>
public sealed record VendorInstructionView(string Hospital, InstructionView Instruction, IReadOnlyList<CheckView> Checks, DateTimeOffset LinkExpiresAt);

/// <summary>Wire names of a check's result.</summary>
public static class CheckResults
{
    public const string Complies = "complies";
    public const string DoesNotComply = "does-not-comply";

    public static string Of(bool complies) => complies ? Complies : DoesNotComply;

    public static bool TryParse(string? value, out bool complies)
    {
        complies = value == Complies;
        return value is Complies or DoesNotComply;
    }
}
