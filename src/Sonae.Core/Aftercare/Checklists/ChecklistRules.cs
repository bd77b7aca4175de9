using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Aftercare.Checklists;

/// <summary>
/// The answer to one item in one year's checklist: はい or いいえ, the day it was checked, and for いいえ the day it
/// is to be done by. The first round's day and answer are kept as they were (立入検査 looks for them).
/// </summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Yes">はい (true), いいえ (false), or not answered yet (null: a carried answer waits for its check).</param>
/// <param name="CheckedOn">The day of the latest check (null until checked this year).</param>
/// <param name="FirstCheckedOn">The day of the first round's check, kept when the item is checked again.</param>
/// <param name="FirstYes">The first round's answer, kept likewise.</param>
/// <param name="TargetOn">For いいえ: the day the measure is to be in place, within the fiscal year.</param>
/// <param name="Note">備考.</param>
/// <param name="CarriedFrom">The fiscal year whose answer was carried into this one, until it is checked again.</param>
public sealed record ChecklistAnswer(string ItemId, bool? Yes, DateOnly? CheckedOn, DateOnly? FirstCheckedOn, bool? FirstYes, DateOnly? TargetOn, string? Note, int? CarriedFrom)
{
    /// <summary>
    /// The item's wording changed after this answer was given (see <see cref="ChecklistRules.NeedsNewCheck"/>): the
    /// answer is kept and shown, but it is not done until the item is checked again.
    /// </summary>
    public bool WordingChanged { get; init; }

    /// <summary>Answered and checked this year, under the wording the item has now.</summary>
    public bool IsDone => Yes is not null && CheckedOn is not null && !WordingChanged;
}

/// <summary>A correction that changed what an item asks (its Japanese wording or its target), and when.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="At">When the correction was made.</param>
public sealed record WordingChange(string ItemId, DateTimeOffset At);

/// <summary>One yearly checklist as the readiness findings read it.</summary>
/// <param name="Form">The hospital's form or a vendor's.</param>
/// <param name="Done">Items answered and checked.</param>
/// <param name="Needed">Items that need an answer.</param>
/// <param name="Overdue">いいえ items past their target day.</param>
/// <param name="Vendor">The vendor's name (a vendor's form).</param>
/// <param name="System">The system's name (a vendor's form).</param>
/// <param name="Returned">A vendor's form has come back.</param>
public sealed record ChecklistStanding(ChecklistForm Form, int Done, int Needed, int Overdue, string? Vendor, string? System, bool Returned);

/// <summary>Why an answer was refused.</summary>
public enum AnswerRefusal
{
    /// <summary>Neither はい nor いいえ was given.</summary>
    NoAnswer,

    /// <summary>The check date is missing.</summary>
    NoCheckDate,

    /// <summary>The check date lies in the future.</summary>
    CheckDateFuture,

    /// <summary>The check date lies outside the checklist's fiscal year.</summary>
    CheckDateOutsideYear,

    /// <summary>いいえ needs a target date.</summary>
    NoTargetDate,

    /// <summary>The target date lies outside the checklist's fiscal year.</summary>
    TargetOutsideYear,

    /// <summary>The target date lies before the check date.</summary>
    TargetBeforeCheck,

    /// <summary>A target date was given with はい.</summary>
    TargetWithYes,
}

/// <summary>How far a checklist is: items done of those needed, and the items not done.</summary>
/// <param name="Done">Items answered and checked.</param>
/// <param name="Needed">Items that need an answer.</param>
/// <param name="Missing">The ids of the items still needing one, in form order.</param>
/// <param name="Overdue">いいえ items whose target date has passed.</param>
public sealed record ChecklistProgress(int Done, int Needed, IReadOnlyList<string> Missing, IReadOnlyList<string> Overdue)
{
    /// <summary>Every needed item is answered and checked.</summary>
    public bool Complete => Missing.Count == 0;

    /// <summary>Nothing is answered yet.</summary>
    public bool NotStarted => Done == 0;
}

