using Sonae.Core.Playbooks;

namespace Sonae.Core.Notices;

/// <summary>What a notice is for; each kind has its own draft and its own place in the flowchart.</summary>
public enum NoticeKind
{
    /// <summary>A page: wakes the people who must act now and escalates until one of them acknowledges.</summary>
    Page,

    /// <summary>Stop using a system, and what to do instead (2-7, 2-9).</summary>
    StopUse,

    /// <summary>A system is back, and how to return to it (3-4).</summary>
    Recovery,

    /// <summary>The measures against recurrence, to be known by everyone (4-6).</summary>
    Measures,

    /// <summary>A decision of management (stop the EHR, restrict care).</summary>
    Decision,

    /// <summary>Anything else the hospital must be told.</summary>
    AdHoc,

    /// <summary>An update of the situation, on the rhythm the officer set.</summary>
    StatusUpdate,
}

/// <summary>The notice kinds' wire names and names.</summary>
public static class NoticeKinds
{
    /// <summary>Every kind, in the order the compose page offers them.</summary>
    public static IReadOnlyList<NoticeKind> All { get; } = Enum.GetValues<NoticeKind>();

    /// <summary>The kinds a person writes (a page is Sonae's own).</summary>
    public static IReadOnlyList<NoticeKind> Written { get; } = [.. All.Where(k => k != NoticeKind.Page)];

    /// <summary>The name the database and the API use (<c>stop-use</c>).</summary>
    public static string Id(this NoticeKind kind) => kind switch
    {
        NoticeKind.Page => "page",
        NoticeKind.StopUse => "stop-use",
        NoticeKind.Recovery => "recovery",
        NoticeKind.Measures => "measures",
        NoticeKind.Decision => "decision",
        NoticeKind.AdHoc => "ad-hoc",
        NoticeKind.StatusUpdate => "status-update",
    };

    /// <summary>Reads a kind's wire name exactly as written; false for anything else.</summary>
    public static bool TryParse(string? id, out NoticeKind kind) => WireNames.TryParse(All, k => k.Id(), id, out kind);

    /// <summary>Reads a kind's wire name that must be one (from the database).</summary>
    public static NoticeKind Parse(string id) =>
        TryParse(id, out var kind) ? kind : throw new ArgumentException($"'{id}' is not a notice kind.", nameof(id));

    /// <summary>The kind's name, in both languages.</summary>
    public static LocalizedText Name(this NoticeKind kind) => Bilingual.Format(NoticeTexts.ResourceManager, $"Kind_{kind}");
}
