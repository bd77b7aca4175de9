using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Aftercare.Measures;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Aftercare.Measures;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Preparedness;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Measures;

/// <param name="Title">What the measure is called (required).</param>
/// <param name="Owner">Who answers for it: <c>person:&lt;id&gt;</c> of the people record, or a name.</param>
/// <param name="CostYen">What it costs, in yen (0 or more).</param>
/// <param name="Due">The day it is to be done, <c>2027-03-31</c> (required).</param>
/// <param name="Incident">The incident (or drill) it comes from, by number or id.</param>
/// <param name="Finding">The finding it answers.</param>
public sealed record MeasureRequest(string? Title, string? Description, string? Owner, long? CostYen, string? Due, string? Incident, string? Finding);

/// <summary>A measure's own fields as an edit replaces them (all of them: a field left out is cleared or, if required, refused).</summary>
/// <param name="Title">What the measure is called (required).</param>
/// <param name="Owner">Who answers for it: <c>person:&lt;id&gt;</c> of the people record, or a name (required).</param>
/// <param name="CostYen">What it costs, in yen (0 or more); left out, it is not known.</param>
/// <param name="Due">The day it is to be done, <c>2027-03-31</c> (required).</param>
/// <param name="Version">The measure's <c>version</c> as read (required): a change made since is refused (409 <c>measure-changed</c>).</param>
public sealed record MeasureEditRequest(string? Title, string? Description, string? Owner, long? CostYen, string? Due, int? Version);

/// <summary>What a measure's add and edit both take, read and checked once.</summary>
internal sealed record MeasureFields(string Title, string? Description, string? OwnerPersonId, string OwnerName, long? CostYen, DateOnly Due);

/// <param name="Status"><c>approved</c>, <c>in-progress</c>, <c>done</c> or <c>dropped</c> (which may follow which: see the measure's <c>nextStatuses</c>).</param>
/// <param name="Reason">Why it is dropped (required for <c>dropped</c>).</param>
public sealed record StatusRequest(string? Status, string? Reason);

/// <param name="Date">The day it was held, <c>2027-01-20</c>, not in the future.</param>
/// <param name="Attendees">Who attended (names or departments).</param>
/// <param name="Count">How many attended (0 or more; required).</param>
public sealed record TrainingRequest(string? Date, string? Title, string? Attendees, int? Count);

/// <summary>
/// Adding a measure (4-5), correcting it, moving it along its statuses, and recording a training session on it (4-6). Numbers are
/// per hospital, taken under the hospital's lock (PostgreSQL) or the single writer (SQLite); a request id makes a
/// double tap add one measure. The audit log has each change (every changing request is audited).
/// </summary>
public sealed class MeasureChanges(SonaeDbContext db, IncidentQueries incidents, LoadPreparedness preparedness, LoadMeasures load, TimeProvider clock)
{
    public const int MaxCount = 100_000;

    /// <summary>
    /// Reads and checks a measure's own fields, the same for adding and editing: the texts (length, characters; title
    /// and owner required), the due day, the cost's range, and an owner named <c>person:&lt;id&gt;</c> found in the
    /// people record (their name as it is now). The first problem, by field, or the fields as they are kept.
    /// </summary>
    private async Task<(ProblemHttpResult? Bad, MeasureFields? Fields)> Read(string? title, string? description, string? owner, long? costYen, string? due, CancellationToken cancellationToken)
    {
        if ((MeasureInput.Text("title", title, MeasureRules.MaxTitle, required: true)
            ?? MeasureInput.Text("description", description, MeasureRules.MaxText)
            ?? MeasureInput.Text("owner", owner, TextLimits.ShortText, required: true)) is { } bad)
            return (bad, null);
        if (MeasureInput.Day("due", due, out var day) is { } badDue)
            return (badDue, null);
        if (costYen is < 0 or > MeasureRules.MaxCostYen)
            return (ProblemResults.Field("costYen", ProblemResults.Format(ProblemTexts.MeasureCostRange, MeasureRules.MaxCostYen)), null);
        var name = owner!.Trim();
        string? ownerId = null;
        if (name.StartsWith(PersonPrefix, StringComparison.Ordinal))
        {
            var people = (await preparedness.Current(PreparednessSection.People, cancellationToken)).As<PeopleDirectory>();
            var person = people.People.FirstOrDefault(p => p.Id == name[PersonPrefix.Length..]);
            if (person is null)
                return (ProblemResults.Field("owner", ProblemResults.Format(ProblemTexts.AudienceUnknownPerson, name)), null);
            (ownerId, name) = (person.Id, person.Name);
        }
        return (null, new MeasureFields(title!.Trim(), MeasureInput.Kept(description), ownerId, name, costYen, day));
    }