/// <summary>How an item of a new edition compares with the one last year's checklist answered.</summary>
public enum ItemComparison
{
    /// <summary>Same id, same wording: last year's answer is carried.</summary>
    Same,

    /// <summary>Same id, but the wording changed: answered afresh, and shown as changed.</summary>
    Changed,

    /// <summary>Not in last year's checklist.</summary>
    New,
}

/// <summary>
/// A hospital's correction of a shipped item, or an item it added: who, when and why. The shipped text stays as it
/// was; a correction's null fields leave the shipped value.
/// </summary>
/// <param name="ItemId">The item corrected, or the new item's id.</param>
/// <param name="Added">True for an item the hospital added (every field then given).</param>
/// <param name="Section">The section, when changed or added.</param>
/// <param name="Number">The number, when changed or added.</param>
/// <param name="Text">The wording, when changed or added.</param>
/// <param name="Forms">The forms, when changed or added.</param>
/// <param name="Target">The target, when changed or added.</param>
/// <param name="Reason">Why (for example "番号を厚生労働省のPDFに合わせた").</param>
/// <param name="By">Who made it.</param>
/// <param name="At">When.</param>
public sealed record ChecklistCorrection(string ItemId, bool Added, int? Section, string? Number, LocalizedText? Text, IReadOnlyList<ChecklistForm>? Forms, ChecklistTarget? Target,
    string Reason, string By, DateTimeOffset At);

/// <summary>The pure rules of the yearly checklist: answers, the target-date rule, completeness, carrying answers forward, corrections.</summary>
public static class ChecklistRules
{
    /// <summary>A vendor's link to fill in their form: 30 days unless the officer says, at most 90; used up when the form is handed back.</summary>
    public static readonly Access.LinkLifetime VendorLink = new(30, 90);

    /// <summary>The item that, answered いいえ, makes every other item of the hospital's form unneeded.</summary>
    public const string HasSystemsItem = "has-systems";

    /// <summary>The longest note, in characters.</summary>
    public const int MaxNote = 1000;

    /// <summary>
    /// Checks an answer for <paramref name="year"/> as of <paramref name="today"/> (Japan's day): はい or いいえ, a
    /// check day within the year and not in the future, and for いいえ a target day within the same year, not before
    /// the check. Null when it may be recorded.
    /// </summary>
    public static AnswerRefusal? Check(FiscalYear year, bool? yes, DateOnly? checkedOn, DateOnly? targetOn, DateOnly today)
    {
        if (yes is null)
            return AnswerRefusal.NoAnswer;
        if (checkedOn is not { } check)
            return AnswerRefusal.NoCheckDate;
        if (check > today)
            return AnswerRefusal.CheckDateFuture;
        if (!year.Contains(check))
            return AnswerRefusal.CheckDateOutsideYear;
        if (yes.Value)
            return targetOn is null ? null : AnswerRefusal.TargetWithYes;
        if (targetOn is not { } target)
            return AnswerRefusal.NoTargetDate;
        if (!year.Contains(target))
            return AnswerRefusal.TargetOutsideYear;
        return target < check ? AnswerRefusal.TargetBeforeCheck : null;
    }

