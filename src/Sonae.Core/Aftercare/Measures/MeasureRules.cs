using Sonae.Core.Preparedness;

namespace Sonae.Core.Aftercare.Measures;

/// <summary>
/// Where a recurrence-prevention measure (4-5) stands. It moves forward only: proposed (検討中), approved by those who
/// decide its cost (決定), in progress (実施中), done (完了); or it is dropped (中止) with a reason, from any state
/// before done.
/// </summary>
public enum MeasureStatus
{
    /// <summary>検討中: written down, not decided yet.</summary>
    Proposed,

    /// <summary>決定: decided, with its owner, cost and due date.</summary>
    Approved,

    /// <summary>実施中: being put in place.</summary>
    InProgress,

    /// <summary>完了: in place.</summary>
    Done,

    /// <summary>中止: given up, with the reason why.</summary>
    Dropped,
}

/// <summary>Why a change of a measure's status was refused.</summary>
public enum MeasureRefusal
{
    /// <summary>The measure already has that status.</summary>
    AlreadyThere,

    /// <summary>The status cannot follow the current one (a done measure does not go back to proposed).</summary>
    NotAllowed,

    /// <summary>Dropping a measure needs a reason.</summary>
    ReasonRequired,
}

/// <summary>A measure as the readiness findings read it.</summary>
/// <param name="Number">The measure's number in its hospital.</param>
/// <param name="Due">The day it is to be in place (in Japan).</param>
/// <param name="Status">Where it stands.</param>
public sealed record MeasureDue(int Number, DateOnly Due, MeasureStatus Status);

/// <summary>An instruction to a contractor as the readiness findings read it.</summary>
/// <param name="Number">The instruction's number in its hospital.</param>
/// <param name="Vendor">The contractor's name, whom the finding says to call.</param>
/// <param name="NextCheckDue">The day its next periodic check is due; null when a fixed list of days is checked through.</param>
public sealed record CheckDue(int Number, string Vendor, DateOnly? NextCheckDue);

/// <summary>The rules of a measure's life: its statuses' wire names, which change may follow which, and when it is overdue.</summary>
public static class MeasureRules
{
    /// <summary>
    /// A vendor's link to a contractor instruction (4-8): 90 days unless the officer says, at most about a year (400
    /// days) to cover a year of periodic self-checks. It is never used up: each self-check uses it again.
    /// </summary>
    public static readonly Access.LinkLifetime VendorLink = new(90, 400);

    /// <summary>The longest title of a measure, in characters.</summary>
    public const int MaxTitle = 200;

    /// <summary>The longest description, finding or reason, in characters.</summary>
    public const int MaxText = 4_000;

    /// <summary>The highest cost Sonae takes, in yen (ten billion: anything above is a typing mistake).</summary>
    public const long MaxCostYen = 10_000_000_000;

    /// <summary>Every status, in the order of a measure's life.</summary>
    public static IReadOnlyList<MeasureStatus> All { get; } = Enum.GetValues<MeasureStatus>();

    /// <summary>The name the database and the API use (<c>in-progress</c>).</summary>
    public static string Id(this MeasureStatus status) => status switch
    {
        MeasureStatus.Proposed => "proposed",
        MeasureStatus.Approved => "approved",
        MeasureStatus.InProgress => "in-progress",
        MeasureStatus.Done => "done",
        MeasureStatus.Dropped => "dropped",
    };

    /// <summary>Reads a status's wire name exactly as written; false for anything else.</summary>
    public static bool TryParse(string? id, out MeasureStatus status) => WireNames.TryParse(All, s => s.Id(), id, out status);

    /// <summary>Reads a status's wire name that must be one (from the database).</summary>
    public static MeasureStatus Parse(string id) =>
        TryParse(id, out var status) ? status : throw new ArgumentException($"'{id}' is not a measure status.", nameof(id));