    public async Task<Results<Created<MeasureView>, ProblemHttpResult>> Add(Caller caller, MeasureRequest request, string? requestId, CancellationToken cancellationToken)
    {
        if (MeasureInput.Text("finding", request.Finding, MeasureRules.MaxText) is { } badFinding)
            return badFinding;
        var (bad, fields) = await Read(request.Title, request.Description, request.Owner, request.CostYen, request.Due, cancellationToken);
        if (bad is not null)
            return bad;
        Guid? incident = null;
        if (!string.IsNullOrWhiteSpace(request.Incident))
        {
            incident = await incidents.ResolveId(request.Incident.Trim(), cancellationToken);
            if (incident is null)
                return ProblemResults.IncidentNotFound(request.Incident.Trim());
        }
        var key = requestId is null ? null : $"{caller.Actor.Id}:{requestId}";
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OrganizationForNumbering(caller.OrganizationId).SingleAsync(cancellationToken);
        var row = key is null ? null : await db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.RequestKey == key, cancellationToken);
        if (row is null)
        {
            var now = Timestamps.Normalize(clock.GetUtcNow());
            var number = (await db.Measures.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Where(m => m.OrganizationId == caller.OrganizationId)
                .MaxAsync(m => (int?)m.Number, cancellationToken) ?? 0) + 1;
            row = new MeasureRow
            {
                Id = Guid.CreateVersion7(now), OrganizationId = caller.OrganizationId, Number = number, Title = fields!.Title,
                Description = fields.Description, OwnerPersonId = fields.OwnerPersonId, OwnerName = fields.OwnerName, CostYen = fields.CostYen, Due = fields.Due,
                Status = MeasureStatus.Proposed.Id(), IncidentId = incident, Finding = MeasureInput.Kept(request.Finding), RequestKey = key,
                CreatedAt = now, CreatedBy = caller.Actor.Name, ChangedAt = now, ChangedBy = caller.Actor.Name,
            };
            db.Measures.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        var view = (await load.Detail(row.Id.ToString(), cancellationToken))!.Measure;
        return TypedResults.Created($"/api/v1/measures/{view.Number}", view);
    }

    /// <summary>Who a measure's owner is, when the people record has them: <c>person:</c> and their id.</summary>
    public const string PersonPrefix = "person:";

