using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Components;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Incidents;

/// <param name="Note">Why, or what the new commander wants on the record (optional).</param>
public sealed record TakeCommandRequest(string? Note);

/// <summary>The next commander is named by exactly one of <c>account</c>, <c>person</c> or <c>name</c> (with <c>role</c>).</summary>
/// <param name="Account">An account of the hospital, by its id or its sign-in name: recognised as the commander when they sign in.</param>
/// <param name="Person">A person of the people directory (preparedness record), by their id there.</param>
/// <param name="Name">A name as typed, for someone in neither.</param>
/// <param name="Role">With a typed name: <c>security-officer</c> or <c>management</c>, the role they lead in.</param>
/// <param name="Note">The handover note: what is known, what is pending (required).</param>
public sealed record HandOverCommandRequest(string? Account, string? Person, string? Name, string? Role, string? Note);

/// <param name="Account">An account of the hospital (not a vendor), by its id or its sign-in name.</param>
public sealed record NameScribeRequest(string? Account);

/// <summary>What the command page's forms (and the header's "take command" button) send.</summary>
public sealed class CommandRoleForm
{
    /// <summary><c>take</c>, <c>hand-over</c> or <c>scribe</c>.</summary>
    public string? Kind { get; set; }
    public string? Note { get; set; }

    /// <summary>A choice of the page: <c>account:{id}</c> or <c>person:{id}</c>; empty when a name is typed.</summary>
    public string? To { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; }
    public string? ReturnUrl { get; set; }
}

/// <summary>
/// The roles of an incident's response, on the API and from the page forms: take command
/// (<c>POST /api/v1/incidents/{id}/command/take</c>), hand it over (<c>…/command/hand-over</c>), name the scribe
/// (<c>…/scribe</c>). Only those who may lead (<see cref="Operation.LeadResponse"/>) reach them; the rules decide
/// the rest (only the commander hands over or names the scribe).
/// </summary>
public static class IncidentRoleEndpoints
{
    public static IEndpointRouteBuilder MapIncidentRoleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents/{id}").WithTags("Incidents").RequireAuthorization(Operation.LeadResponse)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/command/take", Take).WithName("TakeCommand")
            .WithSummary("Take command of the incident; taken from someone else, the record says from whom");
        group.MapPost("/command/hand-over", HandOver).WithName("HandOverCommand")
            .WithSummary("Hand command over to the next commander, with a handover note (the commander only); the named person is the commander at once");
        group.MapPost("/scribe", NameScribe).WithName("NameScribe")
            .WithSummary("Name the scribe, who records at the commander's side (the commander only)");
        app.MapPost("/incidents/{number:int}/command/do", Form).RequireAuthorization(Operation.LeadResponse).ExcludeFromDescription();
        return app;
    }

    public static string CommandPage(int number) => $"/incidents/{number}/command";

    public static Task<Results<Ok<CommandResult>, ProblemHttpResult>> Take(
        string id, [FromBody] TakeCommandRequest? request, CommandContext context, CancellationToken cancellationToken) =>
        context.Run(id, new TakeCommand(request?.Note), cancellationToken);

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> HandOver(
        string id, HandOverCommandRequest request, ClaimsPrincipal user, LoadNominees nominees, CommandContext context, CancellationToken cancellationToken)
    {
        var (nominee, problem) = await nominees.Resolve(Caller.From(user), request.Account, request.Person, request.Name, request.Role, cancellationToken);
        if (problem is not null)
            return problem;
        return await context.Run(id, new HandOverCommand(nominee!, request.Note ?? ""), cancellationToken);
    }

    public static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> NameScribe(
        string id, NameScribeRequest request, ClaimsPrincipal user, LoadNominees nominees, CommandContext context, CancellationToken cancellationToken)
    {
        var (nominee, problem) = await nominees.Account(Caller.From(user), request.Account, cancellationToken);
        if (problem is not null)
            return problem;
        return await context.Run(id, new Core.Incidents.NameScribe(nominee!), cancellationToken);
    }

    /// <summary>The page forms: applied as on the API, then back (to the page the form was on) with what became of it.</summary>
    public static async Task<RedirectHttpResult> Form(int number, [FromForm] CommandRoleForm? form, HttpContext http, LoadNominees nominees, CommandContext context)
    {
        form ??= new CommandRoleForm();
        var id = number.ToString(CultureInfo.InvariantCulture);
        var back = form.ReturnUrl is null ? CommandPage(number) : SignIn.Local(form.ReturnUrl);
        var ct = http.RequestAborted;
        var (answer, done) = form.Kind switch
        {
            "take" => ((await Take(id, new TakeCommandRequest(form.Note), context, ct)).Result, UiTexts.CommandTakenDone),
            "hand-over" => ((await HandOver(id, HandOverFrom(form), http.User, nominees, context, ct)).Result, UiTexts.CommandHandedOverDone),
            "scribe" => ((await NameScribe(id, new NameScribeRequest(form.To), http.User, nominees, context, ct)).Result, UiTexts.ScribeNamedDone),
            _ => ((IResult?)null, ""),
        };
        return answer switch
        {
            Ok<CommandResult> => PageForms.Back(http, back, true, done),
            ProblemHttpResult problem => PageForms.Back(http, back, false, problem.ProblemDetails.Detail ?? ProblemTexts.BadRequest),
            _ => PageForms.Back(http, back, false, ProblemTexts.BadRequest),
        };
    }

    /// <summary>The hand-over form: a choice of the list, or (the list left empty) a typed name with its role.</summary>
    private static HandOverCommandRequest HandOverFrom(CommandRoleForm form)
    {
        var to = form.To?.Trim() ?? "";
        return to.StartsWith(Caller.AccountPrefix, StringComparison.Ordinal) ? new(to, null, null, null, form.Note)
            : to.StartsWith(LoadNominees.PersonPrefix, StringComparison.Ordinal) ? new(null, to[LoadNominees.PersonPrefix.Length..], null, null, form.Note)
            : to.Length > 0 ? new(to, null, null, null, form.Note)
            : new(null, null, form.Name, form.Role, form.Note);
    }
}