    /// <summary>
    /// The answer after a check that <see cref="Check"/> accepted: the first round's day and answer are those of the
    /// first check this year and never change after it; a carried answer stops being carried.
    /// </summary>
    public static ChecklistAnswer Answer(ChecklistAnswer? previous, string itemId, bool yes, DateOnly checkedOn, DateOnly? targetOn, string? note)
    {
        var first = previous?.FirstCheckedOn is { } day ? (day, previous.FirstYes ?? yes) : (checkedOn, yes);
        return new ChecklistAnswer(itemId, yes, checkedOn, first.Item1, first.Item2, yes ? null : targetOn, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), null);
    }

    /// <summary>
    /// How far a checklist of <paramref name="items"/> is. On the hospital's form, いいえ to
    /// <see cref="HasSystemsItem"/> leaves every other item unneeded, as the ministry's form says.
    /// </summary>
    public static ChecklistProgress Progress(IReadOnlyList<ChecklistItem> items, IReadOnlyDictionary<string, ChecklistAnswer> answers, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(answers);
        var needed = answers.TryGetValue(HasSystemsItem, out var has) && has is { IsDone: true, Yes: false } && items.Any(i => i.Id == HasSystemsItem)
            ? items.Where(i => i.Id == HasSystemsItem).ToList()
            : [.. items];
        var missing = needed.Where(i => !(answers.TryGetValue(i.Id, out var a) && a.IsDone)).Select(i => i.Id).ToList();
        var overdue = needed.Where(i => answers.TryGetValue(i.Id, out var a) && a is { IsDone: true, Yes: false, TargetOn: { } target } && target < today)
            .Select(i => i.Id).ToList();
        return new ChecklistProgress(needed.Count - missing.Count, needed.Count, missing, overdue);
    }

    /// <summary>How each of <paramref name="items"/> compares with <paramref name="lastYear"/>'s items (by id, then wording).</summary>
    public static IReadOnlyDictionary<string, ItemComparison> Compare(IReadOnlyList<ChecklistItem> lastYear, IReadOnlyList<ChecklistItem> items)
    {
        ArgumentNullException.ThrowIfNull(lastYear);
        ArgumentNullException.ThrowIfNull(items);
        var before = lastYear.ToDictionary(i => i.Id, StringComparer.Ordinal);
        return items.ToDictionary(i => i.Id, i => !before.TryGetValue(i.Id, out var old) ? ItemComparison.New
            : old.Text.Ja == i.Text.Ja && old.Target == i.Target ? ItemComparison.Same : ItemComparison.Changed, StringComparer.Ordinal);
    }

    /// <summary>
    /// The answers a new year's checklist starts with: last year's はい/いいえ and note for each item whose wording is
    /// unchanged, marked as carried from <paramref name="lastYear"/> and not yet checked (the check day and the target
    /// day are this year's to give). A changed or new item starts blank.
    /// </summary>
    public static IReadOnlyList<ChecklistAnswer> CarryForward(FiscalYear lastYear, IReadOnlyList<ChecklistItem> lastItems, IReadOnlyDictionary<string, ChecklistAnswer> lastAnswers, IReadOnlyList<ChecklistItem> items)
    {
        ArgumentNullException.ThrowIfNull(lastAnswers);
        var changes = Compare(lastItems, items);
        return [.. items.Where(i => changes[i.Id] == ItemComparison.Same && lastAnswers.TryGetValue(i.Id, out var a) && a.Yes is not null)
            .Select(i => new ChecklistAnswer(i.Id, lastAnswers[i.Id].Yes, null, null, null, null, lastAnswers[i.Id].Note, lastYear.StartYear))];
    }

    /// <summary>
    /// The items of <paramref name="edition"/> as the hospital uses them: each correction applied over the shipped
    /// item (the last one per item wins), and the added items after the shipped ones of their section.
    /// </summary>
    public static IReadOnlyList<ChecklistItem> Apply(ChecklistEdition edition, IReadOnlyList<ChecklistCorrection> corrections)
    {
        ArgumentNullException.ThrowIfNull(edition);
        ArgumentNullException.ThrowIfNull(corrections);
        var latest = corrections.OrderBy(c => c.At).GroupBy(c => c.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var items = edition.Items.Select(i => latest.TryGetValue(i.Id, out var c) && !c.Added
            ? i with
            {
                Section = c.Section ?? i.Section,
                Number = c.Number ?? i.Number,
                Text = c.Text ?? i.Text,
                Forms = c.Forms ?? i.Forms,
                Target = c.Target ?? i.Target,
                Verified = true,
                Source = null,
            }
            : i).ToList();
        foreach (var added in latest.Values.Where(c => c.Added && edition.Item(c.ItemId) is null).OrderBy(c => c.At))
        {
            var item = new ChecklistItem(added.ItemId, added.Section ?? 2, added.Number ?? "", added.Text ?? new LocalizedText(added.ItemId, added.ItemId),
                added.Forms ?? [ChecklistForm.Hospital], added.Target ?? ChecklistTarget.All, true, null);
            var after = items.FindLastIndex(i => i.Section <= item.Section);
            items.Insert(after + 1, item);
        }
        return items;
    }

    /// <summary>
    /// The corrections of <paramref name="edition"/> that changed what an item asks: its Japanese wording or its
    /// target, compared with the item as it stood just before (a change of number, section or forms alone, or a
    /// correction that writes the same words again, is none). Items the hospital added are not the ministry's wording
    /// and are left out when first added.
    /// </summary>
    public static IReadOnlyList<WordingChange> WordingChanges(ChecklistEdition edition, IReadOnlyList<ChecklistCorrection> corrections)
    {
        ArgumentNullException.ThrowIfNull(edition);
        ArgumentNullException.ThrowIfNull(corrections);
        var ordered = corrections.OrderBy(c => c.At).ToList();
        var changes = new List<WordingChange>();
        var before = Apply(edition, []);
        for (var i = 0; i < ordered.Count; i++)
        {
            var after = Apply(edition, ordered[..(i + 1)]);
            var id = ordered[i].ItemId;
            if (before.FirstOrDefault(b => b.Id == id) is { } was && after.FirstOrDefault(a => a.Id == id) is { } now
                && (was.Text.Ja != now.Text.Ja || was.Target != now.Target))
                changes.Add(new WordingChange(id, ordered[i].At));
            before = after;
        }
        return changes;
    }

    /// <summary>
    /// Whether an answer given at <paramref name="answeredAt"/> needs a new check because its item's wording changed
    /// after it. Only a checklist that took the change counts: a correction reaches the checklists of its own fiscal
    /// year and later (<paramref name="fiscalYear"/>) that were not handed back yet (<paramref name="returnedAt"/>);
    /// earlier years and returned forms keep the wording they were answered under. An answer with no time (carried
    /// from last year, waiting for its check) is not done anyway.
    /// </summary>
    public static bool NeedsNewCheck(string itemId, DateTimeOffset? answeredAt, int fiscalYear, DateTimeOffset? returnedAt, IEnumerable<WordingChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return answeredAt is { } at && changes.Any(c => c.ItemId == itemId && c.At > at && FiscalYear.Of(c.At).StartYear <= fiscalYear
            && (returnedAt is null || c.At < returnedAt));
    }

    /// <summary>
    /// What the readiness page lists about a fiscal year's checklists: the hospital's form not started (or
    /// not there) or not complete; each form with いいえ items past their target day; each vendor's form not handed
    /// back. Named with the year's <paramref name="yearName"/> (令和7年度).
    /// </summary>
    public static IReadOnlyList<ReadinessFinding> Findings(string yearName, IReadOnlyList<ChecklistStanding> checklists)
    {
        ArgumentNullException.ThrowIfNull(checklists);
        var findings = new List<ReadinessFinding>();
        if (checklists.FirstOrDefault(c => c.Form == ChecklistForm.Hospital) is not { } hospital || hospital.Done == 0)
            findings.Add(new ReadinessFinding(FindingKind.ChecklistNotStarted, "", yearName));
        else if (hospital.Done < hospital.Needed)
            findings.Add(new ReadinessFinding(FindingKind.ChecklistIncomplete, $"{hospital.Done}/{hospital.Needed}", yearName));
        foreach (var checklist in checklists.Where(c => c.Overdue > 0))
            findings.Add(new ReadinessFinding(FindingKind.ChecklistTargetPassed, checklist.Overdue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                checklist.Vendor is null ? yearName : $"{yearName} {checklist.Vendor} / {checklist.System}"));
        foreach (var vendor in checklists.Where(c => c.Form == ChecklistForm.Vendor && !c.Returned))
            findings.Add(new ReadinessFinding(FindingKind.ChecklistVendorNotReturned, $"{vendor.Vendor} / {vendor.System}", yearName));
        return findings;
    }
}