    /// <summary>
    /// Corrects a measure's own fields (title, description, owner, cost, due day), checked exactly as when it is added,
    /// on the version the editor read: a change made since (an edit, a status) is refused with who made it, never
    /// overwritten. A done or dropped measure may be corrected too (the cost known after it was done, say); its status
    /// stays. An edit that changes nothing changes nothing (no new version).
    /// </summary>
    public async Task<Results<Ok<MeasureView>, ProblemHttpResult>> Edit(Caller caller, string id, MeasureEditRequest request, CancellationToken cancellationToken)
    {
        var (bad, fields) = await Read(request.Title, request.Description, request.Owner, request.CostYen, request.Due, cancellationToken);
        if (bad is not null)
            return bad;
        if (request.Version is not { } version)
            return MeasureInput.VersionRequired();
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OrganizationForNumbering(caller.OrganizationId).SingleAsync(cancellationToken);
        if (await LoadMeasures.Find(db, id, cancellationToken) is not { } found)
            return MeasureInput.NotFound(id);
        if (found.Version != version)
            return MeasureInput.MeasureChanged(found.Number, found.ChangedBy, found.ChangedAt, found.Version);
        // Tracked, so that only the fields that change are written.
        var row = await db.Measures.SingleAsync(m => m.Id == found.Id, cancellationToken);
        (row.Title, row.Description, row.OwnerPersonId, row.OwnerName, row.CostYen, row.Due) =
            (fields!.Title, fields.Description, fields.OwnerPersonId, fields.OwnerName, fields.CostYen, fields.Due);
        if (db.ChangeTracker.HasChanges())
        {
            row.Version++;
            row.ChangedAt = Timestamps.Normalize(clock.GetUtcNow());
            row.ChangedBy = caller.Actor.Name;
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await load.Detail(row.Id.ToString(), cancellationToken))!.Measure);
    }

    public async Task<Results<Ok<MeasureView>, ProblemHttpResult>> ChangeStatus(Caller caller, string id, StatusRequest request, CancellationToken cancellationToken)
    {
        if (!MeasureRules.TryParse(request.Status?.Trim(), out var to))
            return ProblemResults.Field("status", string.IsNullOrWhiteSpace(request.Status)
                ? ProblemResults.Format(ProblemTexts.FieldRequired, Localization.Texts.Field("status"))
                : ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Localization.Texts.Field("status"), TextRulesClip(request.Status),
                    string.Join(", ", MeasureRules.All.Select(s => s.Id()))));
        if (MeasureInput.Text("reason", request.Reason, MeasureRules.MaxText) is { } bad)
            return bad;
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OrganizationForNumbering(caller.OrganizationId).SingleAsync(cancellationToken);
        if (await LoadMeasures.Find(db, id, cancellationToken) is not { } row)
            return MeasureInput.NotFound(id);
        var from = MeasureRules.Parse(row.Status);
        if (MeasureRules.Change(from, to, request.Reason) is { } refusal)
            return MeasureInput.StatusRefused(refusal, from, to);
        row.Status = to.Id();
        row.DroppedReason = to == MeasureStatus.Dropped ? request.Reason!.Trim() : null;
        row.ChangedAt = Timestamps.Normalize(clock.GetUtcNow());
        row.ChangedBy = caller.Actor.Name;
        row.Version++;
        db.Measures.Update(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await load.Detail(row.Id.ToString(), cancellationToken))!.Measure);
    }

    public async Task<Results<Created<TrainingView>, ProblemHttpResult>> AddTraining(Caller caller, string id, TrainingRequest request, CancellationToken cancellationToken)
    {
        if (MeasureInput.PastDay("date", request.Date, load.Today, out var date) is { } badDate)
            return badDate;
        if ((MeasureInput.Text("title", request.Title, MeasureRules.MaxTitle, required: true)
            ?? MeasureInput.Text("attendees", request.Attendees, MeasureRules.MaxText)) is { } bad)
            return bad;
        if (request.Count is not { } count)
            return ProblemResults.Field("count", ProblemResults.Format(ProblemTexts.FieldRequired, Localization.Texts.Field("count")));
        if (count is < 0 or > MaxCount)
            return ProblemResults.Field("count", ProblemResults.Format(ProblemTexts.FieldOutOfRange, Localization.Texts.Field("count"), MaxCount));
        if (await LoadMeasures.Find(db, id, cancellationToken) is not { } measure)
            return MeasureInput.NotFound(id);
        var now = Timestamps.Normalize(clock.GetUtcNow());
        var row = new MeasureTrainingRow
        {
            Id = Guid.CreateVersion7(now), OrganizationId = caller.OrganizationId, MeasureId = measure.Id, HeldOn = date, Title = request.Title!.Trim(),
            Attendees = MeasureInput.Kept(request.Attendees), Count = count, RecordedAt = now, RecordedBy = caller.Actor.Name,
        };
        db.MeasureTrainings.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/measures/{measure.Number}", new TrainingView(row.Id, row.HeldOn, row.Title, row.Attendees, row.Count, row.RecordedBy));
    }

    private static string TextRulesClip(string value) => Sonae.Core.TextRules.Shorten(value, 40, "…");
}
