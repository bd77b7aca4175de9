using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Web.Access;
using Sonae.Web.Resources;
using Sonae.Web.Components;

namespace Sonae.Web.Incidents;

/// <summary>What a small form on a static page asks to do to an incident.</summary>
public sealed class PageCommandForm
{
    /// <summary><c>action</c>, <c>complete</c>, <c>facts</c>, <c>skip</c> or <c>note</c>.</summary>
    public string? Kind { get; set; }
    public string? Step { get; set; }
    public string? Action { get; set; }
    public string? Reason { get; set; }
    public string? Text { get; set; }
    public string? ReturnUrl { get; set; }
}

/// <summary>
/// The plain-HTML forms of the static pages (management's decisions, the vendor page) post here: the command is
/// applied as on the API, and the person goes back to the page with a one-time message of what happened
/// (post, redirect, get: reloading the page never sends the command again).
/// </summary>
public static class PageCommands
{
    public static IEndpointRouteBuilder MapPageCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost("/incidents/{number:int}/act", Act).ExcludeFromDescription();
        return app;
    }

    public static async Task<RedirectHttpResult> Act(int number, [FromForm] PageCommandForm? form, HttpContext context, IncidentQueries incidents, ApplyIncidentCommand apply)
    {
        // A form with none of the fields binds to nothing: it is then a form that asks for nothing known.
        form ??= new PageCommandForm();
        var back = SignIn.Local(form.ReturnUrl);
        var caller = Caller.From(context.User);
        var commands = Commands(form, context.Request.Form);
        string message;
        var ok = false;
        if (commands is null)
        {
            message = ProblemTexts.BadRequest;
        }
        else if (commands.Count == 0)
        {
            message = UiTexts.NothingChosen;
        }
        else if (await incidents.ResolveId(number.ToString(System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted) is not { } incidentId)
        {
            message = Problems.ProblemResults.Format(ProblemTexts.IncidentNotFound, number);
        }
        else
        {
            var outcome = await apply.RunTogether(caller, incidentId, commands, context.RequestAborted);
            ok = outcome is CommandOutcome.Appended;
            message = ok ? UiTexts.WorkspaceSaved : CommandProblems.Problem(outcome, number.ToString(System.Globalization.CultureInfo.InvariantCulture)).ProblemDetails.Detail ?? "";
            // Of several answers sent together, say which one was refused.
            if (outcome is CommandOutcome.Refused { Command: RecordFact refusedFact } refused && commands.Count > 1
                && refused.Playbook.FindFact(refusedFact.Fact) is { } fact)
                message = $"{fact.Title.For(System.Globalization.CultureInfo.CurrentUICulture)}: {message}";
        }
        PageForms.SetFlash(context, ok, message);
        return TypedResults.Redirect(back);
    }

    /// <summary>
    /// The commands a form asks for, or null when it makes no sense. Kind <c>facts</c> answers several questions
    /// at once, from fields <c>fact.{id}</c> (with <c>reason.{id}</c> for a revision); questions left blank are
    /// left alone.
    /// </summary>
    private static List<IncidentCommand>? Commands(PageCommandForm form, IFormCollection fields)
    {
        if (form.Kind != "facts")
            return Command(form) is { } command ? [command] : null;
        var commands = new List<IncidentCommand>();
        foreach (var (name, values) in fields)
        {
            if (!name.StartsWith(FactField, StringComparison.Ordinal))
                continue;
            var id = name[FactField.Length..];
            if (!FactId.IsValid(id) || values.Count != 1)
                return null;
            if (string.IsNullOrWhiteSpace(values[0]))
                continue;
            var reason = fields[ReasonField + id];
            commands.Add(new RecordFact(new FactId(id), values[0]!, reason.Count == 1 && !string.IsNullOrWhiteSpace(reason[0]) ? reason[0] : null));
        }
        return commands;
    }

    public const string FactField = "fact.";

    public const string ReasonField = "reason.";

    private static IncidentCommand? Command(PageCommandForm form)
    {
        StepId? step = StepId.IsValid(form.Step) ? new StepId(form.Step!) : null;
        return form.Kind switch
        {
            "action" when step is { } s && form.Action is { } action => new CompleteAction(s, action),
            "complete" when step is { } s => new CompleteStep(s, form.Text),
            "skip" when step is { } s => new SkipStep(s, form.Reason ?? ""),
            "note" => new AddNote(form.Text ?? "", step),
            _ => null,
        };
    }
}
