using System.Collections.ObjectModel;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Aftercare.Checklists;

/// <summary>Which of the ministry's forms an item or a checklist is: the hospital's own, or the one each vendor fills in.</summary>
public enum ChecklistForm
{
    /// <summary>医療機関確認用: the hospital answers it.</summary>
    Hospital,

    /// <summary>事業者確認用: each vendor answers it, for its system.</summary>
    Vendor,
}

/// <summary>What an item is checked on (the form's 対象 column).</summary>
public enum ChecklistTarget
{
    /// <summary>医療情報システム全般.</summary>
    All,

    /// <summary>サーバ.</summary>
    Server,

    /// <summary>端末PC.</summary>
    Pc,

    /// <summary>ネットワーク機器.</summary>
    Network,
}

/// <summary>
/// One question of the ministry's checklist, as an edition ships it or as the hospital corrected it.
/// </summary>
/// <param name="Id">Stable across editions (<c>access-rights/server</c>): what lets an answer be carried to the next year.</param>
/// <param name="Section">0 (医療情報システムの有無), 1 体制構築, 2 医療情報システムの管理・運用, 3 インシデント発生に備えた対応.</param>
/// <param name="Number">As the form prints it (<c>2-④</c>).</param>
/// <param name="Text">The ministry's wording (Japanese) and our English rendering.</param>
/// <param name="Forms">The forms the item is on.</param>
/// <param name="Target">What it is checked on.</param>
/// <param name="Verified">Whether the wording and number were checked against the ministry's PDF.</param>
/// <param name="Source">Where the wording came from, for an item not verified (null when verified).</param>
public sealed record ChecklistItem(string Id, int Section, string Number, LocalizedText Text, IReadOnlyList<ChecklistForm> Forms, ChecklistTarget Target, bool Verified, string? Source)
{
    /// <summary>Whether the item is on <paramref name="form"/>.</summary>
    public bool IsOn(ChecklistForm form) => Forms.Contains(form);
}

/// <summary>An edition of the checklist (令和7年度版, published 2025-05): its items in the form's order.</summary>
/// <param name="Key">The edition's key, its month of publication (<c>2025-05</c>).</param>
/// <param name="Title">The edition's title in both languages.</param>
/// <param name="Published">The day the ministry published it.</param>
/// <param name="FirstFiscalYear">The first fiscal year it is meant for (令和7年度 = 2025).</param>
/// <param name="Source">Where it comes from (the ministry's PDF's address).</param>
/// <param name="Items">The items, in the form's order.</param>
public sealed record ChecklistEdition(string Key, LocalizedText Title, DateOnly Published, int FirstFiscalYear, string Source, IReadOnlyList<ChecklistItem> Items)
{
    /// <summary>The items on <paramref name="form"/>, in order.</summary>
    public IReadOnlyList<ChecklistItem> On(ChecklistForm form) => [.. Items.Where(i => i.IsOn(form))];

    /// <summary>The item of id <paramref name="id"/>, or null.</summary>
    public ChecklistItem? Item(string id) => Items.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));
}

/// <summary>The section headings of the form, in both languages (the ministry's headings; the English is ours).</summary>
public static class ChecklistSections
{
    private static readonly ReadOnlyDictionary<int, LocalizedText> Names = new(new Dictionary<int, LocalizedText>
    {
        [0] = new("医療情報システムの有無", "Medical information systems in use"),
        [1] = new("体制構築", "Organisation"),
        [2] = new("医療情報システムの管理・運用", "Managing and running the medical information systems"),
        [3] = new("インシデント発生に備えた対応", "Being ready for an incident"),
    });

    /// <summary>The sections an item may be in.</summary>
    public static IReadOnlyCollection<int> All => Names.Keys;

    /// <summary>The heading of section <paramref name="section"/>.</summary>
    public static LocalizedText Name(int section) =>
        Names.TryGetValue(section, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(section), section, "Not a section of the checklist.");
}
