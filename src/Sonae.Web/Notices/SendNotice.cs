using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Access;
using Microsoft.EntityFrameworkCore;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Playbooks;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

using Sonae.Web.Notices.Delivery;

namespace Sonae.Web.Notices;

/// <summary>Whom a notice is for, as the API and the compose form send it.</summary>
/// <param name="Everyone">Everyone in the people record and every account.</param>
/// <param name="Departments">Departments by name, as the people record lists them.</param>
/// <param name="Roles">Role ids: <c>management</c>, <c>security-officer</c>, <c>staff</c>, <c>vendor</c>.</param>
/// <param name="People"><c>person:&lt;id&gt;</c> of the people record, or <c>account:&lt;id&gt;</c>.</param>
public sealed record AudienceRequest(bool? Everyone, IReadOnlyList<string>? Departments, IReadOnlyList<string>? Roles, IReadOnlyList<string>? People);

/// <param name="Kind"><c>stop-use</c>, <c>recovery</c>, <c>measures</c>, <c>decision</c>, <c>ad-hoc</c> or <c>status-update</c>.</param>
/// <param name="Title">The title (required).</param>
/// <param name="Body">The text (required).</param>
/// <param name="Audience">Whom it is for.</param>
/// <param name="Incident">The incident it is about, by number or id; none for a notice of the hospital's own.</param>
public sealed record SendNoticeRequest(string? Kind, string? Title, string? Body, AudienceRequest? Audience, string? Incident);

