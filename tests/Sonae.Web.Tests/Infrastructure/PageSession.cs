using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>
/// Someone using the pages rather than the API: a cookie session opened on the sign-in page, and plain form posts
/// that carry the antiforgery token the pages hand out. Redirects are not followed, so tests see where they lead.
/// </summary>
public sealed partial class PageSession
{
    private readonly HttpClient _client;

    private PageSession(HttpClient client) => _client = client;

    public static PageSession Anonymous(SonaeFactory factory, string language = "ja")
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return new PageSession(client);
    }

    /// <summary>Signs in on /signin with a key, as a person would, whose browser asks for <paramref name="language"/>.</summary>
    public static async Task<PageSession> SignedIn(SonaeFactory factory, string key, string language = "ja")
    {
        var session = Anonymous(factory, language);
        var response = await session.Post("/signin", new() { ["key"] = key, ["returnUrl"] = "/" }, await session.Token("/signin"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return session;
    }

    public Task<HttpResponseMessage> Get(string path) => _client.GetAsync(path);

    /// <summary>The addresses a walk already followed in this session (so each is asked once).</summary>
    public HashSet<string> Visited { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the last answer sent the browser (kept by tests that walk many addresses).</summary>
    public string? LastLocation { get; set; }

    /// <summary>The antiforgery token of a page's forms.</summary>
    public Task<string> Token(string path) => Token(_client, path);

    /// <summary>The antiforgery token of a page's forms, read with any client (one of a server a test started, say).</summary>
    public static async Task<string> Token(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        var input = TokenInput().Match(html);
        Assert.True(input.Success, $"No antiforgery token on {path}");
        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    public Task<HttpResponseMessage> Post(string path, Dictionary<string, string> fields, string? token)
    {
        if (token is not null)
            fields["__RequestVerificationToken"] = token;
        return _client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>A form whose fields repeat (several checkboxes of one name), with the page's antiforgery token.</summary>
    public Task<HttpResponseMessage> PostPairs(string path, IEnumerable<KeyValuePair<string, string>> fields, string token) =>
        _client.PostAsync(path, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));

    /// <summary>A form with a file (none when <paramref name="fileName"/> is empty), as a browser sends it (multipart), with the page's antiforgery token.</summary>
    public Task<HttpResponseMessage> PostFile(string path, Dictionary<string, string> fields, string fileField, string fileName, byte[] content, string token)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Append(new("__RequestVerificationToken", token)))
            form.Add(new StringContent(value), name);
        if (fileName.Length > 0)
            form.Add(new ByteArrayContent(content), fileField, fileName);
        return _client.PostAsync(path, form);
    }

    /// <summary>A body made by the test itself (one cut short, say), sent with the session's cookies.</summary>
    public Task<HttpResponseMessage> PostContent(string path, HttpContent content) => _client.PostAsync(path, content);

    /// <summary>The one-time message a page command left for the page it redirects to: (ok, text).</summary>
    public static (bool Ok, string Text) Flash(HttpResponseMessage response)
    {
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sonae-flash=", StringComparison.Ordinal));
        var value = Uri.UnescapeDataString(cookie["sonae-flash=".Length..cookie.IndexOf(';', StringComparison.Ordinal)]);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return (value[..colon] == "ok", value[(colon + 1)..]);
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
