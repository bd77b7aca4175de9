using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Preparedness;

/// <param name="BaseVersion">The people record's version the change was made on (0 before its first save; required); a newer one gives 409.</param>
/// <param name="Name">Who answers, needed only while the people record has no security officer.</param>
/// <param name="Kind">The line: <c>phs</c>, <c>extension</c>, <c>mobile</c>, <c>home</c>, <c>office</c> or <c>hotline24h</c>.</param>
/// <param name="Number">The number staff are to call.</param>
/// <param name="Note">Why it changed, kept with the people record's version (the settings page's own words when left out).</param>
public sealed record SetEmergencyContactRequest(int? BaseVersion, string? Name, string? Kind, string? Number, string? Note);

/// <param name="Contact">Whom staff are told to phone now, with the numbers every page and document shows; null when nobody is on record.</param>
/// <param name="PeopleVersion">The people record's version a change is made on.</param>
/// <param name="FromOldSetting">The number still comes from the settings field of earlier releases, not from the people record: one save moves it.</param>
public sealed record EmergencyContactView(CallView? Contact, int PeopleVersion, bool FromOldSetting);

/// <summary>
/// <c>/api/v1/emergency-contact</c>: the number staff must call, as the settings page shows and sets it. The same
/// command as the page (<see cref="SetEmergencyContact"/>): the people record's security officer on duty gets it as
/// their first phone line, as the record's next version with who changed it and why, with the same checks; the
/// request is in the audit log as the page's form is.
/// </summary>
public static class EmergencyContactEndpoints
{
    /// <summary>The request's fields by the names the command gives them (those of the settings page's form).</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["contactName"] = "name",
        ["contactPhone"] = "number",
        ["contactKind"] = "kind",
    };

    public static IEndpointRouteBuilder MapEmergencyContactEndpoints(this IEndpointRouteBuilder app)
    {
        // Mapped one by one rather than as a group: a group's root is "/api/v1/emergency-contact/", which the audit log would keep.
        const string Path = "/api/v1/emergency-contact";
        app.MapGet(Path, Get).WithTags("Preparedness").RequireAuthorization(Operation.ChangeSettings)
            .WithName("GetEmergencyContact").WithSummary("Whom staff are told to phone, and the people record's version to change it on")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        app.MapPut(Path, Set).WithTags("Preparedness").RequireAuthorization(Operation.ChangeSettings)
            .WithName("SetEmergencyContact").WithSummary("Set the number staff must call: the security officer on duty's first phone line, as the people record's next version")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public static async Task<Ok<EmergencyContactView>> Get(ClaimsPrincipal user, LoadEmergencyContact load, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await load.ForSettings(Caller.From(user).OrganizationId, cancellationToken)));

    public static async Task<Results<Ok<EmergencyContactView>, ProblemHttpResult>> Set(
        SetEmergencyContactRequest request, ClaimsPrincipal user, LoadEmergencyContact load, SetEmergencyContact set, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (request.BaseVersion is not { } baseVersion)
            return ProblemResults.BaseVersionRequired();
        if (ProblemResults.Choice<ChannelKind>("kind", request.Kind, out var kind) is { } badKind)
            return badKind;
        // A line that does not ring (e-mail, a fax) is no number to call.
        if (!kind.IsPhone())
            return ProblemResults.Field("kind", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("contactKind"), request.Kind,
                string.Join(", ", Enum.GetValues<ChannelKind>().Where(k => k.IsPhone()).Select(Wire.Name))));
        var note = string.IsNullOrWhiteSpace(request.Note) ? UiTexts.SettingsContactNoteApi : request.Note;
        var outcome = await set.Run(caller, baseVersion, request.Name, kind, request.Number, note, cancellationToken);
        return outcome switch
        {
            SavePreparednessSection.Saved => TypedResults.Ok(View(await load.ForSettings(caller.OrganizationId, cancellationToken))),
            SavePreparednessSection.Conflict conflict => PreparednessEndpoints.Conflict(conflict.Base, conflict.Current),
            SetEmergencyContact.Refused refused when refused.Refusals.All(r => r is FieldRefused) => Invalid(refused.Refusals.Cast<FieldRefused>()),
            SetEmergencyContact.Refused refused => ProblemResults.For(refused.Refusals[0], Core.Playbooks.BuiltInPlaybooks.MhlwIncidentFlowchart),
            SavePreparednessSection.Invalid invalid => PreparednessEndpoints.Invalid(invalid),
            _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}."),
        };
    }

    /// <summary>Every field the command refused, each under the request's name for it, as one 400.</summary>
    private static ProblemHttpResult Invalid(IEnumerable<FieldRefused> refused)
    {
        var errors = refused.Select(r => (Field: Fields.GetValueOrDefault(r.Field, r.Field), Text: ProblemResults.Describe(r))).ToList();
        return ProblemResults.Create(StatusCodes.Status400BadRequest, "invalid-field", string.Join(" ", errors.Select(e => e.Text)), new Dictionary<string, object?>
        {
            ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Text).ToArray()),
        });
    }

    private static EmergencyContactView View(EmergencyContactSettings settings) => new(
        settings.Contact is { } contact
            ? new CallView(contact.Name, [.. contact.Numbers.Select(n => new CallNumber(n.Kind is { } k ? Labels.Id(k) : null, n.Value, EmergencyContactText.Number(n)))])
            : null,
        settings.PeopleVersion,
        settings.Contact?.Source == EmergencyContactSource.OldSetting);
}