/// <summary>
/// Sends a notice a person wrote: checks it, resolves its audience into people, and in one transaction writes the
/// notice, its recipients, their messages and (for an incident's notice) <c>notice-sent</c> on the incident's record.
/// </summary>
public sealed class SendNotice(
    NoticeAudiences audiences, NoticeStore store, NoticeChannelSettings channels, RecordWriter writer, IncidentQueries incidents,
    OutboxSignal outbox, PlaybookCache playbooks, SonaeDbContext db, TimeProvider clock)
{
    /// <summary>How long the personal links of a notice work.</summary>
    public static readonly TimeSpan LinksValidFor = TimeSpan.FromDays(30);

    public const int MaxBody = 10_000;

    /// <summary>The longest audience kept with a notice (its JSON): some 1,000 people chosen one by one.</summary>
    public const int MaxAudience = 20_000;

    /// <param name="requestId">The request's Idempotency-Key (or the compose form's one-time id): the same one sends nothing twice.</param>
    public async Task<Results<Created<NoticeSummary>, ProblemHttpResult>> Run(Caller caller, SendNoticeRequest request, string? requestId, CancellationToken cancellationToken)
    {
        if (Permissions.ActingRole(caller.Actor, Operation.SendNotices) is null)
            return ProblemResults.For(Permissions.Check(caller.Actor, Operation.SendNotices)!, null!);
        if (!NoticeKinds.TryParse(request.Kind, out var kind) || kind == NoticeKind.Page)
            return ProblemResults.Field("kind", request.Kind is null
                ? ProblemResults.Format(ProblemTexts.FieldRequired, Texts.Field("kind"))
                : ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("kind"), request.Kind, string.Join(", ", NoticeKinds.Written.Select(k => k.Id()))));
        if ((TextRules.Check("title", request.Title, TextLimits.ShortText, required: true) ?? TextRules.Check("body", request.Body, MaxBody, required: true)) is { } bad)
            return ProblemResults.Field(bad);
        if (ReadAudience(request.Audience, out var audience) is { } badAudience)
            return badAudience;
        var source = await audiences.Load(cancellationToken);
        if (Audiences.Check(audience, source.People, source.Accounts) is [var first, ..])
            return AudienceProblem(first);
        Guid? incidentId = null;
        if (!string.IsNullOrWhiteSpace(request.Incident))
        {
            incidentId = await incidents.ResolveId(request.Incident.Trim(), cancellationToken);
            if (incidentId is null)
                return ProblemResults.IncidentNotFound(request.Incident.Trim());
        }
        var recipients = Audiences.Resolve(audience, source.People, source.Accounts).Select(r => (r, 0)).ToList();
        var (title, body) = (request.Title!.Trim(), request.Body!.Trim());
        // A drill's notice is marked as one and reaches its participants alone, whatever audience was asked for.
        if (incidentId is { } drillIncident && await Aftercare.Drills.DrillMarks.Participants(db, drillIncident, cancellationToken) is { } participants)
        {
            recipients = [.. recipients.Where(r => Aftercare.Drills.DrillMarks.Takes(participants, r.r))];
            if (recipients.Count == 0)
                return ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, "drill-notice-no-participants", UiTexts.DrillNoticeNoParticipants);
            (title, body) = (Aftercare.Drills.DrillMarks.Title(title), Aftercare.Drills.DrillMarks.Body(body));
        }
        var notice = new NewNotice(kind, title, body, audience, recipients, incidentId, caller.Actor.Id, caller.Actor.Name, LinksValidFor,
            requestId is null ? null : $"request:{caller.Actor.Id}:{requestId}");
        var settings = await channels.Current(cancellationToken);
        var summary = incidentId is { } incident
            ? await OnIncident(caller, incident, notice, settings, cancellationToken)
            : await OnItsOwn(caller, notice, settings, cancellationToken);
        if (summary.Result is Created<NoticeSummary>)
            outbox.Wake();
        return summary;
    }

    private async Task<Results<Created<NoticeSummary>, ProblemHttpResult>> OnIncident(Caller caller, Guid incidentId, NewNotice notice, NoticeChannels settings, CancellationToken cancellationToken)
    {
        NoticeSummary? summary = null;
        var outcome = await writer.Submit(caller, async (db, ct) =>
        {
            var incident = await db.IncidentForAppendAsync(incidentId, ct);
            if (incident is null)
                return new CommandOutcome.NotFound();
            var playbook = await playbooks.Get(db, incident.PlaybookVersionId, ct);
            var progress = incident.ReadProgress();
            if (await Earlier(db, notice, ct) is { } earlier)
            {
                summary = earlier;
                return CommandOutcome.Appended.Of(incident, [], progress, playbook);
            }
            // The rules first: a notice the record refuses (a merged incident) is neither kept nor sent.
            var now = clock.GetUtcNow();
            if (IncidentRules.Decide(playbook, progress, caller.Actor, new RecordNotice(Guid.Empty, 0, notice.Kind, notice.Title, notice.Recipients.Count), now).Refusal is { } early)
                return new CommandOutcome.Refused(early, playbook);
            var (row, recipients) = await store.Add(db, caller.OrganizationId, notice, settings, ct);
            if (!incident.Drill)
                db.OutboxMessages.AddRange(store.Webhooks(row, settings));
            var command = new RecordNotice(row.Id, row.Number, notice.Kind, notice.Title, recipients.Count);
            var decision = IncidentRules.Decide(playbook, progress, caller.Actor, command, now);
            if (decision.Refusal is { } refusal)
                return new CommandOutcome.Refused(refusal, playbook, command);
            var (events, after) = db.Append(incident, progress, EventChain.Append(incident.Head, decision.Events, now), null);
            summary = NoticeSummary.Of(row, recipients.Count, 0, incident.Number);
            return CommandOutcome.Appended.Of(incident, events, after, playbook);
        }, cancellationToken, appendsTo: incidentId);
        return outcome switch
        {
            CommandOutcome.Appended => TypedResults.Created($"/api/v1/notices/{summary!.Number}", summary),
            CommandOutcome.NotFound => ProblemResults.IncidentNotFound(incidentId.ToString()),
            CommandOutcome.Refused refused => ProblemResults.For(refused.Refusal, refused.Playbook),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    private async Task<Results<Created<NoticeSummary>, ProblemHttpResult>> OnItsOwn(Caller caller, NewNotice notice, NoticeChannels settings, CancellationToken cancellationToken)
    {
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Held before looking for an earlier send: two servers (PostgreSQL) with the same request take turns here.
        await db.OrganizationForNumbering(caller.OrganizationId).SingleAsync(cancellationToken);
        if (await Earlier(db, notice, cancellationToken) is { } earlier)
            return TypedResults.Created($"/api/v1/notices/{earlier.Number}", earlier);
        var (row, recipients) = await store.Add(db, caller.OrganizationId, notice, settings, cancellationToken);
        db.OutboxMessages.AddRange(store.Webhooks(row, settings));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/notices/{row.Number}", NoticeSummary.Of(row, recipients.Count, 0, null));
    }

    /// <summary>The notice an earlier request with the same Idempotency-Key made (a double tap, a retry), if any.</summary>
    private static async Task<NoticeSummary?> Earlier(SonaeDbContext db, NewNotice notice, CancellationToken cancellationToken)
    {
        if (notice.Trigger is null)
            return null;
        var row = await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Trigger == notice.Trigger && n.IncidentId == notice.IncidentId, cancellationToken);
        if (row is null)
            return null;
        var count = await db.NoticeRecipients.CountAsync(r => r.NoticeId == row.Id && r.NotifiedAt != null, cancellationToken);
        var acknowledged = await db.NoticeRecipients.CountAsync(r => r.NoticeId == row.Id && r.AcknowledgedAt != null, cancellationToken);
        var incident = row.IncidentId is { } id ? await db.Incidents.Where(i => i.Id == id).Select(i => (int?)i.Number).FirstOrDefaultAsync(cancellationToken) : null;
        return NoticeSummary.Of(row, count, acknowledged, incident);
    }

    public static ProblemHttpResult? ReadAudience(AudienceRequest? request, out Audience audience)
    {
        audience = Audience.OfPeople();
        if (request is null)
            return ProblemResults.Field("audience", ProblemTexts.AudienceEmpty);
        var roles = new List<Role>();
        foreach (var id in request.Roles ?? [])
        {
            if (!Roles.TryParse(id, out var role))
                return ProblemResults.Field("audience.roles", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("roles"), id, string.Join(", ", Roles.All.Select(r => r.Id()))));
            roles.Add(role);
        }
        string[] departments = [.. (request.Departments ?? []).Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim()).Distinct(StringComparer.Ordinal)];
        string[] people = [.. (request.People ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct(StringComparer.Ordinal)];
        if (departments.Concat(people).FirstOrDefault(t => t.Length > TextLimits.ShortText) is { } tooLong)
            return ProblemResults.Field("audience", ProblemResults.Format(ProblemTexts.FieldTooLong, Texts.Field("audience"), TextLimits.ShortText));
        audience = new Audience(request.Everyone ?? false, departments, [.. roles.Distinct()], people);
        if (System.Text.Json.JsonSerializer.Serialize(audience, RecordJson.Options).Length > MaxAudience)
            return ProblemResults.Field("audience", ProblemTexts.AudienceTooLong);
        return null;
    }

    public static ProblemHttpResult AudienceProblem(AudienceProblem problem) => problem.Kind switch
    {
        AudienceProblemKind.Empty => ProblemResults.Field("audience", ProblemTexts.AudienceEmpty),
        AudienceProblemKind.UnknownDepartment => ProblemResults.Field("audience.departments", ProblemResults.Format(ProblemTexts.AudienceUnknownDepartment, Clip(problem.Value))),
        AudienceProblemKind.UnknownPerson => ProblemResults.Field("audience.people", ProblemResults.Format(ProblemTexts.AudienceUnknownPerson, Clip(problem.Value))),
        AudienceProblemKind.NobodyInIt => ProblemResults.Field("audience", ProblemTexts.AudienceNobody),
    };

    private static string Clip(string? value) => value is null ? "" : TextRules.Shorten(value, 61, "…");
}
