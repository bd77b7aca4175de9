using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Core.Preparedness;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Preparedness;
using Sonae.Web.Resources;

namespace Sonae.Web.Notices;

/// <summary>What a person's form on the call sheet posts: whom, which of their numbers, how it went, a note.</summary>
public sealed class CallForm
{
    /// <summary>The person's id in the people directory.</summary>
    public string? Person { get; set; }

    /// <summary>Which of their phone numbers was called, by its place on the sheet (0 for the first).</summary>
    public int? Number { get; set; }

    /// <summary><c>reached</c>, <c>left-message</c>, <c>no-answer</c> or <c>wrong-number</c>: the button pressed.</summary>
    public string? Result { get; set; }

    public string? Note { get; set; }

    /// <summary>The form's own key: pressing a button twice records one call.</summary>
    public string? RequestId { get; set; }
}

/// <summary>
/// The phone call sheet: <c>GET /api/v1/incidents/{id}/calls</c> (the people of the call tree, their numbers, the latest
/// result and who is next), and the sheet's one-tap forms. A call is recorded as a contact, by the contact log's command
/// (<c>POST /api/v1/incidents/{id}/contacts</c> on the API: the person's name as <c>party</c>, the number called as
/// <c>subject</c>), so the log, the timeline and the reports show it like any other. The numbers are the hospital's own
/// record: the sheet is for the hospital's people, not for vendors.
/// </summary>
public static class CallSheetEndpoints
{
    /// <summary>The results a call from the sheet records, in the order of its buttons.</summary>
    public static IReadOnlyList<ContactResult> Results { get; } = [ContactResult.Reached, ContactResult.LeftMessage, ContactResult.NoAnswer, ContactResult.WrongNumber];

    public static IEndpointRouteBuilder MapCallSheetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/incidents/{id}/calls", Get).WithTags("Incidents").RequireAuthorization(Operation.ReadPreparedness).WithName("GetCallSheet")
            .WithSummary("The incident's phone call sheet: everyone of the call tree in calling order, their numbers, each one's latest call and who to call next")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        app.MapPost("/incidents/{number:int}/calls/record", Record).RequireAuthorization(Operation.ReadPreparedness).ExcludeFromDescription();
        return app;
    }

    public static string Page(int number) => $"/incidents/{number}/calls";

    public static async Task<Results<Ok<CallSheetView>, ProblemHttpResult>> Get(string id, CallSheetQueries calls, CancellationToken cancellationToken) =>
        await calls.Sheet(id, cancellationToken) is { } reading ? TypedResults.Ok(CallSheetView.Of(reading)) : ProblemResults.IncidentNotFound(id);

    /// <summary>
    /// A person's form: the call recorded as a contact with the person's name, the kind of number called as its channel
    /// and the number as its subject, spoken by the caller; then back to the sheet, which has moved on.
    /// </summary>
    public static async Task<RedirectHttpResult> Record(int number, [FromForm] CallForm? form, HttpContext http, CallSheetQueries calls, ApplyIncidentCommand apply, AcknowledgeNotice acknowledge)
    {
        form ??= new CallForm();
        var back = Page(number);
        var id = number.ToString(CultureInfo.InvariantCulture);
        if (await calls.Sheet(id, http.RequestAborted) is not { } reading)
            return PageForms.Back(http, back, false, ProblemResults.IncidentNotFoundText(id));
        var person = reading.Sheet.People.FirstOrDefault(p => string.Equals(p.Person.Id, form.Person, StringComparison.Ordinal));
        if (person is null)
            return PageForms.Back(http, back, false, UiTexts.CallsPersonGone);
        if (!Wire.TryParse<ContactResult>(form.Result, out var result) || !Results.Contains(result)
            || person.Numbers.ElementAtOrDefault(form.Number ?? 0) is not { } called)
            return PageForms.Back(http, back + Anchor(person.Person.Id), false, ProblemTexts.BadRequest);
        var command = new LogContact(person.Person.Name, CallSheet.ChannelOf(called.Channel.Kind), result, form.Note, ContactDirection.Outgoing, called.Channel.Value);
        var requestId = string.IsNullOrWhiteSpace(form.RequestId) || form.RequestId.Length > 64 ? null : "call-" + form.RequestId;
        var outcome = await apply.Run(Caller.From(http.User), reading.Incident.Id, command, requestId, http.RequestAborted);
        if (outcome is not CommandOutcome.Appended)
            return PageForms.Back(http, back + Anchor(person.Person.Id), false, CommandProblems.Problem(outcome, id).ProblemDetails.Detail ?? ProblemTexts.BadRequest);
        // Someone the incident's page calls answered the phone: the page is acknowledged, by them, and stops escalating.
        if (result == ContactResult.Reached)
            await acknowledge.ByPhone(reading.Incident.Id, Core.Notices.Audiences.KeyOf(person.Person), http.RequestAborted);
        // Reached moves the sheet on: back at its top, where the next person now is; otherwise back at the person.
        var message = string.Format(CultureInfo.CurrentCulture, UiTexts.CallsRecorded, person.Person.Name, UiLabels.Result(result));
        return PageForms.Back(http, back + (result == ContactResult.Reached ? "#next" : Anchor(person.Person.Id)), true, message);
    }

    public static string Anchor(string person) => "#call-" + Uri.EscapeDataString(person);
}
