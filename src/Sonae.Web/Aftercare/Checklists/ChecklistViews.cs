using System.Text.Json;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Core.Playbooks;

namespace Sonae.Web.Aftercare.Checklists;

/// <summary>An item as a checklist freezes it (and as the API shows an edition's item).</summary>
public sealed record FrozenItem(string Id, int Section, string Number, string Ja, string En, IReadOnlyList<string> Forms, string Target, bool Verified, string? Source)
{
    public static FrozenItem From(ChecklistItem item) => new(item.Id, item.Section, item.Number, item.Text.Ja, item.Text.En,
        [.. item.Forms.Select(ChecklistNames.Wire)], ChecklistNames.Wire(item.Target), item.Verified, item.Source);

    public ChecklistItem ToItem() => new(Id, Section, Number, new LocalizedText(Ja, En),
        [.. Forms.Select(f => ChecklistNames.TryParseForm(f, out var form) ? form : ChecklistForm.Hospital)],
        ChecklistNames.TryParseTarget(Target, out var target) ? target : ChecklistTarget.All, Verified, Source);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(IEnumerable<ChecklistItem> items) => JsonSerializer.Serialize(items.Select(From).ToList(), Json);

    public static IReadOnlyList<ChecklistItem> Read(string json) => [.. (JsonSerializer.Deserialize<List<FrozenItem>>(json, Json) ?? []).Select(i => i.ToItem())];
}

/// <summary>A refused checklist command: the HTTP status, the problem's code and the message in the reader's language.</summary>
public sealed record ChecklistRefused(int Status, string Code, string Message);

/// <summary>A yearly checklist at a glance: which year and form, whose, how far, and (a vendor's) where its link stands.</summary>
public sealed record ChecklistSummary(
    Guid Id, int Year, string YearName, string Form, string Path, string Edition, string? VendorId, string? VendorName, string? System,
    int Done, int Needed, int Overdue, bool Complete, DateTimeOffset? ReturnedAt, string? ReturnedBy, string? VendorState);

/// <summary>One item of a yearly checklist with its answer, and how it compares with last year's.</summary>
/// <param name="Recheck">The item's wording was corrected after it was answered: the answer is shown, but counts as not done until checked again.</param>
public sealed record ChecklistItemView(
    string Id, int Section, string Number, string Ja, string En, string Target, bool Verified, string? Source, string? Change,
    string? Answer, DateOnly? CheckedOn, DateOnly? FirstCheckedOn, string? FirstAnswer, DateOnly? TargetOn, string? Note, int? CarriedFrom, bool Overdue,
    string? AnsweredBy, bool Recheck);

/// <summary>A vendor link as the officer sees it (its secret is never shown again).</summary>
public sealed record VendorLinkView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string State, string? UsedBy, DateTimeOffset? UsedAt);

/// <summary>A yearly checklist with its items and answers.</summary>
public sealed record ChecklistDetail(ChecklistSummary Checklist, string OrganizationName, IReadOnlyList<ChecklistItemView> Items, IReadOnlyList<VendorLinkView> Links);

/// <summary>What a correction changed, and who made it, when and why.</summary>
public sealed record CorrectionView(string Reason, string By, DateTimeOffset At);

/// <summary>An edition's item as the hospital uses it, with the shipped wording beside a corrected one.</summary>
public sealed record EditionItemView(FrozenItem Item, FrozenItem? Shipped, CorrectionView? Correction, bool Added);

/// <summary>An edition: shipped with Sonae or uploaded, with the hospital's corrections applied.</summary>
public sealed record EditionView(string Key, string TitleJa, string TitleEn, DateOnly Published, int FirstFiscalYear, string Source, bool Uploaded, IReadOnlyList<EditionItemView> Items);

/// <summary>A new vendor link: the only time its address (which holds the secret) is shown.</summary>
public sealed record NewVendorLink(Guid Id, string Name, string Url, DateTimeOffset ExpiresAt);

public sealed record StartChecklistRequest(int? Year, string? Form, string? Edition, string? Vendor, string? System);

public sealed record AnswerRequest(string? Answer, string? CheckedOn, string? TargetOn, string? Note);

public sealed record CorrectItemRequest(string? Id, int? Section, string? Number, string? Ja, string? En, IReadOnlyList<string>? Forms, string? Target, string? Reason);

public sealed record VendorLinkRequest(string? Name, int? Days);
