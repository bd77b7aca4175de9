using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Notices;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Aftercare.Measures;
using Sonae.Web.Access;
using Sonae.Web.Notices;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Measures;

/// <param name="Title">The notice's title; the measure's own when left out.</param>
/// <param name="Body">The notice's text; a draft from the measure (what, who, by when) when left out.</param>
/// <param name="Audience">Whom it is for, as for any notice; everyone when left out.</param>
public sealed record DisseminateRequest(string? Title, string? Body, AudienceRequest? Audience);

/// <summary>
/// Makes a measure known (4-6): sends a notice of the kind <c>measures</c> through the Notices area's own sender (its
/// audience, personal acknowledgement links, channels and outbox), then ties the notice to the measure, so that the
/// measure's page shows who acknowledged it. The notice has no incident: measures outlive their incident, which
/// may be closed by then. The same request id sends one notice and ties it once.
/// </summary>
public sealed class DisseminateMeasure(SendNotice send, SonaeDbContext db)
{
    public async Task<Results<Created<NoticeSummary>, ProblemHttpResult>> Run(Caller caller, string id, DisseminateRequest request, string? requestId, CancellationToken cancellationToken)
    {
        if (await LoadMeasures.Find(db, id, cancellationToken) is not { } measure)
            return MeasureInput.NotFound(id);
        var draft = Draft(measure.Title, measure.Description, measure.OwnerName, measure.Due);
        var notice = new SendNoticeRequest(NoticeKind.Measures.Id(),
            string.IsNullOrWhiteSpace(request.Title) ? draft.Title.For(CultureInfo.CurrentUICulture) : request.Title,
            string.IsNullOrWhiteSpace(request.Body) ? draft.Body.For(CultureInfo.CurrentUICulture) : request.Body,
            request.Audience ?? new AudienceRequest(true, null, null, null), null);
        var sent = await send.Run(caller, notice, requestId is null ? null : $"measure:{measure.Number}:{requestId}", cancellationToken);
        if (sent.Result is not Created<NoticeSummary> { Value: { } summary })
            return sent;
        var noticeId = await db.Notices.AsNoTracking().Where(n => n.Number == summary.Number).Select(n => n.Id).SingleAsync(cancellationToken);
        if (!await db.MeasureNotices.AnyAsync(l => l.MeasureId == measure.Id && l.NoticeId == noticeId, cancellationToken))
        {
            db.MeasureNotices.Add(new MeasureNoticeRow { OrganizationId = caller.OrganizationId, MeasureId = measure.Id, NoticeId = noticeId });
            await db.SaveChangesAsync(cancellationToken);
        }
        return sent;
    }

    /// <summary>
    /// The notice's first draft, in Japanese and English as the Notices area's drafts are (<see cref="NoticeDrafts"/>):
    /// the measure's title, and what it is, who answers for it and by when. The sender's page shows it in the sender's
    /// language, and a notice sent without a text of its own takes that language too.
    /// </summary>
    public static NoticeDraft Draft(string title, string? description, string owner, DateOnly due)
    {
        var body = Bilingual.Format(UiTexts.ResourceManager, nameof(UiTexts.MeasureNoticeBody), title, description ?? "", owner, due.Iso());
        return new NoticeDraft(Bilingual.Format(UiTexts.ResourceManager, nameof(UiTexts.MeasureNoticeTitle), title),
            new LocalizedText(body.Ja.Trim(), body.En.Trim()));
    }
}
