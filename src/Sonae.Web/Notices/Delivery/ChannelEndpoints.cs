using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core.Access;
using Sonae.Core.Notices;
using Sonae.Web.Access;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Notices.Delivery;

/// <param name="HasPassword">Whether a password is kept; the password itself is never answered.</param>
public sealed record MailSettingsView(string Host, int Port, string Security, string? User, bool HasPassword, string FromAddress, string? FromName);

public sealed record WebhookView(string Id, string Name, string Format, string Url);

/// <param name="LastErrorCode">What went wrong last, for programs (<c>connection-refused</c>, <c>http-status</c> …).</param>
/// <param name="LastError">The same in words, in the caller's language, with the channel's own answer.</param>
/// <param name="Failing">Whether its last attempt failed.</param>
public sealed record ChannelStateView(string Channel, string? WebhookId, string? Name, int Waiting, DateTimeOffset? OldestWaitingSince,
    DateTimeOffset? LastSentAt, DateTimeOffset? LastFailedAt, string? LastErrorCode, string? LastError, int GivenUp, bool Failing);

public sealed record ChannelSettingsView(MailSettingsView? Mail, IReadOnlyList<WebhookView> Webhooks, DateTimeOffset? ChangedAt, string? ChangedBy, IReadOnlyList<ChannelStateView> State);

/// <param name="Security"><c>none</c>, <c>starttls</c> or <c>tls</c>.</param>
/// <param name="Password">Write-only: left out or null keeps the kept password, an empty string removes it, anything else replaces it.</param>
public sealed record MailSettingsRequest(string? Host, int? Port, string? Security, string? User, string? Password, string? FromAddress, string? FromName);

/// <param name="Id">The webhook's id to keep one that exists; left out for a new one.</param>
/// <param name="Format"><c>json</c>, <c>slack</c> or <c>teams</c>.</param>
public sealed record WebhookRequest(string? Id, string? Name, string? Format, string? Url);

/// <param name="Mail">The mail server; null for none (e-mail is not sent).</param>
/// <param name="Webhooks">Every webhook the hospital keeps (the list replaces the kept one).</param>
public sealed record ChannelSettingsRequest(MailSettingsRequest? Mail, IReadOnlyList<WebhookRequest>? Webhooks);

public sealed record MailTestRequest(string? To);

/// <param name="ErrorCode">Why not, for programs; null when delivered.</param>
/// <param name="Error">Why not, in words, in the caller's language, with the server's own answer.</param>
public sealed record ChannelTestView(bool Delivered, string? ErrorCode, string? Error);

