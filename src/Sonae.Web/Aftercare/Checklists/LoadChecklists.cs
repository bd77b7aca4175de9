using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Aftercare.Checklists;

namespace Sonae.Web.Aftercare.Checklists;

/// <summary>
/// The read side of the checklists: the editions (shipped and uploaded, with the hospital's corrections), the yearly
/// checklists and their answers, the vendor links, and what the readiness page lists.
/// </summary>
public sealed class LoadChecklists(SonaeDbContext db, TimeProvider clock, Access.LoadOrganizations organizations)
{
    public const string HospitalSlot = "hospital";

    /// <summary>Today in Japan.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().ToJst().DateTime);

    /// <summary>This fiscal year, in Japan.</summary>
    public FiscalYear ThisYear => FiscalYear.Of(clock.GetUtcNow());

    /// <summary>Every edition the hospital can use: the shipped ones, then those uploaded, oldest first.</summary>
    public async Task<IReadOnlyList<ChecklistEdition>> Editions(CancellationToken cancellationToken)
    {
        var uploaded = await db.ChecklistEditions.AsNoTracking().OrderBy(e => e.UploadedAt).ToListAsync(cancellationToken);
        return [.. ChecklistEditions.Shipped, .. uploaded.Select(u => ChecklistEditions.Read(System.Text.Encoding.UTF8.GetBytes(u.File)).Edition).OfType<ChecklistEdition>()];
    }

    /// <summary>The edition of key <paramref name="key"/> as shipped or uploaded (before corrections), or null.</summary>
    public async Task<ChecklistEdition?> Edition(string key, CancellationToken cancellationToken) =>
        (await Editions(cancellationToken)).FirstOrDefault(e => e.Key == key);

    /// <summary>The edition a new checklist of <paramref name="year"/> is made from: the newest meant for that year or before.</summary>
    public static ChecklistEdition EditionFor(IReadOnlyList<ChecklistEdition> editions, FiscalYear year) =>
        editions.Where(e => e.FirstFiscalYear <= year.StartYear).OrderBy(e => e.FirstFiscalYear).ThenBy(e => e.Key, StringComparer.Ordinal).LastOrDefault()
            ?? editions.OrderBy(e => e.FirstFiscalYear).First();

    public async Task<IReadOnlyList<ChecklistCorrection>> Corrections(string key, CancellationToken cancellationToken) =>
        [.. (await db.ChecklistCorrections.AsNoTracking().Where(c => c.EditionKey == key).ToListAsync(cancellationToken)).Select(ToCorrection)];

    public static ChecklistCorrection ToCorrection(ChecklistCorrectionRow c) => new(c.ItemId, c.Added, c.Section, c.Number,
        c.TextJa is not null && c.TextEn is not null ? new LocalizedText(c.TextJa, c.TextEn) : null,
        c.Forms is null ? null : [.. c.Forms.Split(',').Select(f => ChecklistNames.TryParseForm(f, out var form) ? form : ChecklistForm.Hospital)],
        c.Target is not null && ChecklistNames.TryParseTarget(c.Target, out var target) ? target : null, c.Reason, c.By, c.At);

    /// <summary>The items of an edition as the hospital uses it (corrections applied).</summary>
    public async Task<IReadOnlyList<ChecklistItem>?> Effective(string key, CancellationToken cancellationToken) =>
        await Edition(key, cancellationToken) is { } edition ? ChecklistRules.Apply(edition, await Corrections(key, cancellationToken)) : null;

    /// <summary>An edition with the shipped wording beside each correction.</summary>
    public async Task<EditionView?> EditionView(string key, CancellationToken cancellationToken)
    {
        var editions = await Editions(cancellationToken);
        if (editions.FirstOrDefault(e => e.Key == key) is not { } edition)
            return null;
        var corrections = await Corrections(key, cancellationToken);
        var latest = corrections.OrderBy(c => c.At).GroupBy(c => c.ItemId).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var items = ChecklistRules.Apply(edition, corrections).Select(i =>
        {
            var shipped = edition.Item(i.Id);
            var correction = latest.TryGetValue(i.Id, out var c) ? new CorrectionView(c.Reason, c.By, c.At) : null;
            return new EditionItemView(FrozenItem.From(i), shipped is not null && correction is not null ? FrozenItem.From(shipped) : null, correction, shipped is null);
        }).ToList();
        return new EditionView(edition.Key, edition.Title.Ja, edition.Title.En, edition.Published, edition.FirstFiscalYear, edition.Source,
            ChecklistEditions.ShippedEdition(key) is null, items);
    }

