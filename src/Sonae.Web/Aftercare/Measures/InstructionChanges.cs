using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Aftercare.Measures;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Aftercare.Measures;
using Sonae.Web.Access;
using Sonae.Web.Preparedness;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Measures;

/// <param name="Vendor"><c>party:&lt;id&gt;</c> of the preparedness record's external parties, or a name (required).</param>
/// <param name="System">The system the instruction is about.</param>
/// <param name="Instruction">What the contractor must do (required).</param>
/// <param name="IssuedOn">The day it was issued, <c>2026-12-01</c>; today when left out.</param>
/// <param name="EveryMonths">Check every so many months (1 to 24) …</param>
/// <param name="Dates">… or on these days (1 to 24): exactly one of the two.</param>
/// <param name="Measure">The measure it carries out, by number or id.</param>
public sealed record InstructionRequest(string? Vendor, string? System, string? Instruction, string? IssuedOn, int? EveryMonths, IReadOnlyList<string>? Dates, string? Measure);

/// <summary>What an edit of an instruction replaces: its system, its text and its check schedule, as at issue.</summary>
/// <param name="System">The system the instruction is about; left out, none.</param>
/// <param name="Instruction">What the contractor must do (required). Changed after the vendor acknowledged it, the acknowledgement is withdrawn.</param>
/// <param name="EveryMonths">Check every so many months (1 to 24) …</param>
/// <param name="Dates">… or on these days (1 to 24): exactly one of the two.</param>
/// <param name="Version">The instruction's <c>version</c> as read (required): a change made since is refused (409 <c>instruction-changed</c>).</param>
public sealed record InstructionEditRequest(string? System, string? Instruction, int? EveryMonths, IReadOnlyList<string>? Dates, int? Version);

/// <param name="Version">The instruction's <c>version</c> as read; when given, a change made since is refused (409 <c>instruction-changed</c>).</param>
public sealed record EndInstructionRequest(int? Version);

/// <param name="Date">The day of the check, not in the future nor before the instruction was issued.</param>
/// <param name="Result"><c>complies</c> (適合) or <c>does-not-comply</c> (不適合).</param>
/// <param name="Found">What was found (required for <c>does-not-comply</c>).</param>
/// <param name="Name">Who checked, when it is not the caller (a vendor's engineer on the link).</param>
public sealed record CheckRequest(string? Date, string? Result, string? Found, string? Name);

/// <summary>
/// Issuing an instruction to a contractor (4-8) with the schedule of its periodic checks, correcting or ending it, and
/// recording a check's result. Numbers are per hospital, taken under the hospital's lock. Shared with the vendor's link, which records
/// the vendor's self-checks through <see cref="AddCheck"/>.
/// </summary>
public sealed class InstructionChanges(SonaeDbContext db, LoadPreparedness preparedness, LoadMeasures load, TimeProvider clock)
{
    public const string PartyPrefix = "party:";