/// <summary>
/// <c>/api/v1/settings/channels</c>: the hospital's mail server and webhooks, how each is doing, and a test message
/// through each; for the security officer and management (<see cref="Operation.ManageChannels"/>).
/// </summary>
public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/settings/channels").WithTags("Channels").RequireAuthorization(Operation.ManageChannels)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        group.MapGet("/", Get).WithName("GetChannelSettings").WithSummary("The mail server and the webhooks (never the mail password), and how each channel is doing");
        group.MapPut("/", Save).WithName("SaveChannelSettings").WithSummary("Replace the mail server and the webhooks: all valid, or nothing kept and every problem listed by field")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/mail/test", TestMail).WithName("TestMail").WithSummary("Send a test e-mail through the kept mail server, now; answers what the server said");
        group.MapPost("/webhooks/{webhookId}/test", TestWebhook).WithName("TestWebhook").WithSummary("Post a test message to a kept webhook, now; answers what it said")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<ChannelSettingsView>> Get(ChannelSettingsStore store, LoadChannelState state, CancellationToken cancellationToken)
    {
        var view = await store.Load(cancellationToken);
        return TypedResults.Ok(await View(view, state, cancellationToken));
    }

    public static async Task<Results<Ok<ChannelSettingsView>, ProblemHttpResult>> Save(
        ChannelSettingsRequest request, ClaimsPrincipal user, ChannelChanges changes, LoadChannelState state, CancellationToken cancellationToken)
    {
        var mail = request.Mail;
        var input = new ChannelSettingsInput(
            mail is null ? null : new MailServerInput(mail.Host, mail.Port?.ToString(CultureInfo.InvariantCulture), mail.Security, mail.User, false, mail.FromAddress, mail.FromName),
            [.. (request.Webhooks ?? []).Select(w => new WebhookInput(w?.Id, w?.Name, w?.Format, w?.Url))]);
        var password = mail?.Password switch
        {
            null => PasswordChange.Keep,
            "" => PasswordChange.Remove,
            var typed => PasswordChange.To(typed),
        };
        return await changes.Save(Caller.From(user), input, password, cancellationToken) switch
        {
            ChannelChanges.Saved saved => TypedResults.Ok(await View(saved.View, state, cancellationToken)),
            ChannelChanges.Invalid invalid => Invalid(invalid.Problems),
            var other => throw new InvalidOperationException($"Unknown outcome {other.GetType().Name}."),
        };
    }

    public static async Task<Results<Ok<ChannelTestView>, ProblemHttpResult>> TestMail(MailTestRequest request, ClaimsPrincipal user, ChannelChanges changes, CancellationToken cancellationToken)
    {
        if (!ChannelRules.IsMailAddress(request.To))
            return ProblemResults.Field("to", ProblemResults.Format(ProblemTexts.ChannelTestAddress, request.To));
        return TypedResults.Ok(View(await changes.TestMail(Caller.From(user).OrganizationId, request.To!, cancellationToken)));
    }

    public static async Task<Results<Ok<ChannelTestView>, ProblemHttpResult>> TestWebhook(
        string webhookId, ClaimsPrincipal user, HttpContext http, ChannelChanges changes, LoadOrganizations organizations, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var name = await organizations.Name(caller.OrganizationId, cancellationToken);
        return await changes.TestWebhook(caller.OrganizationId, name, webhookId, PageLink(http), cancellationToken) is { } test
            ? TypedResults.Ok(View(test))
            : ProblemResults.Create(StatusCodes.Status404NotFound, "webhook-not-found",
                ProblemResults.NotFoundText(webhookId, ProblemTexts.WebhookNotFound, ProblemTexts.WebhookNotFoundUnnamed));
    }

    /// <summary>The settings page's address, which a test message links to.</summary>
    internal static string PageLink(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{ChannelsPage}";

    public const string ChannelsPage = "/settings/channels";

    internal static ChannelTestView View(ChannelTest test) =>
        new(test.Delivered, test.Failure?.Code, test.Failure?.Describe());

    private static async Task<ChannelSettingsView> View(ChannelsView view, LoadChannelState state, CancellationToken cancellationToken)
    {
        var settings = view.Settings;
        var states = await state.For(settings, cancellationToken);
        return new ChannelSettingsView(
            settings.Mail is { } mail ? new MailSettingsView(mail.Host, mail.Port, mail.Security.Id(), mail.User, view.HasPassword, mail.FromAddress, mail.FromName) : null,
            [.. settings.Webhooks.Select(w => new WebhookView(w.Id, w.Name, w.Format.Id(), w.Url))],
            view.ChangedAt, view.ChangedBy,
            [.. states.Select(s => new ChannelStateView(s.Channel, s.WebhookId, s.Name, s.Waiting, s.OldestWaitingSince, s.LastSentAt, s.LastFailedAt,
                s.LastError is { } error ? error.Split(':', 2)[0] : null, s.LastError is { } said ? DeliveryFailure.Describe(said) : null, s.GivenUp, s.Failing))]);
    }

    /// <summary>422 with every problem, by field, in the caller's language.</summary>
    private static ProblemHttpResult Invalid(IReadOnlyList<ChannelProblem> problems) =>
        ProblemResults.Create(StatusCodes.Status422UnprocessableEntity, "channels-invalid", ProblemResults.Format(ProblemTexts.ChannelsInvalid, problems.Count),
            new Dictionary<string, object?>
            {
                ["errors"] = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message.For(CultureInfo.CurrentUICulture)).ToArray()),
            });
}
