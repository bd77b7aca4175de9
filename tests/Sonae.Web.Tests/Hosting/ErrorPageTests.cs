using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Headers;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// A person who meets an error meets one page, in their language: an address with no page (the status-code page),
/// a request the server could not read (the exception handler), and a refusal written before any page runs (a
/// reporting link that does not work, a report-only terminal leaving the report page).
/// </summary>
public abstract class ErrorPageTests(SonaeFactory factory)
{
    /// <summary>Asserts the one error page, with its status, language and words; returns its text.</summary>
    private static async Task<string> AssertErrorPage(HttpResponseMessage response, HttpStatusCode status, string language, params string[] words)
    {
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/css/sonae.css\"", html, StringComparison.Ordinal);
        Assert.Contains("<section class=\"error-page\"", html, StringComparison.Ordinal);
        // The way back: the start page, or a reporting terminal's own home.
        Assert.Matches(language == "en" ? "To Sonae's start page|To this terminal's home" : "Sonae のはじめのページへ|この端末のホーム", html);
        foreach (var word in words)
            Assert.Contains(word, html, StringComparison.Ordinal);
        return html;
    }

    [Fact]
    public async Task NoPage_IsTheErrorPage_InEachLanguage()
    {
        var hospital = await factory.AddHospital("エラー頁なし病院 " + Guid.NewGuid().ToString("N")[..6]);

        var session = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);

        await AssertErrorPage(await session.Get("/nowhere"), HttpStatusCode.NotFound, "ja", "ページが見つかりません", "このアドレスのページはありません。");
        Assert.Equal(HttpStatusCode.Redirect, (await session.Get("/culture?lang=en&returnUrl=%2F")).StatusCode);
        await AssertErrorPage(await session.Get("/nowhere"), HttpStatusCode.NotFound, "en", "Page not found", "There is no page at this address.");
    }

    [Fact]
    public async Task UnreadableForm_IsTheErrorPage_FromTheExceptionHandler()
    {
        var hospital = await factory.AddHospital("エラー頁病院 " + Guid.NewGuid().ToString("N")[..6]);
        var session = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var formless = new ByteArrayContent("x"u8.ToArray());
        formless.Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data");

        await AssertErrorPage(await session.PostContent("/preparedness/inventory/do", formless), HttpStatusCode.BadRequest, "ja", "フォーム");
    }

    [Fact]
    public async Task FormWithoutItsToken_IsRefusedBeforeItsHandler_WithTheWayOut()
    {
        var hospital = await factory.AddHospital("エラー頁トークン病院 " + Guid.NewGuid().ToString("N")[..6]);
        var session = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var number = (await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "トークン確認" })).Json(HttpStatusCode.Created)).GetProperty("number").GetInt32();
        var name = "token." + Guid.NewGuid().ToString("N")[..8];

        // A form its handler binds (the automatic check) and one the handler reads after its own filter's check: without a
        // token, and with a token of another session, each is the same refusal, before anything is read or stored.
        var other = await (await PageSession.SignedIn(factory, hospital.Keys[Role.Management])).Token("/settings/people");
        foreach (var token in new string?[] { null, other })
        {
            await AssertErrorPage(await session.Post("/settings/people/add", new() { ["userName"] = name, ["displayName"] = "x", ["roles"] = "staff" }, token),
                HttpStatusCode.BadRequest, "ja", "ページを開き直してから、もう一度送ってください");
            await AssertErrorPage(await session.Post($"/incidents/{number}/act", new() { ["Kind"] = "note", ["Text"] = "届かないメモ", ["ReturnUrl"] = $"/incidents/{number}" }, token),
                HttpStatusCode.BadRequest, "ja", "ページを開き直して");
            // A form its page reads by hand goes back to its page (a new token), saying it was not sent.
            var back = PageSession.Flash(await session.Post("/preparedness/drills/do", new() { ["kind"] = "add-drill", ["title"] = "届かない訓練" }, token));
            Assert.False(back.Ok);
            Assert.Contains("送られていません", back.Text, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await session.Get("/culture?lang=en&returnUrl=%2F")).StatusCode);
        await AssertErrorPage(await session.Post("/settings/people/add", new() { ["userName"] = name, ["displayName"] = "x", ["roles"] = "staff" }, null),
            HttpStatusCode.BadRequest, "en", "Open the page again, then send the form again.");

        Assert.False(await factory.Database(db => db.Users.AnyAsync(u => u.UserName == name)));
        var log = await (await hospital.Officer.GetAsync($"/api/v1/incidents/{number}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("届かないメモ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("届かない訓練", await (await session.Get("/preparedness/drills")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusalsBeforeAnyPage_AreTheErrorPage()
    {
        var hospital = await factory.AddHospital("エラー頁リンク病院 " + Guid.NewGuid().ToString("N")[..6]);
        var link = await (await hospital.Officer.PostJson("/api/v1/reporting-links", new { label = "外来受付" })).Json(HttpStatusCode.Created);
        var terminal = PageSession.Anonymous(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await terminal.Get(new Uri(link.GetProperty("url").GetString()!).PathAndQuery)).StatusCode);

        await AssertErrorPage(await PageSession.Anonymous(factory).Get("/r/sonae_not-a-link"), HttpStatusCode.NotFound, "ja", "この報告用リンクは使えません");
        await AssertErrorPage(await terminal.Get("/settings"), HttpStatusCode.Forbidden, "ja", "「異常の報告」専用のリンク", "<a href=\"/report/home\">この端末のホーム(報告用)へ</a>");
    }
}

public sealed class SqliteErrorPageTests(SqliteFactory factory) : ErrorPageTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresErrorPageTests(PostgresFactory factory) : ErrorPageTests(factory), IClassFixture<PostgresFactory>;
