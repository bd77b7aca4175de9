using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Notices;

/// <summary>A notice as the compose page first offers it: a title and a text the sender then edits.</summary>
public sealed record NoticeDraft(LocalizedText Title, LocalizedText Body);

/// <summary>
/// The standard notices' first drafts, filled from the preparedness record: which systems to stop and how work goes
/// on without them (the inventory's paper fallbacks), which are back. The sender always reads and edits them.
/// </summary>
public static class NoticeDrafts
{
    /// <summary>
    /// The draft of <paramref name="kind"/> for the incident <paramref name="incidentTitle"/>. For a stop-use or recovery
    /// notice, <paramref name="systems"/> are the systems it is about (those with affected assets, or the critical
    /// ones when the record names none).
    /// </summary>
    public static NoticeDraft For(NoticeKind kind, string incidentTitle, IReadOnlyList<InformationSystem> systems)
    {
        ArgumentNullException.ThrowIfNull(systems);
        return kind switch
        {
            NoticeKind.StopUse => new(Text("Draft_StopUse_Title"), Join(Text("Draft_StopUse_Body", incidentTitle), systems.Select(Fallback))),
            NoticeKind.Recovery => new(Text("Draft_Recovery_Title"), Join(Text("Draft_Recovery_Body", incidentTitle), systems.Select(s => Text("Draft_System", s.Name)))),
            NoticeKind.Measures => new(Text("Draft_Measures_Title"), Text("Draft_Measures_Body", incidentTitle)),
            NoticeKind.Decision => new(Text("Draft_Decision_Title"), Text("Draft_Decision_Body", incidentTitle)),
            NoticeKind.StatusUpdate => new(Text("Draft_StatusUpdate_Title", incidentTitle), Text("Draft_StatusUpdate_Body")),
            NoticeKind.Page or NoticeKind.AdHoc => new(Text("Draft_AdHoc_Title"), Text("Draft_AdHoc_Body", incidentTitle)),
        };
    }

    /// <summary>
    /// The systems a stop-use or recovery notice is about: those the affected assets belong to, in the inventory's
    /// order; when none is known, the systems care depends on most (high criticality).
    /// </summary>
    public static IReadOnlyList<InformationSystem> SystemsOf(Inventory inventory, IEnumerable<string> affectedAssets)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var assets = affectedAssets.ToHashSet(StringComparer.Ordinal);
        var systems = inventory.Assets.Where(a => assets.Contains(a.Id) && a.System is not null).Select(a => a.System!).ToHashSet(StringComparer.Ordinal);
        var named = inventory.Systems.Where(s => systems.Contains(s.Id)).ToList();
        return named.Count > 0 ? named : [.. inventory.Systems.Where(s => s.Criticality == Criticality.High)];
    }

    private static LocalizedText Fallback(InformationSystem system) => string.IsNullOrWhiteSpace(system.PaperFallback)
        ? Text("Draft_System_NoFallback", system.Name)
        : Text("Draft_System_Fallback", system.Name, system.PaperFallback.Trim());

    private static LocalizedText Join(LocalizedText head, IEnumerable<LocalizedText> lines)
    {
        var all = lines.ToList();
        return all.Count == 0 ? head
            : new LocalizedText(head.Ja + "\n\n" + string.Join("\n", all.Select(l => l.Ja)), head.En + "\n\n" + string.Join("\n", all.Select(l => l.En)));
    }

    private static LocalizedText Text(string key, params object?[] args) => Bilingual.Format(NoticeTexts.ResourceManager, key, args);
}
