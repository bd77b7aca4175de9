using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Aftercare.Checklists;
using Sonae.Web.Access;
using Sonae.Web.Preparedness;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Checklists;

/// <summary>
/// What changes the checklists, for the API, the pages' forms and the vendor's link alike: start a year's form
/// (carrying last year's answers to unchanged items), answer an item, correct or add an item, upload an edition,
/// make and revoke a vendor's link, and the vendor's answers and return through it. Who may ask is the caller's business.
/// </summary>
public sealed class ChecklistChanges(SonaeDbContext db, LoadChecklists load, LoadPreparedness preparedness, OrganizationScope scope, SecretLinks links, TimeProvider clock)
{
    /// <summary>
    /// The vendor form links' kind: <c>sck_</c> secrets, 30 days unless said (at most 90), used up when the form is
    /// handed back; a signed-in account of another hospital is refused (403).
    /// </summary>
    public static readonly SecretLinkKind LinkKind = new("sck_", "checklist-link", ChecklistEndpoints.VendorPath, ChecklistEndpoints.ApiVendorPath, ChecklistRules.VendorLink,
        OwnHospitalOnly: true, refusal => refusal switch
        {
            LinkRefusal.OtherHospital => UiTexts.ChecklistLinkOtherOrganization,
            LinkRefusal.Used => UiTexts.ChecklistLinkUsed,
            LinkRefusal.Expired => UiTexts.ChecklistLinkExpired,
            LinkRefusal.Revoked => UiTexts.ChecklistLinkRevoked,
            LinkRefusal.Unknown => UiTexts.ChecklistLinkInvalid,
        });

    private static string Format(string template, params object?[] args) => string.Format(CultureInfo.CurrentCulture, template, args);

    private static ChecklistRefused Bad(string code, string message) => new(StatusCodes.Status400BadRequest, code, message);

    public static ChecklistRefused NotFound() => new(StatusCodes.Status404NotFound, "checklist-not-found", UiTexts.ChecklistNotFound);

    /// <summary>Starts the year's hospital form, or a vendor's form for one of its systems; the existing one when it was started already.</summary>
    public async Task<(ChecklistRow? Row, ChecklistRefused? Refused)> Start(StartChecklistRequest request, string by, CancellationToken cancellationToken)
    {
        if (request.Year is not { } y || y is < FiscalYear.Min or > FiscalYear.Max)
            return (null, Bad("checklist-year", Format(UiTexts.ChecklistYearInvalid, FiscalYear.Min, FiscalYear.Max)));
        var year = new FiscalYear(y);
        if (!ChecklistNames.TryParseForm(request.Form ?? "hospital", out var form))
            return (null, Bad("checklist-form", UiTexts.ChecklistFormInvalid));
        var editions = await load.Editions(cancellationToken);
        var edition = string.IsNullOrWhiteSpace(request.Edition) ? LoadChecklists.EditionFor(editions, year) : editions.FirstOrDefault(e => e.Key == request.Edition.Trim());
        if (edition is null)
            return (null, Bad("checklist-edition", Format(UiTexts.ChecklistEditionUnknown, request.Edition)));
        string slot = LoadChecklists.HospitalSlot;
        ExternalParty? vendor = null;
        InformationSystem? system = null;
        if (form == ChecklistForm.Vendor)
        {
            var record = await preparedness.Record(cancellationToken);
            vendor = record.Parties.Parties.FirstOrDefault(p => p.Id == request.Vendor?.Trim() && p.Kind is PartyKind.Vendor or PartyKind.ServiceProvider or PartyKind.Contractor);
            if (vendor is null)
                return (null, Bad("checklist-vendor", UiTexts.ChecklistVendorUnknown));
            system = record.Inventory.FindSystem(request.System?.Trim());
            if (system is null)
                return (null, Bad("checklist-system", UiTexts.ChecklistSystemUnknown));
            slot = $"vendor:{vendor.Id}:{system.Id}";
        }
        if (await db.Checklists.AsNoTracking().SingleOrDefaultAsync(c => c.FiscalYear == year.StartYear && c.Slot == slot, cancellationToken) is { } existing)
            return (existing, null);
        var items = ChecklistRules.Apply(edition, await load.Corrections(edition.Key, cancellationToken)).Where(i => i.IsOn(form)).ToList();
        var row = new ChecklistRow
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = scope.OrganizationId!.Value,
            FiscalYear = year.StartYear,
            Form = ChecklistNames.Wire(form),
            EditionKey = edition.Key,
            Items = FrozenItem.Write(items),
            VendorId = vendor?.Id,
            VendorName = vendor?.Name,
            SystemName = system?.Name,
            Slot = slot,
            CreatedBy = by,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Checklists.Add(row);
        // Last year's answers, for the items whose wording did not change: carried, and waiting for this year's check.
        if (await db.Checklists.AsNoTracking().SingleOrDefaultAsync(c => c.FiscalYear == year.StartYear - 1 && c.Slot == slot, cancellationToken) is { } last)
        {
            var lastAnswers = await db.ChecklistAnswers.AsNoTracking().Where(a => a.ChecklistId == last.Id).ToListAsync(cancellationToken);
            foreach (var carried in ChecklistRules.CarryForward(new FiscalYear(last.FiscalYear), FrozenItem.Read(last.Items),
                lastAnswers.ToDictionary(a => a.ItemId, LoadChecklists.ToAnswer, StringComparer.Ordinal), items))
            {
                db.ChecklistAnswers.Add(new ChecklistAnswerRow
                {
                    OrganizationId = row.OrganizationId, ChecklistId = row.Id, ItemId = carried.ItemId, Yes = carried.Yes, Note = carried.Note, CarriedFrom = carried.CarriedFrom,
                });
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two people started the same form at once: the other one's is the year's.
            db.ChangeTracker.Clear();
            return (await db.Checklists.AsNoTracking().SingleAsync(c => c.FiscalYear == year.StartYear && c.Slot == slot, cancellationToken), null);
        }
        return (row, null);
    }

    /// <summary>Reads a day as the API and the forms write it (<c>2025-06-30</c>); empty is none.</summary>
    public static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        day = parsed;
        return true;
    }

