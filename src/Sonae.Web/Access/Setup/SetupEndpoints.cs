using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Access;

public sealed record SetupStatus(bool Required);

public sealed record SetupRequest(string? SetupCode, string? OrganizationName);

public sealed record IssuedKeyView(string Role, string Name, string Key);

/// <param name="Keys">One API key per role. They are shown this once: store them where the people who hold each role can find them.</param>
public sealed record SetupResult(Guid OrganizationId, string OrganizationName, IReadOnlyList<IssuedKeyView> Keys);

/// <summary>
/// <c>/api/v1/setup</c>: first-run setup of the organization, open only until it is done and only with the code
/// Sonae printed on its console.
/// </summary>
public static class SetupEndpoints
{
    /// <summary>The rate-limit policy on setup attempts: a few per minute from one address.</summary>
    public const string RateLimit = "setup";
    public const int AttemptsPerMinute = 5;

    public static IEndpointRouteBuilder MapSetupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/setup").WithTags("Setup").AllowAnonymous();
        group.MapGet("/", Status).WithName("GetSetupStatus").WithSummary("Whether this Sonae still waits for its first-run setup");
        group.MapPost("/", SetUp).WithName("SetUp").WithSummary("Register the hospital with the setup code from the console; returns one API key per role")
            .RequireRateLimiting(RateLimit);
        return app;
    }

    public static Ok<SetupStatus> Status(SetupCode code) => TypedResults.Ok(new SetupStatus(code.IsActive));

    public static async Task<Results<Created<SetupResult>, ProblemHttpResult>> SetUp(
        SetupRequest request, SetupCode code, LoadOrganizations organizations, CreateOrganization create, CancellationToken cancellationToken)
    {
        if (!code.IsActive || await organizations.Any(cancellationToken))
            return ProblemResults.Create(StatusCodes.Status409Conflict, "setup-not-required", ProblemTexts.SetupNotRequired);
        if (CreateOrganization.CheckName(request.OrganizationName) is { } badName)
            return ProblemResults.Field(badName);
        var name = request.OrganizationName!.Trim();
        CreateOrganization.Created? created = null;
        switch (await code.TryRun(request.SetupCode, async () => created = await create.Run(name, demo: false, cancellationToken)))
        {
            case SetupCode.Attempt.WrongCode:
                return ProblemResults.Create(StatusCodes.Status403Forbidden, "setup-code-wrong", ProblemTexts.SetupCodeWrong);
            case SetupCode.Attempt.AlreadyDone:
                return ProblemResults.Create(StatusCodes.Status409Conflict, "setup-not-required", ProblemTexts.SetupNotRequired);
            case SetupCode.Attempt.Done:
                break;
        }

        return TypedResults.Created((string?)null, new SetupResult(
            created!.Organization.Id,
            created.Organization.Name,
            created.Keys.Select(k => new IssuedKeyView(k.Role.Id(), k.Name, k.Key)).ToList()));
    }
}