    /// <summary>Every yearly checklist, newest year first, the hospital's form before the vendors'.</summary>
    public async Task<IReadOnlyList<ChecklistSummary>> List(int? year, CancellationToken cancellationToken)
    {
        var query = db.Checklists.AsNoTracking();
        if (year is { } y)
            query = query.Where(c => c.FiscalYear == y);
        var rows = await query.ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var answers = await db.ChecklistAnswers.AsNoTracking().Where(a => ids.Contains(a.ChecklistId)).ToListAsync(cancellationToken);
        var links = await db.ChecklistVendorLinks.AsNoTracking().Where(l => ids.Contains(l.ChecklistId)).ToListAsync(cancellationToken);
        var changes = new Dictionary<string, IReadOnlyList<WordingChange>>(StringComparer.Ordinal);
        foreach (var key in rows.Select(r => r.EditionKey).Distinct())
            changes[key] = await WordingChanges(key, cancellationToken);
        return [.. rows.OrderByDescending(r => r.FiscalYear).ThenBy(r => r.Form == "vendor").ThenBy(r => r.VendorName, StringComparer.Ordinal).ThenBy(r => r.SystemName, StringComparer.Ordinal)
            .Select(r => Summary(r, [.. answers.Where(a => a.ChecklistId == r.Id).Select(a => ToAnswer(a, r, changes[r.EditionKey]))], links.Where(l => l.ChecklistId == r.Id).ToList()))];
    }

    /// <summary>The checklist of <paramref name="year"/> named <paramref name="form"/>: <c>hospital</c>, or a vendor form's id.</summary>
    public async Task<ChecklistRow?> Find(int year, string form, CancellationToken cancellationToken)
    {
        if (form == HospitalSlot)
            return await db.Checklists.AsNoTracking().SingleOrDefaultAsync(c => c.FiscalYear == year && c.Slot == HospitalSlot, cancellationToken);
        return Guid.TryParse(form, out var id)
            ? await db.Checklists.AsNoTracking().SingleOrDefaultAsync(c => c.FiscalYear == year && c.Id == id, cancellationToken)
            : null;
    }

    public async Task<ChecklistDetail?> Detail(int year, string form, CancellationToken cancellationToken) =>
        await Find(year, form, cancellationToken) is { } row ? await Detail(row, cancellationToken) : null;