    /// <summary>Answers one item of <paramref name="checklist"/> (the officer's, or the vendor's through their link).</summary>
    public async Task<ChecklistRefused?> Answer(ChecklistRow checklist, string itemId, AnswerRequest request, string by, CancellationToken cancellationToken)
    {
        var items = FrozenItem.Read(checklist.Items);
        if (items.FirstOrDefault(i => i.Id == itemId) is null)
            return new(StatusCodes.Status404NotFound, "checklist-item-not-found", Format(UiTexts.ChecklistItemUnknown, Shorten(itemId)));
        bool? yes = request.Answer switch { "yes" or "はい" => true, "no" or "いいえ" => false, null or "" => null, _ => null };
        if (request.Answer is { Length: > 0 } given && yes is null)
            return Bad("checklist-answer", UiTexts.ChecklistAnswerInvalid);
        if (!TryDay(request.CheckedOn, out var checkedOn))
            return Bad("checklist-date", Format(UiTexts.ChecklistDateFormat, UiTexts.ChecklistCheckedOn));
        if (!TryDay(request.TargetOn, out var targetOn))
            return Bad("checklist-date", Format(UiTexts.ChecklistDateFormat, UiTexts.ChecklistTargetOn));
        if (TextRules.Check("note", request.Note, ChecklistRules.MaxNote) is not null)
            return Bad("checklist-note", Format(UiTexts.ChecklistNoteTooLong, ChecklistRules.MaxNote));
        var year = new FiscalYear(checklist.FiscalYear);
        if (ChecklistRules.Check(year, yes, checkedOn, targetOn, load.Today) is { } refusal)
            return Bad("checklist-" + refusal.ToString().ToLowerInvariant(), Describe(refusal, year));
        // Two first answers to the same item at once both find no row and both insert: the second insert meets the
        // first's key, and is made again as an update of the row that is now there (the later answer stands).
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.ChecklistAnswers.SingleOrDefaultAsync(a => a.ChecklistId == checklist.Id && a.ItemId == itemId, cancellationToken);
            var answer = ChecklistRules.Answer(row is null ? null : LoadChecklists.ToAnswer(row), itemId, yes!.Value, checkedOn!.Value, targetOn, request.Note);
            var added = row is null;
            if (row is null)
            {
                row = new ChecklistAnswerRow { OrganizationId = checklist.OrganizationId, ChecklistId = checklist.Id, ItemId = itemId };
                db.ChecklistAnswers.Add(row);
            }
            (row.Yes, row.CheckedOn, row.FirstCheckedOn, row.FirstYes, row.TargetOn, row.Note, row.CarriedFrom) =
                (answer.Yes, answer.CheckedOn, answer.FirstCheckedOn, answer.FirstYes, answer.TargetOn, answer.Note, answer.CarriedFrom);
            (row.AnsweredBy, row.AnsweredAt) = (by, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return null;
            }
            catch (DbUpdateException) when (added && attempt < 2)
            {
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    private static string Shorten(string text) => TextRules.Shorten(text, 80, "…");

    /// <summary>An answer's refusal in the reader's language, with the year's first and last days where it is about them.</summary>
    public static string Describe(AnswerRefusal refusal, FiscalYear year) => refusal switch
    {
        AnswerRefusal.NoAnswer => UiTexts.ChecklistNoAnswer,
        AnswerRefusal.NoCheckDate => UiTexts.ChecklistNoCheckDate,
        AnswerRefusal.CheckDateFuture => UiTexts.ChecklistCheckDateFuture,
        AnswerRefusal.CheckDateOutsideYear => Format(UiTexts.ChecklistCheckDateOutsideYear, YearName(year), year.First.Iso(), year.Last.Iso()),
        AnswerRefusal.NoTargetDate => UiTexts.ChecklistNoTargetDate,
        AnswerRefusal.TargetOutsideYear => Format(UiTexts.ChecklistTargetOutsideYear, YearName(year), year.First.Iso(), year.Last.Iso()),
        AnswerRefusal.TargetBeforeCheck => UiTexts.ChecklistTargetBeforeCheck,
        AnswerRefusal.TargetWithYes => UiTexts.ChecklistTargetWithYes,
    };

    /// <summary>The year as the reader names it: 令和7年度 in Japanese, FY2025 in English.</summary>
    public static string YearName(FiscalYear year) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? year.ToString() : year.Wareki();

    /// <summary>
    /// Corrects an item of an edition, or adds one (<paramref name="add"/>): over the shipped wording, which stays;
    /// this year's and later checklists made from the edition take it at once, earlier years stay as they were answered.
    /// </summary>
    public async Task<ChecklistRefused?> Correct(string editionKey, string? itemId, CorrectItemRequest request, bool add, string by, CancellationToken cancellationToken)
    {
        if (await load.Edition(editionKey, cancellationToken) is not { } edition)
            return new(StatusCodes.Status404NotFound, "checklist-edition-not-found", Format(UiTexts.ChecklistEditionUnknown, Shorten(editionKey)));
        var id = (add ? request.Id : itemId)?.Trim();
        if (!ChecklistEditions.IsItemId(id))
            return Bad("checklist-item-id", UiTexts.ChecklistItemIdInvalid);
        var current = await load.Effective(editionKey, cancellationToken);
        if (add && current!.Any(i => i.Id == id))
            return new(StatusCodes.Status409Conflict, "checklist-item-exists", Format(UiTexts.ChecklistItemIdTaken, id));
        if (!add && current!.All(i => i.Id != id))
            return new(StatusCodes.Status404NotFound, "checklist-item-not-found", Format(UiTexts.ChecklistItemUnknown, id));
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 1000)
            return Bad("checklist-reason", UiTexts.ChecklistReasonRequired);
        string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        var (ja, en, number) = (Clean(request.Ja), Clean(request.En), Clean(request.Number));
        if ((ja is null) != (en is null) || ja?.Length > ChecklistEditions.MaxText || en?.Length > ChecklistEditions.MaxText || number?.Length > 20)
            return Bad("checklist-text", Format(UiTexts.ChecklistTextBoth, ChecklistEditions.MaxText));
        if (request.Section is { } section && !ChecklistSections.All.Contains(section))
            return Bad("checklist-section", UiTexts.ChecklistSectionInvalid);
        ChecklistTarget? target = null;
        if (Clean(request.Target) is { } t)
        {
            if (!ChecklistNames.TryParseTarget(t, out var parsed))
                return Bad("checklist-target", UiTexts.ChecklistTargetInvalid);
            target = parsed;
        }
        var forms = request.Forms?.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim()).Distinct().ToList();
        if (forms is { Count: > 0 } && forms.Any(f => !ChecklistNames.TryParseForm(f, out _)))
            return Bad("checklist-form", UiTexts.ChecklistFormInvalid);
        if (forms is { Count: 0 })
            forms = null;
        if (add && (ja is null || number is null || request.Section is null))
            return Bad("checklist-item-incomplete", UiTexts.ChecklistAddIncomplete);
        if (!add && ja is null && number is null && request.Section is null && target is null && forms is null)
            return Bad("checklist-correction-empty", UiTexts.ChecklistCorrectionEmpty);
        var now = clock.GetUtcNow();
        db.ChecklistCorrections.Add(new ChecklistCorrectionRow
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = scope.OrganizationId!.Value,
            EditionKey = edition.Key,
            ItemId = id!,
            Added = add,
            Section = request.Section,
            Number = number,
            TextJa = ja,
            TextEn = en,
            Forms = forms is null ? (add ? "hospital" : null) : string.Join(',', forms),
            Target = target is { } tt ? ChecklistNames.Wire(tt) : (add ? "all" : null),
            Reason = request.Reason.Trim(),
            By = by,
            At = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await Refresh(edition.Key, cancellationToken);
        return null;
    }

    /// <summary>This year's and later checklists of an edition take its items as now corrected; a returned vendor form stays as returned.</summary>
    private async Task Refresh(string editionKey, CancellationToken cancellationToken)
    {
        var items = await load.Effective(editionKey, cancellationToken);
        var thisYear = load.ThisYear.StartYear;
        foreach (var row in await db.Checklists.Where(c => c.EditionKey == editionKey && c.FiscalYear >= thisYear && c.ReturnedAt == null).ToListAsync(cancellationToken))
            row.Items = FrozenItem.Write(items!.Where(i => i.IsOn(row.Form == "vendor" ? ChecklistForm.Vendor : ChecklistForm.Hospital)));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Loads a new edition from a file: refused whole, with every problem listed, when anything is wrong.</summary>
    public async Task<(ChecklistEdition? Edition, IReadOnlyList<ChecklistFileProblem> Problems, ChecklistRefused? Refused)> Upload(byte[] file, string by, CancellationToken cancellationToken)
    {
        var read = ChecklistEditions.Read(file);
        if (read.Edition is not { } edition)
            return (null, read.Problems, new(StatusCodes.Status422UnprocessableEntity, "checklist-edition-refused", Format(UiTexts.ChecklistEditionRefused, read.Problems.Count)));
        if (await load.Edition(edition.Key, cancellationToken) is not null)
            return (null, [], new(StatusCodes.Status409Conflict, "checklist-edition-exists", Format(UiTexts.ChecklistEditionExists, edition.Key)));
        db.ChecklistEditions.Add(new ChecklistEditionRow
        {
            Id = Guid.CreateVersion7(), OrganizationId = scope.OrganizationId!.Value, Key = edition.Key, File = Encoding.UTF8.GetString(file), UploadedBy = by, UploadedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return (edition, [], null);
    }

    /// <summary>Makes the link a vendor fills in their form through; its secret is returned this once, only its hash kept.</summary>
    public async Task<(ChecklistVendorLinkRow? Link, string? Secret, ChecklistRefused? Refused)> MakeLink(ChecklistRow checklist, VendorLinkRequest request, string by, CancellationToken cancellationToken)
    {
        if (checklist.Form != "vendor")
            return (null, null, Bad("checklist-link-hospital", UiTexts.ChecklistLinkHospitalForm));
        if (checklist.ReturnedAt is not null)
            return (null, null, new(StatusCodes.Status409Conflict, "checklist-returned", UiTexts.ChecklistAlreadyReturned));
        var name = string.IsNullOrWhiteSpace(request.Name) ? checklist.VendorName! : request.Name.Trim();
        if (name.Length > 200 || TextRules.HasUnfitCharacters(name))
            return (null, null, Bad("checklist-link-name", UiTexts.ChecklistLinkName));
        if (request.Days is { } days && !LinkKind.Lifetime.Allows(days))
            return (null, null, Bad("checklist-link-days", Format(UiTexts.ChecklistLinkDays, LinkKind.Lifetime.MaxDays)));
        var secret = SecretLinks.NewSecret(LinkKind);
        var now = clock.GetUtcNow();
        var link = new ChecklistVendorLinkRow
        {
            Id = Guid.CreateVersion7(), OrganizationId = checklist.OrganizationId, ChecklistId = checklist.Id, InvitedName = name,
            Prefix = secret.Prefix, SecretHash = secret.Hash, CreatedBy = by, CreatedAt = now, ExpiresAt = LinkKind.Lifetime.End(now, request.Days),
        };
        // One open link per form: a new one replaces the last.
        foreach (var open in await db.ChecklistVendorLinks.Where(l => l.ChecklistId == checklist.Id && l.RevokedAt == null && l.UsedAt == null).ToListAsync(cancellationToken))
            open.RevokedAt = now;
        db.ChecklistVendorLinks.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        return (link, secret.Secret, null);
    }

    public async Task<ChecklistRefused?> RevokeLink(ChecklistRow checklist, Guid linkId, CancellationToken cancellationToken)
    {
        if (await db.ChecklistVendorLinks.SingleOrDefaultAsync(l => l.Id == linkId && l.ChecklistId == checklist.Id, cancellationToken) is not { } link)
            return new(StatusCodes.Status404NotFound, "checklist-link-not-found", UiTexts.ChecklistLinkNotFound);
        link.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the form a vendor link opens, while the link is open, in a scope of its hospital
    /// (whose services <paramref name="work"/> is given). A signed-in account of another hospital is refused; the words
    /// are the same for a link that never existed.
    /// </summary>
    public async Task<(T? Value, ChecklistRefused? Refused)> UseLink<T>(string secret, Func<ChecklistVendorLinkRow, ChecklistRow, IServiceProvider, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var (value, refused) = await links.Use<ChecklistVendorLinkRow, T>(LinkKind, secret, async (link, services, ct) =>
        {
            var checklist = await services.GetRequiredService<SonaeDbContext>().Checklists.AsNoTracking().SingleAsync(c => c.Id == link.ChecklistId, ct);
            return await work(link, checklist, services, ct);
        }, cancellationToken);
        return (value, refused is null ? null : Refused(refused));
    }

    private static ChecklistRefused Refused(LinkRefused refused) => new(refused.Status, refused.Code, refused.Message);

    /// <summary>
    /// Who fills in through <paramref name="link"/>: the signed-in account, else the name the officer gave the link. The
    /// audit log names the same, by the link's prefix (never its secret), in the link's hospital's chain.
    /// </summary>
    public string VendorName(ChecklistVendorLinkRow link) => links.NameInAudit(LinkKind, link, link.InvitedName);

    /// <summary>The vendor hands the form back: every item answered, then the link is used up and the form is the officer's again.</summary>
    public async Task<ChecklistRefused?> Return(ChecklistVendorLinkRow link, ChecklistRow checklist, string by, CancellationToken cancellationToken)
    {
        var detail = await load.Detail(checklist, cancellationToken);
        if (!detail.Checklist.Complete)
            return Bad("checklist-incomplete", Format(UiTexts.ChecklistReturnIncomplete, detail.Checklist.Needed - detail.Checklist.Done));
        var now = clock.GetUtcNow();
        var claimed = await db.ChecklistVendorLinks.Where(l => l.Id == link.Id && l.UsedAt == null && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now).SetProperty(l => l.UsedBy, by), cancellationToken);
        if (claimed == 0)
            return Refused(LinkKind.Refused(LinkRefusal.Used));
        await db.Checklists.Where(c => c.Id == checklist.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReturnedAt, now).SetProperty(c => c.ReturnedBy, by), cancellationToken);
        return null;
    }
}