    public async Task<Results<Created<InstructionView>, ProblemHttpResult>> Issue(Caller caller, InstructionRequest request, CancellationToken cancellationToken)
    {
        var today = load.Today;
        if (MeasureInput.Text("vendor", request.Vendor, TextLimits.ShortText, required: true) is { } badVendor)
            return badVendor;
        if (ReadTerms(request.System, request.Instruction, request.EveryMonths, request.Dates, out var schedule) is { } bad)
            return bad;
        if (MeasureInput.Day("issuedOn", request.IssuedOn, out var issuedOn, required: false) is { } badDay)
            return badDay;
        if (string.IsNullOrWhiteSpace(request.IssuedOn))
            issuedOn = today;
        var vendor = request.Vendor!.Trim();
        string? partyId = null;
        if (vendor.StartsWith(PartyPrefix, StringComparison.Ordinal))
        {
            var parties = (await preparedness.Current(PreparednessSection.Parties, cancellationToken)).As<ExternalPartyList>();
            if (parties.Find(vendor[PartyPrefix.Length..]) is not { } party)
                return ProblemResults.Field("vendor", ProblemResults.Format(ProblemTexts.InstructionUnknownVendor, vendor));
            (partyId, vendor) = (party.Id, party.Name);
        }
        Guid? measure = null;
        if (!string.IsNullOrWhiteSpace(request.Measure))
        {
            if (await LoadMeasures.Find(db, request.Measure, cancellationToken) is not { } found)
                return MeasureInput.NotFound(request.Measure.Trim());
            measure = found.Id;
        }
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OrganizationForNumbering(caller.OrganizationId).SingleAsync(cancellationToken);
        var now = Timestamps.Normalize(clock.GetUtcNow());
        var number = (await db.ContractorInstructions.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Where(i => i.OrganizationId == caller.OrganizationId)
            .MaxAsync(i => (int?)i.Number, cancellationToken) ?? 0) + 1;
        var row = new ContractorInstructionRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = caller.OrganizationId, Number = number, MeasureId = measure, VendorPartyId = partyId,
            VendorName = vendor, System = MeasureInput.Kept(request.System), Instruction = request.Instruction!.Trim(), IssuedOn = issuedOn,
            CreatedAt = now, CreatedBy = caller.Actor.Name, ChangedAt = now, ChangedBy = caller.Actor.Name,
        };
        Keep(row, schedule!);
        db.ContractorInstructions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var view = (await load.Instruction(row.Id.ToString(), cancellationToken))!.Instruction;
        return TypedResults.Created($"/api/v1/contractor-instructions/{row.Number}", view);
    }

    /// <summary>
    /// Corrects an instruction's system, text and check schedule, checked exactly as at issue, on the version the
    /// editor read (a change made since is refused, never overwritten). When what the vendor acknowledged changes (its
    /// text or system: <see cref="MeasureRules.AcknowledgementStands"/>), the acknowledgement is withdrawn and the vendor
    /// must acknowledge again; a new schedule alone keeps it. An ended instruction is not changed. An edit that changes
    /// nothing changes nothing.
    /// </summary>
    public async Task<Results<Ok<InstructionView>, ProblemHttpResult>> Edit(Caller caller, string id, InstructionEditRequest request, CancellationToken cancellationToken)
    {
        if (ReadTerms(request.System, request.Instruction, request.EveryMonths, request.Dates, out var schedule) is { } bad)
            return bad;
        if (request.Version is not { } version)
            return MeasureInput.VersionRequired();
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OrganizationForNumbering(caller.OrganizationId).SingleAsync(cancellationToken);
        var (row, refused) = await Current(id, version, cancellationToken);
        if (row is null)
            return refused!;
        var (system, text) = (MeasureInput.Kept(request.System), request.Instruction!.Trim());
        if (row.AcknowledgedAt is not null && !MeasureRules.AcknowledgementStands(row.Instruction, row.System, text, system))
            (row.AcknowledgedAt, row.AcknowledgedBy) = (null, null);
        (row.System, row.Instruction) = (system, text);
        Keep(row, schedule!);
        if (db.ChangeTracker.HasChanges())
            Changed(row, caller);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await load.Instruction(row.Id.ToString(), cancellationToken))!.Instruction);
    }

    /// <summary>
    /// Ends an instruction: no check is due from then on (nor overdue), its vendor's links are revoked with it (they
    /// answer as revoked ones), and it is changed no more. Ending it again is refused; with a version, so is an end on a
    /// stale reading.
    /// </summary>
    public async Task<Results<Ok<InstructionView>, ProblemHttpResult>> End(Caller caller, string id, EndInstructionRequest request, CancellationToken cancellationToken)
    {
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OrganizationForNumbering(caller.OrganizationId).SingleAsync(cancellationToken);
        var (row, refused) = await Current(id, request.Version, cancellationToken);
        if (row is null)
            return refused!;
        var now = Changed(row, caller);
        (row.EndedAt, row.EndedBy) = (now, caller.Actor.Name);
        await db.SaveChangesAsync(cancellationToken);
        await db.InstructionLinks.Where(l => l.InstructionId == row.Id && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await load.Instruction(row.Id.ToString(), cancellationToken))!.Instruction);
    }

    /// <summary>The instruction <paramref name="id"/>, tracked, when it may change: not ended, and at <paramref name="version"/> when given; else why not.</summary>
    private async Task<(ContractorInstructionRow? Row, ProblemHttpResult? Refused)> Current(string id, int? version, CancellationToken cancellationToken)
    {
        if (await LoadMeasures.FindInstruction(db, id, cancellationToken) is not { } found)
            return (null, MeasureInput.InstructionNotFound(id));
        if (found.EndedAt is { } ended)
            return (null, MeasureInput.InstructionEnded(found.Number, found.EndedBy ?? found.ChangedBy, ended));
        if (version is { } read && read != found.Version)
            return (null, MeasureInput.InstructionChanged(found.Number, found.ChangedBy, found.ChangedAt, found.Version));
        return (await db.ContractorInstructions.SingleAsync(i => i.Id == found.Id, cancellationToken), null);
    }

    private DateTimeOffset Changed(ContractorInstructionRow row, Caller caller)
    {
        var now = Timestamps.Normalize(clock.GetUtcNow());
        row.Version++;
        (row.ChangedAt, row.ChangedBy) = (now, caller.Actor.Name);
        return now;
    }

    /// <summary>Checks what an instruction asks (its system, its text, its schedule), the same at issue and on an edit.</summary>
    private static ProblemHttpResult? ReadTerms(string? system, string? instruction, int? everyMonths, IReadOnlyList<string>? dates, out CheckSchedule? schedule)
    {
        schedule = null;
        return MeasureInput.Text("system", system, TextLimits.ShortText)
            ?? MeasureInput.Text("instruction", instruction, MeasureRules.MaxText, required: true)
            ?? ReadSchedule(everyMonths, dates, out schedule);
    }

    /// <summary>Writes <paramref name="schedule"/> into the row: a period, or the fixed days as ISO dates.</summary>
    private static void Keep(ContractorInstructionRow row, CheckSchedule schedule)
    {
        row.EveryMonths = schedule.EveryMonths;
        row.Dates = schedule.EveryMonths is null ? string.Join(',', schedule.Dates.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) : null;
    }

    private static ProblemHttpResult? ReadSchedule(int? everyMonths, IReadOnlyList<string>? given, out CheckSchedule? schedule)
    {
        schedule = null;
        var dates = (given ?? []).Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
        if ((everyMonths is null) == (dates.Count == 0))
            return ProblemResults.Field("everyMonths", ProblemTexts.InstructionScheduleOne);
        if (everyMonths is { } months)
        {
            if (months is < 1 or > CheckSchedule.MaxMonths)
                return ProblemResults.Field("everyMonths", ProblemResults.Format(ProblemTexts.FieldOutOfRange, Localization.Texts.Field("everyMonths"), CheckSchedule.MaxMonths));
            schedule = CheckSchedule.Every(months);
            return null;
        }
        if (dates.Count > CheckSchedule.MaxDates)
            return ProblemResults.Field("dates", ProblemResults.Format(ProblemTexts.FieldTooMany, Localization.Texts.Field("dates"), CheckSchedule.MaxDates));
        var days = new List<DateOnly>();
        foreach (var date in dates)
        {
            if (MeasureInput.Day("dates", date, out var day) is { } bad)
                return bad;
            days.Add(day);
        }
        schedule = CheckSchedule.On(days);
        return null;
    }

    /// <summary>Records a check of instruction <paramref name="row"/>: by the hospital (<paramref name="byVendor"/> false) or the vendor's self-check.</summary>
    public async Task<Results<Created<CheckView>, ProblemHttpResult>> AddCheck(ContractorInstructionRow row, CheckRequest request, string checkedBy, bool byVendor, CancellationToken cancellationToken)
    {
        if (MeasureInput.PastDay("date", request.Date, load.Today, out var date) is { } badDate)
            return badDate;
        if ((MeasureInput.Text("found", request.Found, MeasureRules.MaxText)
            ?? MeasureInput.Text("name", request.Name, TextLimits.ShortText)) is { } bad)
            return bad;
        if (!CheckResults.TryParse(request.Result?.Trim(), out var complies))
            return ProblemResults.Field("result", string.IsNullOrWhiteSpace(request.Result)
                ? ProblemResults.Format(ProblemTexts.FieldRequired, Localization.Texts.Field("result"))
                : ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Localization.Texts.Field("result"), Sonae.Core.TextRules.Shorten(request.Result, 40, "…"), $"{CheckResults.Complies}, {CheckResults.DoesNotComply}"));
        if (!complies && string.IsNullOrWhiteSpace(request.Found))
            return ProblemResults.Field("found", ProblemTexts.InstructionFoundRequired);
        if (date < row.IssuedOn)
            return ProblemResults.Field("date", ProblemResults.Format(ProblemTexts.InstructionCheckBeforeIssue, row.IssuedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var now = Timestamps.Normalize(clock.GetUtcNow());
        var check = new InstructionCheckRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = row.OrganizationId, InstructionId = row.Id, CheckedOn = date, Complies = complies,
            Found = MeasureInput.Kept(request.Found), CheckedBy = MeasureInput.Kept(request.Name) ?? checkedBy, ByVendor = byVendor, RecordedAt = now,
        };
        db.InstructionChecks.Add(check);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/contractor-instructions/{row.Number}",
            new CheckView(check.Id, check.CheckedOn, CheckResults.Of(check.Complies), check.Found, check.CheckedBy, check.ByVendor, check.RecordedAt));
    }

    /// <summary>The hospital records a check (the officer's own, or a vendor's report received another way).</summary>
    public async Task<Results<Created<CheckView>, ProblemHttpResult>> AddCheck(Caller caller, string id, CheckRequest request, CancellationToken cancellationToken) =>
        await LoadMeasures.FindInstruction(db, id, cancellationToken) is { } row
            ? await AddCheck(row, request, caller.Actor.Name, byVendor: false, cancellationToken)
            : MeasureInput.InstructionNotFound(id);

    /// <summary>The vendor acknowledges the instruction (once: a second time changes nothing).</summary>
    public async Task Acknowledge(ContractorInstructionRow row, string name, CancellationToken cancellationToken)
    {
        var now = Timestamps.Normalize(clock.GetUtcNow());
        await db.ContractorInstructions.Where(i => i.Id == row.Id && i.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcknowledgedAt, now).SetProperty(i => i.AcknowledgedBy, name), cancellationToken);
    }
}