    /// <summary>A checklist with its items and answers, each item compared with the same form's last year.</summary>
    public async Task<ChecklistDetail> Detail(ChecklistRow row, CancellationToken cancellationToken)
    {
        var answers = await db.ChecklistAnswers.AsNoTracking().Where(a => a.ChecklistId == row.Id).ToListAsync(cancellationToken);
        var links = await db.ChecklistVendorLinks.AsNoTracking().Where(l => l.ChecklistId == row.Id).OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken);
        var lastYear = await db.Checklists.AsNoTracking().Where(c => c.FiscalYear == row.FiscalYear - 1 && c.Slot == row.Slot).Select(c => c.Items).SingleOrDefaultAsync(cancellationToken);
        var items = FrozenItem.Read(row.Items);
        var changes = lastYear is null ? null : ChecklistRules.Compare(FrozenItem.Read(lastYear), items);
        var changed = await WordingChanges(row.EditionKey, cancellationToken);
        var given = answers.Select(a => ToAnswer(a, row, changed)).ToList();
        var byItem = answers.ToDictionary(a => a.ItemId, StringComparer.Ordinal);
        var recheck = given.Where(a => a.WordingChanged).Select(a => a.ItemId).ToHashSet(StringComparer.Ordinal);
        var today = Today;
        var views = items.Select(i =>
        {
            byItem.TryGetValue(i.Id, out var a);
            return new ChecklistItemView(i.Id, i.Section, i.Number, i.Text.Ja, i.Text.En, ChecklistNames.Wire(i.Target), i.Verified, i.Source,
                changes is null ? null : changes[i.Id] switch { ItemComparison.Same => "same", ItemComparison.Changed => "changed", ItemComparison.New => "new" },
                Wire(a?.Yes), a?.CheckedOn, a?.FirstCheckedOn, Wire(a?.FirstYes), a?.TargetOn, a?.Note, a?.CarriedFrom,
                a is { Yes: false, CheckedOn: not null, TargetOn: { } t } && t < today && !recheck.Contains(i.Id), a?.AnsweredBy, recheck.Contains(i.Id));
        }).ToList();
        var name = await organizations.Name(row.OrganizationId, cancellationToken);
        return new ChecklistDetail(Summary(row, given, links), name, views, [.. links.Select(l => LinkView(l, clock.GetUtcNow()))]);
    }

    public static string? Wire(bool? yes) => yes switch { true => "yes", false => "no", null => null };

    public static VendorLinkView LinkView(ChecklistVendorLinkRow l, DateTimeOffset now) =>
        new(l.Id, l.InvitedName, l.Prefix, l.CreatedAt, l.ExpiresAt, LinkState(l, now).Id(), l.UsedBy, l.UsedAt);

    public static InvitationState LinkState(ChecklistVendorLinkRow l, DateTimeOffset now) => SignInRules.Invitation(l.ExpiresAt, l.UsedAt, l.RevokedAt, now);

    private ChecklistSummary Summary(ChecklistRow row, IReadOnlyList<ChecklistAnswer> answers, IReadOnlyList<ChecklistVendorLinkRow> links)
    {
        var items = FrozenItem.Read(row.Items);
        var progress = ChecklistRules.Progress(items, answers.ToDictionary(a => a.ItemId, StringComparer.Ordinal), Today);
        var year = new FiscalYear(row.FiscalYear);
        string? vendorState = null;
        if (row.Form == "vendor")
        {
            var now = clock.GetUtcNow();
            var last = links.OrderBy(l => l.CreatedAt).LastOrDefault();
            vendorState = row.ReturnedAt is not null ? "returned"
                : last is null ? "not-sent"
                : LinkState(last, now) switch
                {
                    InvitationState.Open => "invited",
                    InvitationState.Used => "returned",
                    InvitationState.Expired => "expired",
                    InvitationState.Revoked => "revoked",
                };
        }
        var path = $"/checklists/{row.FiscalYear}/{(row.Form == "hospital" ? HospitalSlot : row.Id.ToString())}";
        return new ChecklistSummary(row.Id, row.FiscalYear, year.Wareki(), row.Form, path, row.EditionKey, row.VendorId, row.VendorName, row.SystemName,
            progress.Done, progress.Needed, progress.Overdue.Count, progress.Complete, row.ReturnedAt, row.ReturnedBy, vendorState);
    }

    public static ChecklistAnswer ToAnswer(ChecklistAnswerRow a) => new(a.ItemId, a.Yes, a.CheckedOn, a.FirstCheckedOn, a.FirstYes, a.TargetOn, a.Note, a.CarriedFrom);

    /// <summary>An answer of <paramref name="checklist"/>, marked when its item's wording changed after it was given (it then needs a new check).</summary>
    public static ChecklistAnswer ToAnswer(ChecklistAnswerRow a, ChecklistRow checklist, IReadOnlyList<WordingChange> changes) => ToAnswer(a) with
    {
        WordingChanged = ChecklistRules.NeedsNewCheck(a.ItemId, a.AnsweredAt, checklist.FiscalYear, checklist.ReturnedAt, changes),
    };

    /// <summary>The corrections of an edition that changed what an item asks, and when (none for an edition there is not).</summary>
    public async Task<IReadOnlyList<WordingChange>> WordingChanges(string key, CancellationToken cancellationToken) =>
        await Edition(key, cancellationToken) is { } edition ? ChecklistRules.WordingChanges(edition, await Corrections(key, cancellationToken)) : [];

    /// <summary>
    /// What the readiness page lists about the checklists: this year's hospital form not started or not complete,
    /// いいえ items past their target day, vendor forms not returned.
    /// </summary>
    public async Task<IReadOnlyList<ReadinessFinding>> Findings(CancellationToken cancellationToken)
    {
        var year = ThisYear;
        var list = await List(year.StartYear, cancellationToken);
        return ChecklistRules.Findings(year.Wareki(), [.. list.Select(c => new ChecklistStanding(c.Form == "vendor" ? ChecklistForm.Vendor : ChecklistForm.Hospital,
            c.Done, c.Needed, c.Overdue, c.VendorName, c.System, c.VendorState == "returned"))]);
    }
}
