using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Resources;

namespace Sonae.Web.Incidents;

/// <summary>One open incident in the live stream.</summary>
/// <param name="Waiting">Nobody has confirmed its report yet.</param>
/// <param name="Overdue">Nobody confirmed it within the hospital's limit.</param>
public sealed record LiveIncident(int Number, string Title, int Reports, bool Waiting, bool Overdue, string Url);

/// <summary>
/// What the pages' script gets on every change: the badge's text, and the open incidents so that it can tell what is
/// new (an incident it has not seen, or more reports on one) and say so with the title, a sound or a notification.
/// The texts are in the viewer's language.
/// </summary>
public sealed record LiveAlerts(long Version, int Unconfirmed, int Overdue, string Badge, IReadOnlyList<LiveIncident> Incidents)
{
    public static LiveAlerts Of(AlertSnapshot snapshot, DateTimeOffset now)
    {
        var unconfirmed = snapshot.Unconfirmed.ToList();
        var overdue = unconfirmed.Count(a => a.Overdue(now));
        return new(snapshot.Version, unconfirmed.Count, overdue, BadgeText(unconfirmed.Count, overdue),
            [.. snapshot.Open.Select(a => new LiveIncident(a.Number, a.Title, a.Reports, a.ConfirmBy is not null, a.Overdue(now), $"/incidents/{a.Number}"))]);
    }

    /// <summary>The header badge's words: how many reports wait for the officer, and how many of them too long.</summary>
    public static string BadgeText(int unconfirmed, int overdue) =>
        unconfirmed == 0 ? ""
        : overdue == 0 ? string.Format(CultureInfo.CurrentCulture, UiTexts.AlertsBadge, unconfirmed)
        : string.Format(CultureInfo.CurrentCulture, UiTexts.AlertsBadgeOverdue, unconfirmed, overdue);
}

/// <summary>
/// The live stream of alerts (server-sent events) that every page's script listens to: new reports and incidents,
/// and reports that wait for confirmation, as they happen. A page without JavaScript shows the same badge as of its
/// load. A client that does not ask for a stream (<c>Accept: text/event-stream</c>, as a browser's EventSource does)
/// gets the alerts of now once, as JSON.
/// </summary>
public static class AlertEndpoints
{
    public const string Path = "/live/alerts";

    /// <summary>How often a quiet stream sends a comment, so that proxies keep it open and a lost client is noticed.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>How long one stream lasts before the browser opens the next (and is checked again on the way).</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Stream).RequireAuthorization(Operation.ReadIncident).ExcludeFromDescription();
        return app;
    }

    private static async Task Stream(HttpContext context, AlertBoard board, TimeProvider clock, IHostApplicationLifetime lifetime)
    {
        // People of the hospital and invited vendors hear the alerts; a reporting terminal does not.
        if (!Caller.May(context.User, Operation.ReadIncident))
        {
            // 204 tells a browser's EventSource not to come back.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        var caller = Caller.From(context.User);
        if (!context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true))
        {
            var now = (await board.Current(caller.OrganizationId, context.RequestAborted)).For(caller);
            await context.Response.WriteAsJsonAsync(LiveAlerts.Of(now, clock.GetUtcNow()), Json, context.RequestAborted);
            return;
        }
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        // A stream ends after a while and the browser comes back at once: each return goes through sign-in again, so a
        // revoked key, a signed-out session or a vendor whose invitation ended stops hearing within that time.
        stop.CancelAfter(Lifetime);
        var cancellation = stop.Token;
        string? sent = null;
        try
        {
            await context.Response.WriteAsync("retry: 1000\n\n", cancellation);
            Task? changed = null;
            while (!cancellation.IsCancellationRequested)
            {
                // Wait for the change after this read before reading, so that a change during the read is not missed;
                // the same wait serves until it comes.
                changed ??= board.NextChange(caller.OrganizationId, cancellation);
                var snapshot = (await board.Current(caller.OrganizationId, cancellation)).For(caller);
                var now = clock.GetUtcNow();
                var data = JsonSerializer.Serialize(LiveAlerts.Of(snapshot, now), Json);
                if (data != sent)
                {
                    await context.Response.WriteAsync($"event: alerts\ndata: {data}\n\n", cancellation);
                    sent = data;
                }
                await context.Response.Body.FlushAsync(cancellation);
                // Wake for the next change, when the next report passes its limit, or to keep the stream alive.
                var untilNextDue = snapshot.Unconfirmed.Select(a => a.ConfirmBy!.Value - now).Where(left => left > TimeSpan.Zero)
                    .Append(KeepAlive).Min();
                var wait = untilNextDue < KeepAlive ? untilNextDue + TimeSpan.FromMilliseconds(50) : KeepAlive;
                if (await Task.WhenAny(changed, Task.Delay(wait, clock, cancellation)) == changed)
                    changed = null;
                else
                    await context.Response.WriteAsync(": keep-alive\n\n", cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed, the stream has run its time (the browser opens the next), or the server stops.
        }
    }
}
