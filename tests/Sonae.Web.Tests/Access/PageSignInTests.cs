using System.Net;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Web.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>Signing in and out of the pages, and where a sign-in may send people afterwards.</summary>
public sealed class PageSignInTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/incidents/3", "/incidents/3")]
    [InlineData("/decisions#incident-3", "/decisions#incident-3")]
    [InlineData("/report?x=1", "/report?x=1")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/\t/evil.example/", "/")]
    [InlineData("/\n/evil.example/", "/")]
    [InlineData("/a\\b", "/")]
    [InlineData("/ｅvil", "/")]
    [InlineData("incidents/3", "/")]
    public void Local_KeepsOnlyAddressesWithinSonae(string? url, string expected) =>
        Assert.Equal(expected, SignIn.Local(url));

    [Fact]
    public async Task SignIn_WithWrongKey_StaysOnTheSignInPage()
    {
        // With a hospital: before the first one, sign-in leads to setup (SetupPageTests).
        await factory.AddHospital("鍵違い病院");
        var page = PageSession.Anonymous(factory);

        var response = await page.Post("/signin", new() { ["key"] = "sonae_wrong", ["returnUrl"] = "/decisions" }, await page.Token("/signin"));

        Assert.Equal("/signin?failed=1&returnUrl=%2Fdecisions", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOut_NeedsTheTokenOfOurOwnPage()
    {
        var hospital = await factory.AddHospital("サインアウト病院");
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);

        var forged = await staff.Post("/signout", [], token: null);
        var stillIn = await staff.Get("/report");
        var real = await staff.Post("/signout", [], await staff.Token("/report"));
        var after = await staff.Get("/report");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal("/signin", real.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedKey_EndsThePageSessionsItOpened()
    {
        var hospital = await factory.AddHospital("失効病院");
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);

        await factory.Database(async db =>
        {
            db.Scope.Enter(hospital.Id);
            var key = (await db.ApiKeys.ToListAsync()).Single(k => k.RoleSet().SetEquals([Role.Staff]));
            key.RevokedAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            return await db.SaveChangesAsync();
        });
        var response = await staff.Get("/report");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/signin", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
