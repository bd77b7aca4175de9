using System.Globalization;

namespace Sonae.Web.Hosting;

/// <summary>
/// Every log written while a request about an incident is handled carries the incident: <c>IncidentNumber</c> for the
/// pages and forms (<c>/incidents/{number}/…</c>) and the API called with a number, <c>IncidentId</c> for the API
/// called with the incident's id. Numbers and ids only, as in every log of Sonae: never a name or a text.
/// </summary>
public static class IncidentLogScope
{
    private const string NumberKey = "IncidentNumber";
    private const string IdKey = "IncidentId";

    /// <summary>Runs after routing (the route's values are known) and before the endpoint.</summary>
    public static void UseIncidentLogScope(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sonae.Incidents");
        app.Use(async (context, next) =>
        {
            if (Of(context) is not { } scope)
            {
                await next(context);
                return;
            }
            using (logger.BeginScope(scope))
                await next(context);
        });
    }

    /// <summary>The incident the request's route names, as a logging scope; null when it names none.</summary>
    private static Dictionary<string, object>? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        var values = context.Request.RouteValues;
        if (path.StartsWithSegments("/api/v1/incidents", StringComparison.OrdinalIgnoreCase) && values.TryGetValue("id", out var id) && id is string text)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var byNumber))
                return new() { [NumberKey] = byNumber };
            return Guid.TryParse(text, out var guid) ? new() { [IdKey] = guid } : null;
        }
        if (values.TryGetValue("number", out var number)
            && int.TryParse(Convert.ToString(number, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return new() { [NumberKey] = n };
        return null;
    }
}
