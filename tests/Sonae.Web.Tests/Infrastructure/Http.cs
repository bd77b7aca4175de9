using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>Small helpers for reading the API's answers in tests.</summary>
public static class Http
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with its status and code; returns it.</summary>
    public static async Task<JsonElement> Problem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json(status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal($"urn:sonae:problem:{code}", problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString()!;

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object? body, string? idempotencyKey = null) =>
        Send(client, HttpMethod.Post, url, body is null ? null : JsonContent.Create(body), idempotencyKey);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body) =>
        Send(client, HttpMethod.Put, url, JsonContent.Create(body), null);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string body, string mediaType = "application/json") =>
        Send(client, HttpMethod.Post, url, new StringContent(body, Encoding.UTF8, mediaType), null);

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, HttpContent? content, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }
}
