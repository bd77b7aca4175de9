using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Core.Playbooks;
using Sonae.Web.Demo;
using Sonae.Web.Documents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Documents;

/// <summary>
/// The binder the key people's phones keep (<c>/binder/offline</c>) on the demo hospital: every number of the people
/// record and of the outside contacts, the call tree, the first aid and the playbook's first steps, for the security
/// officer and management only; the app's manifest, icons and service worker served with their types under the
/// strict Content-Security-Policy; the install and keep script offered to those who may keep the binder and to nobody
/// else. The browser's side (the copy kept, served offline, dropped on sign-out) is tests/Sonae.EndToEnd.Tests.
/// </summary>
public abstract partial class PhoneBinderTests(SonaeFactory factory)
{
    private async Task<(HttpResponseMessage Response, string Html)> Get(Role? role, string path, string language = "ja")
    {
        var session = role is { } r ? await PageSession.SignedIn(factory, DemoHospital.Keys[r], language) : PageSession.Anonymous(factory, language);
        var response = await session.Get(path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("security-officer")]
    [InlineData("management")]
    public async Task PhoneBinder_Leader_HasEveryNumberTheCallTreeFirstAidAndFirstSteps(string roleId)
    {
        var (response, html) = await Get(Roles.Parse(roleId), PhoneBinderCopy.Path);

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // Only the service worker keeps it, under its keeper's name; never the browser's own cache.
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues(PhoneBinderCopy.Header).Single());
        Assert.Contains("data-copy=\"live\"", html, StringComparison.Ordinal);
        Assert.Matches(MadeAtStamp(), html);
        Assert.Contains("この控えは {0} 時間前のものです", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/js/binder-age.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\"", html, StringComparison.Ordinal);

        var text = WebUtility.HtmlDecode(html);
        foreach (var person in DemoPreparedness.People.People)
        {
            Assert.Contains(person.Name, text, StringComparison.Ordinal);
            foreach (var channel in person.Channels)
                Assert.True(text.Contains(channel.Value, StringComparison.Ordinal), $"{person.Name}'s {channel.Kind} {channel.Value} is not on the phone binder");
        }
        foreach (var party in DemoPreparedness.Parties(new DateOnly(2026, 11, 24)).Parties)
        {
            Assert.Contains(party.Name, text, StringComparison.Ordinal);
            foreach (var channel in party.Channels)
                Assert.True(text.Contains(channel.Value, StringComparison.Ordinal), $"{party.Name}'s {channel.Value} is not on the phone binder");
        }
        // A mobile number is one tap; a PHS number, which only the hospital's switchboard dials, stays text.
        var mobile = DemoPreparedness.People.People.SelectMany(p => p.Channels).First(c => Core.Preparedness.PhoneNumbers.TelUri(c.Value) is not null);
        Assert.Contains($"href=\"{Core.Preparedness.PhoneNumbers.TelUri(mobile.Value)}\"", html, StringComparison.Ordinal);
        Assert.Contains("緊急連絡網", text, StringComparison.Ordinal);
        Assert.Contains("主な役割と代理", text, StringComparison.Ordinal);

        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var firstAid = playbook.ActionsOnReport(showsInfection: true);
        Assert.NotEmpty(firstAid);
        foreach (var action in firstAid)
            Assert.Contains(action.Action.Text.Ja, text, StringComparison.Ordinal);
        foreach (var step in playbook.Steps)
        {
            var shown = text.Contains($"{step.Id} {step.Title.Ja}", StringComparison.Ordinal);
            Assert.True(shown == step.Phase <= PhoneBinder.FirstPhases, $"step {step.Id} (phase {step.Phase}) {(shown ? "is" : "is not")} on the phone binder");
        }
        Assert.Contains("サインアウトすると消えます", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneBinder_InEnglish_SaysItsAgeInEnglish()
    {
        var (response, html) = await Get(Role.SecurityOfficer, PhoneBinderCopy.Path, "en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("This copy is {0} hours old", html, StringComparison.Ordinal);
        Assert.Contains("Emergency call tree", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("staff")]
    [InlineData("vendor")]
    public async Task PhoneBinder_StaffOrVendor_IsRefusedWithTheErrorPage_AndNothingToKeep(string roleId)
    {
        var (response, html) = await Get(Roles.Parse(roleId), PhoneBinderCopy.Path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains(PhoneBinderCopy.Header), "a refusal must not name a keeper");
        Assert.Contains("この操作を行う権限がありません", html, StringComparison.Ordinal);
        foreach (var person in DemoPreparedness.People.People)
            Assert.DoesNotContain(person.Name, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneBinder_NotSignedIn_IsSentToSignIn()
    {
        var (response, html) = await Get(null, PhoneBinderCopy.Path);

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}");
        Assert.False(response.Headers.Contains(PhoneBinderCopy.Header));
        Assert.DoesNotContain(DemoPreparedness.People.People[0].Name, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePage_OffersTheAppAndNamesTheKeeper_OnlyToThoseWhoMayKeepTheBinder()
    {
        var (officerBinder, _) = await Get(Role.SecurityOfficer, PhoneBinderCopy.Path);
        var keeper = officerBinder.Headers.GetValues(PhoneBinderCopy.Header).Single();
        foreach (var role in new[] { Role.SecurityOfficer, Role.Management, Role.Staff, Role.Vendor })
        {
            var (response, html) = await Get(role, "/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var keeps = role is Role.SecurityOfficer or Role.Management;
            Assert.Equal(keeps, html.Contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\"", StringComparison.Ordinal));
            Assert.Equal(keeps, html.Contains("このスマートフォンにバインダーを控える", StringComparison.Ordinal));
            // Everyone's pages carry the script: it keeps the copy for a keeper, and drops any copy for anyone else.
            var script = KeepScript().Match(html);
            Assert.True(script.Success, $"{role}: no keep-binder script");
            Assert.Equal(keeps, script.Value.Contains("data-keeper=", StringComparison.Ordinal));
            if (role == Role.SecurityOfficer)
                Assert.Contains($"data-keeper=\"{keeper}\"", script.Value, StringComparison.Ordinal);
        }
        // The sign-in page (where signing out leads) names no keeper, so the script there drops the copy.
        var (_, signIn) = await Get(null, "/signin");
        Assert.Matches(KeepScript(), signIn);
        Assert.DoesNotContain("data-keeper=", signIn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneBinder_AccountSession_IsKeptUnderTheAccount_AsItsPagesName()
    {
        var hospital = await factory.AddHospital($"控え {Guid.NewGuid():N}"[..12]);
        var user = await People.Ready(factory, hospital, "officer-" + Guid.NewGuid().ToString("N")[..8], "security-officer");
        var (session, next) = await People.SignIn(factory, user);
        Assert.Equal("/signin/enrol", next);
        var key = await People.AuthenticatorKey(session, "/signin/enrol");
        var enrolled = await session.Post("/signin/enrol/authenticator", new() { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) }, await session.Token("/signin/enrol"));
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);

        var binder = await session.Get(PhoneBinderCopy.Path);
        Assert.Equal(HttpStatusCode.OK, binder.StatusCode);
        var keeper = binder.Headers.GetValues(PhoneBinderCopy.Header).Single();
        var (keyBinder, _) = await Get(Role.SecurityOfficer, PhoneBinderCopy.Path);
        Assert.NotEqual(keyBinder.Headers.GetValues(PhoneBinderCopy.Header).Single(), keeper);
        var home = await (await session.Get("/")).Content.ReadAsStringAsync();
        Assert.Contains($"data-keeper=\"{keeper}\"", KeepScript().Match(home).Value, StringComparison.Ordinal);
        Assert.Contains("このスマートフォンにバインダーを控える", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneBinder_ReportingTerminal_NamesNoKeeper_AndIsRefusedTheBinder()
    {
        var hospital = await factory.AddHospital($"端末 {Guid.NewGuid():N}"[..12]);
        var made = await (await hospital.Officer.PostJson("/api/v1/reporting-links", new { label = "3階西 共用端末" })).Json(HttpStatusCode.Created);
        var terminal = PageSession.Anonymous(factory);
        await terminal.Get(new Uri(made.GetProperty("url").GetString()!).PathAndQuery);

        foreach (var path in new[] { "/", Sonae.Web.Access.ReportingLinks.TerminalHome })
        {
            var html = await (await terminal.Get(path)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("data-keeper=", html, StringComparison.Ordinal);
            Assert.DoesNotContain("このスマートフォンにバインダーを控える", html, StringComparison.Ordinal);
        }
        var binder = await terminal.Get(PhoneBinderCopy.Path);
        Assert.NotEqual(HttpStatusCode.OK, binder.StatusCode);
        Assert.False(binder.Headers.Contains(PhoneBinderCopy.Header), "a reporting terminal must not keep the binder");
    }

    [Fact]
    public async Task Manifest_IsServedAsAManifest_UnderTheStrictPolicy_WithItsIcons()
    {
        var (client, body) = await Served("/manifest.webmanifest", "application/manifest+json");

        var manifest = JsonDocument.Parse(body).RootElement;
        Assert.Equal(PhoneBinderCopy.Path, manifest.GetProperty("start_url").GetString());
        Assert.Equal("standalone", manifest.GetProperty("display").GetString());
        Assert.Equal(PhoneBinder.ThemeColor, manifest.GetProperty("theme_color").GetString());
        Assert.Contains("備え", manifest.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Contains("Sonae", manifest.GetProperty("name").GetString(), StringComparison.Ordinal);
        var sizes = new List<int>();
        foreach (var icon in manifest.GetProperty("icons").EnumerateArray())
        {
            var png = await client.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
            var bytes = await png.Content.ReadAsByteArrayAsync();
            // The PNG's own width and height (IHDR) are what the manifest says.
            var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
            var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
            Assert.Equal(icon.GetProperty("sizes").GetString(), $"{width}x{height}");
            sizes.Add(width);
        }
        Assert.Contains(192, sizes);
        Assert.Contains(512, sizes);
    }

    [Fact]
    public async Task ServiceWorker_IsServedAsScript_UnderTheStrictPolicy_AndKeepsOnlyTheBinder()
    {
        var (_, script) = await Served("/sw.js", "text/javascript");

        Assert.Contains($"const BINDER = \"{PhoneBinderCopy.Path}\";", script, StringComparison.Ordinal);
        Assert.Contains($"const KEEPER_HEADER = \"{PhoneBinderCopy.Header}\";", script, StringComparison.Ordinal);
        foreach (var path in new[] { "/js/keep-binder.js", "/js/binder-age.js" })
            await Served(path, "text/javascript");
    }

    /// <summary>A static file as anyone fetches it: there, of its type, under the strict policy.</summary>
    private async Task<(HttpClient Client, string Body)> Served(string path, string mediaType)
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        AssertStrictPolicy(response);
        return (client, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The service worker and the manifest are allowed from Sonae itself only, and nothing else is loosened.</summary>
    private static void AssertStrictPolicy(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("worker-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("manifest-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("blob:", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [GeneratedRegex("data-made-at=\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\"")]
    private static partial Regex MadeAtStamp();

    [GeneratedRegex("<script src=\"/?js/keep-binder[^\"]*\\.js\"[^>]*>")]
    private static partial Regex KeepScript();
}

public sealed class SqlitePhoneBinderTests(DemoFactory factory) : PhoneBinderTests(factory), IClassFixture<DemoFactory>;

public sealed class PostgresPhoneBinderTests(PostgresDemoFactory factory) : PhoneBinderTests(factory), IClassFixture<PostgresDemoFactory>;

/// <summary>The keeper id the phone's copy is filed under: no database needed.</summary>
public sealed class PhoneBinderKeeperTests
{
    [Fact]
    public void Keeper_DiffersByPersonAndHospital_AndIsNoId()
    {
        var a = PhoneBinderCopy.Keeper(Guid.NewGuid(), "key:security-officer");
        var organization = Guid.NewGuid();
        Assert.NotEqual(PhoneBinderCopy.Keeper(organization, "account:1"), PhoneBinderCopy.Keeper(organization, "account:2"));
        Assert.NotEqual(a, PhoneBinderCopy.Keeper(Guid.NewGuid(), "key:security-officer"));
        Assert.Equal(PhoneBinderCopy.Keeper(organization, "account:1"), PhoneBinderCopy.Keeper(organization, "account:1"));
        Assert.DoesNotContain(organization.ToString("N"), PhoneBinderCopy.Keeper(organization, "account:1"), StringComparison.Ordinal);
    }
}
