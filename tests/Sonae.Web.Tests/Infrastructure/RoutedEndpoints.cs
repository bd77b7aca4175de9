using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>The endpoints as the app routes them, for the matrix tests: a new endpoint shows up here by itself.</summary>
public static class RoutedEndpoints
{
    /// <summary>The API's endpoints (and /health, /health/ready, /metrics): method, pattern, and a content type the endpoint takes.</summary>
    public static List<(string Method, string Pattern, string ContentType)> Api(SonaeFactory factory) =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) || raw.TrimStart('/') is "health" or "health/ready" or "metrics"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m,
                "/" + e.RoutePattern.RawText!.TrimStart('/').TrimEnd('/'),
                (e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types ? types[0] : "application/json"))))
            .DistinctBy(e => (e.m, e.Item2))];
}