    /// <summary>Whether the measure's life is over (done or dropped): nothing is due any more.</summary>
    public static bool IsSettled(this MeasureStatus status) => status is MeasureStatus.Done or MeasureStatus.Dropped;

    /// <summary>The statuses that may follow <paramref name="from"/>: the next one forward, or dropped; none once settled.</summary>
    public static IReadOnlyList<MeasureStatus> Next(MeasureStatus from) => from switch
    {
        MeasureStatus.Proposed => [MeasureStatus.Approved, MeasureStatus.Dropped],
        MeasureStatus.Approved => [MeasureStatus.InProgress, MeasureStatus.Dropped],
        MeasureStatus.InProgress => [MeasureStatus.Done, MeasureStatus.Dropped],
        MeasureStatus.Done or MeasureStatus.Dropped => [],
    };

    /// <summary>
    /// Whether a measure may go from <paramref name="from"/> to <paramref name="to"/>: null when it may, else why not.
    /// Dropping needs a <paramref name="reason"/> (blank is none); the other changes ignore it.
    /// </summary>
    public static MeasureRefusal? Change(MeasureStatus from, MeasureStatus to, string? reason)
    {
        if (from == to)
            return MeasureRefusal.AlreadyThere;
        if (!Next(from).Contains(to))
            return MeasureRefusal.NotAllowed;
        return to == MeasureStatus.Dropped && string.IsNullOrWhiteSpace(reason) ? MeasureRefusal.ReasonRequired : null;
    }

    /// <summary>
    /// Whether a measure is overdue on <paramref name="today"/> (a day in Japan): its due day has passed (the due day
    /// itself is not late) and it is neither done nor dropped.
    /// </summary>
    public static bool IsOverdue(DateOnly due, MeasureStatus status, DateOnly today) => today > due && !status.IsSettled();

    /// <summary>
    /// Whether a vendor's acknowledgement of an instruction still stands after an edit: it does while what they
    /// acknowledged (the instruction's text and the system it is about) is unchanged, compared exactly; a change of the
    /// check schedule alone keeps it (the schedule is the hospital's checks, not the vendor's undertaking).
    /// </summary>
    /// <param name="text">The instruction's text as acknowledged.</param>
    /// <param name="system">The system as acknowledged (null for none).</param>
    /// <param name="newText">The instruction's text after the edit.</param>
    /// <param name="newSystem">The system after the edit (null for none).</param>
    public static bool AcknowledgementStands(string text, string? system, string newText, string? newSystem) =>
        string.Equals(text, newText, StringComparison.Ordinal) && string.Equals(system, newSystem, StringComparison.Ordinal);

    /// <summary>The day in Japan at <paramref name="now"/>: due dates and check dates are Japanese calendar days.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToJst().DateTime);

    /// <summary>
    /// What is overdue on <paramref name="today"/> (a day in Japan), as readiness findings: the measures past their
    /// due day and neither done nor dropped, earliest due first (the newest of a day first); then the contractors' checks past their due day
    /// (the due day itself is not late), earliest first, each naming its vendor. Each finding's subject is the number.
    /// </summary>
    public static IReadOnlyList<ReadinessFinding> Findings(IEnumerable<MeasureDue> measures, IEnumerable<CheckDue> instructions, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(instructions);
        return [.. measures.Where(m => IsOverdue(m.Due, m.Status, today)).OrderBy(m => m.Due).ThenByDescending(m => m.Number)
                .Select(m => new ReadinessFinding(FindingKind.MeasureOverdue, Number(m.Number), m.Due.Iso())),
            .. instructions.Where(i => i.NextCheckDue is { } due && today > due).OrderBy(i => i.NextCheckDue).ThenByDescending(i => i.Number)
                .Select(i => new ReadinessFinding(FindingKind.ContractorCheckOverdue, Number(i.Number), i.NextCheckDue.Iso(), i.Vendor))];
    }

    private static string Number(int number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
