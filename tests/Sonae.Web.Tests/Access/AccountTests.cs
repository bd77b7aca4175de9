using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// Accounts (ASP.NET Core Identity on Sonae's database): set up by an administrator, signed in with a password, a
/// second factor for the leaders, lockout, reset, several hospitals per account; on SQLite and PostgreSQL.
/// </summary>
public abstract class AccountTests(SonaeFactory factory)
{
    private Task<Hospital> NewHospital() => factory.AddHospital("アカウント病院 " + Guid.NewGuid().ToString("N")[..6]);

    private static string Unique(string name) => name + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task StaffAccount_SetsItsPasswordFromTheLink_ThenSignsIn()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("sato"), "staff");

        var (session, next) = await People.SignIn(factory, user);

        Assert.Equal("/", next);
        var home = await (await session.Get("/")).Content.ReadAsStringAsync();
        Assert.Contains(user + " さん", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/account\"", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await session.Get("/account")).StatusCode);
    }

    [Fact]
    public async Task SetupLink_WorksOnce()
    {
        var hospital = await NewHospital();
        var name = Unique("once");
        var link = await People.Add(factory, hospital, name, "staff");
        Assert.Contains($"data-testid=\"setup-user-name\">{name}<", await (await PageSession.Anonymous(factory).Get(link)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Account ids are in the record for anyone who reads it: with a made-up token the page names nobody.
        var forged = System.Text.RegularExpressions.Regex.Replace(link, "token=[^&]+", "token=CfDJ8forged");
        Assert.DoesNotContain(name, await (await PageSession.Anonymous(factory).Get(forged)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.True(PageSession.Flash(await People.SetPassword(factory, link)).Ok);
        Assert.DoesNotContain(name, await (await PageSession.Anonymous(factory).Get(link)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = PageSession.Flash(await People.SetPassword(factory, link, "もう一度別のパスワードを設定"));

        Assert.False(again.Ok);
        Assert.Contains("このリンクは使えません", again.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("短すぎる", "12 文字以上")]
    [InlineData("password1234", "よく使われて")]
    [InlineData("aaaaaaaaaaaaaaaa", "種類の文字")]
    public async Task WeakPasswords_AreRefusedInThePersonsLanguage(string password, string expected)
    {
        var hospital = await NewHospital();
        var link = await People.Add(factory, hospital, Unique("weak"), "staff");

        var (ok, text) = PageSession.Flash(await People.SetPassword(factory, link, password));

        Assert.False(ok);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordContainingTheUserName_IsRefused()
    {
        var hospital = await NewHospital();
        var name = Unique("tanaka");
        var link = await People.Add(factory, hospital, name, "staff");

        var (ok, text) = PageSession.Flash(await People.SetPassword(factory, link, name + "-password-2026"));

        Assert.False(ok);
        Assert.Contains("ユーザー名", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenForTheRightOne_UntilAnAdministratorUnlocks()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("locked"), "staff");

        for (var i = 0; i < 4; i++)
            Assert.StartsWith("/signin?failed=account", (await People.SignIn(factory, user, "まちがったパスワードです" + i)).Next, StringComparison.Ordinal);
        Assert.StartsWith("/signin?failed=locked", (await People.SignIn(factory, user, "まちがったパスワードです")).Next, StringComparison.Ordinal);
        Assert.StartsWith("/signin?failed=locked", (await People.SignIn(factory, user)).Next, StringComparison.Ordinal);
        var page = await (await PageSession.Anonymous(factory).Get("/signin?failed=locked")).Content.ReadAsStringAsync();
        Assert.Contains("15 分間ロック", page, StringComparison.Ordinal);

        var admin = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var id = await factory.Database(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
        Assert.True(PageSession.Flash(await admin.Post($"/settings/people/{id}/unlock", [], await admin.Token("/settings/people"))).Ok);
        Assert.Equal("/", (await People.SignIn(factory, user)).Next);

        await factory.Services.GetRequiredService<AuditLog>().Flush();
        var actions = await factory.Database(db => db.AuditEntries.Where(e => e.Target.Contains(user)).Select(e => e.Action).ToListAsync());
        Assert.Equal(4, actions.Count(a => a == "sign-in-failed"));
        Assert.Contains("sign-in-locked-out", actions);
    }

    [Fact]
    public async Task UnknownName_AndWrongPassword_GetTheSameAnswer()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("same"), "staff");

        var unknown = (await People.SignIn(factory, Unique("nobody"))).Next;
        var wrong = (await People.SignIn(factory, user, "まちがったパスワードです")).Next;

        Assert.Equal(unknown, wrong);
    }

    [Fact]
    public async Task Officer_MustSetUpASecondFactor_ThenIsAskedForTheCodeEveryTime()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("officer"), "security-officer");

        var (session, next) = await People.SignIn(factory, user);
        Assert.Equal("/signin/enrol", next);
        // Nothing of the hospital opens before the second factor is set up.
        Assert.Equal(HttpStatusCode.Redirect, (await session.Get("/settings")).StatusCode);
        var key = await People.AuthenticatorKey(session, "/signin/enrol");
        var token = await session.Token("/signin/enrol");
        Assert.Equal("/signin/enrol?failed=1", (await session.Post("/signin/enrol/authenticator", new() { ["code"] = "000000" }, token)).Headers.Location?.OriginalString);
        var enrolledAt = DateTimeOffset.UtcNow;
        var firstCode = Totp.Code(key, enrolledAt);
        var enrolled = await session.Post("/signin/enrol/authenticator", new() { ["code"] = firstCode }, token);
        Assert.Equal("/account", enrolled.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.Get("/settings")).StatusCode);

        var (again, step) = await People.SignIn(factory, user);
        Assert.Equal("/signin/code", step);
        var codeToken = await again.Token("/signin/code");
        Assert.Equal("/signin/code?failed=1", (await again.Post("/signin/code", new() { ["code"] = "123456" }, codeToken)).Headers.Location?.OriginalString);
        // A code works once: the one used to enrol, seen over a shoulder, is spent; the app's next one opens.
        Assert.Equal("/signin/code?failed=1", (await again.Post("/signin/code", new() { ["code"] = firstCode }, codeToken)).Headers.Location?.OriginalString);
        Assert.Equal("/", (await again.Post("/signin/code", new() { ["code"] = Totp.Code(key, enrolledAt.AddSeconds(30)) }, codeToken)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task APasswordAlone_NeverSetsUpOrReadsASecondFactor_OfAnAccountThatHasOne()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("guarded"), "management");
        var (owner, _) = await People.SignIn(factory, user);
        var key = await People.AuthenticatorKey(owner, "/signin/enrol");
        await owner.Post("/signin/enrol/authenticator", new() { ["code"] = Totp.Code(key) }, await owner.Token("/signin/enrol"));

        // Someone with the password only: sent to the code step, and the enrolment steps are closed to them.
        var (attacker, next) = await People.SignIn(factory, user);
        Assert.Equal("/signin/code", next);
        var enrol = await attacker.Get("/signin/enrol");
        Assert.Equal(HttpStatusCode.Redirect, enrol.StatusCode);
        Assert.DoesNotContain(key.Replace(" ", "", StringComparison.Ordinal)[..8], await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var token = await attacker.Token("/signin/code");
        Assert.Equal("/signin?failed=expired", (await attacker.Post("/signin/enrol/authenticator", new() { ["code"] = Totp.Code(key) }, token)).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.Post("/account/passkeys/options", [], token)).StatusCode);
        var passkey = await attacker.Post("/account/passkeys", new() { ["credential"] = "{}" }, token);
        Assert.StartsWith("/signin", passkey.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.Get("/")).StatusCode);
    }

    [Fact]
    public async Task OnlyManagement_GivesTheManagementRole_OrResetsAManager()
    {
        var hospital = await NewHospital();
        var director = await People.Ready(factory, hospital, Unique("director"), "management");
        var id = await factory.Database(db => db.Users.Where(u => u.UserName == director).Select(u => u.Id).SingleAsync());
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var token = await officer.Token("/settings/people");

        var added = PageSession.Flash(await officer.PostPairs("/settings/people/add", [new("userName", Unique("made")), new("displayName", "x"), new("roles", "management")], token));
        Assert.False(added.Ok);
        Assert.Contains("経営層だけ", added.Text, StringComparison.Ordinal);
        foreach (var act in new[] { "reset", "remove", "unlock" })
            Assert.False(PageSession.Flash(await officer.Post($"/settings/people/{id}/{act}", [], token)).Ok, act);
        Assert.False(PageSession.Flash(await officer.PostPairs($"/settings/people/{id}/roles", [new("roles", "staff")], token)).Ok);
        Assert.Equal("/signin/enrol", (await People.SignIn(factory, director)).Next);
    }

    [Fact]
    public async Task AdministrationForms_WithoutTheirToken_AreRefused()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("csrf"), "staff");
        var id = await factory.Database(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
        var admin = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);

        foreach (var act in new[] { "unlock", "remove", "roles" })
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.Post($"/settings/people/{id}/{act}", new() { ["roles"] = "management" }, token: null)).StatusCode);
        Assert.Equal("staff", await factory.Database(db => db.Memberships.IgnoreQueryFilters().Where(m => m.AccountId == id).Select(m => m.Roles).SingleAsync()));
    }

    [Fact]
    public async Task EnrolAuthenticator_ShowsRecoveryCodesOnce_AndEachWorksOnce()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("enrolcodes"), "security-officer");
        var (session, _) = await People.SignIn(factory, user);
        var key = await People.AuthenticatorKey(session, "/signin/enrol");

        var enrolled = await session.Post("/signin/enrol/authenticator", new() { ["code"] = Totp.Code(key) }, await session.Token("/signin/enrol"));

        Assert.Equal("/account", enrolled.Headers.Location?.OriginalString);
        var (ok, text) = PageSession.Flash(enrolled);
        Assert.True(ok, text);
        var codes = text[(text.LastIndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Sonae.Web.Access.AccountSecurity.RecoveryCodes, codes.Length);
        var page = await (await session.Get("/account")).Content.ReadAsStringAsync();
        Assert.Contains(codes[0], page, StringComparison.Ordinal);
        Assert.DoesNotContain(codes[0], await (await session.Get("/account")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (first, _) = await People.SignIn(factory, user);
        Assert.Equal("/", (await first.Post("/signin/code", new() { ["recoveryCode"] = codes[3] }, await first.Token("/signin/code"))).Headers.Location?.OriginalString);
        var (second, _) = await People.SignIn(factory, user);
        Assert.Equal("/signin/code?failed=1", (await second.Post("/signin/code", new() { ["recoveryCode"] = codes[3] }, await second.Token("/signin/code"))).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RecoveryCodes_EachWorkOnce()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("recovery"), "management");
        var (session, _) = await People.SignIn(factory, user);
        var key = await People.AuthenticatorKey(session, "/signin/enrol");
        await session.Post("/signin/enrol/authenticator", new() { ["code"] = Totp.Code(key) }, await session.Token("/signin/enrol"));
        var made = PageSession.Flash(await session.Post("/account/recovery-codes", [], await session.Token("/account")));
        Assert.True(made.Ok, made.Text);
        var code = made.Text[(made.Text.LastIndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        var (first, _) = await People.SignIn(factory, user);
        Assert.Equal("/", (await first.Post("/signin/code", new() { ["recoveryCode"] = code }, await first.Token("/signin/code"))).Headers.Location?.OriginalString);
        var (second, _) = await People.SignIn(factory, user);
        Assert.Equal("/signin/code?failed=1", (await second.Post("/signin/code", new() { ["recoveryCode"] = code }, await second.Token("/signin/code"))).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ManagementRelaxesTheRule_WithAReasonInTheAuditLog_AndOnlyManagementMay()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("clinic"), "security-officer");
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        // The officer is refused with the error page (not sent home as if it had worked).
        var refused = await officer.Post("/settings/second-factor", new() { ["relax"] = "true", ["reason"] = "x" }, await officer.Token("/settings/people"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("error-title", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/signin/enrol", (await People.SignIn(factory, user)).Next);

        var management = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var token = await management.Token("/settings/people");
        var noReason = PageSession.Flash(await management.Post("/settings/second-factor", new() { ["relax"] = "true", ["reason"] = " " }, token));
        Assert.False(noReason.Ok);
        Assert.True(PageSession.Flash(await management.Post("/settings/second-factor", new() { ["relax"] = "true", ["reason"] = "診療所のため院長のみ、スマートフォンなし" }, token)).Ok);

        Assert.Equal("/", (await People.SignIn(factory, user)).Next);
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        var entry = await factory.Database(db => db.AuditEntries.SingleAsync(e => e.OrganizationId == hospital.Id && e.Action == "second-factor-relaxed"));
        Assert.Contains("スマートフォンなし", entry.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_EndsTheSessions_StopsThePassword_AndGivesANewLink()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("reset"), "staff");
        var (session, _) = await People.SignIn(factory, user);
        Assert.Equal(HttpStatusCode.OK, (await session.Get("/")).StatusCode);

        var admin = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var id = await factory.Database(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
        var reset = PageSession.Flash(await admin.Post($"/settings/people/{id}/reset", new() { ["clearFactors"] = "true" }, await admin.Token("/settings/people")));
        Assert.True(reset.Ok, reset.Text);

        Assert.Equal(HttpStatusCode.Redirect, (await session.Get("/")).StatusCode);
        Assert.StartsWith("/signin?failed=account", (await People.SignIn(factory, user)).Next, StringComparison.Ordinal);
        var link = new Uri(reset.Text[reset.Text.IndexOf("http", StringComparison.Ordinal)..]).PathAndQuery;
        Assert.True(PageSession.Flash(await People.SetPassword(factory, link, "新しい春の朝の合言葉です")).Ok);
        Assert.Equal("/", (await People.SignIn(factory, user, "新しい春の朝の合言葉です")).Next);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySessionOfTheAccount()
    {
        var hospital = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("lost"), "staff");
        var (laptop, _) = await People.SignIn(factory, user);
        var (phone, _) = await People.SignIn(factory, user);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Get("/")).StatusCode);

        var done = await phone.Post("/account/sign-out-everywhere", [], await phone.Token("/account"));

        Assert.Equal("/signin", done.Headers.Location?.OriginalString);
        Assert.True(PageSession.Flash(done).Ok);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.Get("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Get("/")).StatusCode);
        Assert.Equal("/", (await People.SignIn(factory, user)).Next);
    }

    [Fact]
    public async Task AnotherHospitalsAdministrator_CannotTouchTheAccount()
    {
        var hospital = await NewHospital();
        var other = await NewHospital();
        var user = await People.Ready(factory, hospital, Unique("mine"), "staff");
        var id = await factory.Database(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());

        var admin = await PageSession.SignedIn(factory, other.Keys[Role.SecurityOfficer]);
        var token = await admin.Token("/settings/people");
        foreach (var act in new[] { "reset", "unlock", "remove", "roles" })
        {
            var (ok, text) = PageSession.Flash(await admin.Post($"/settings/people/{id}/{act}", new() { ["roles"] = "management" }, token));
            Assert.False(ok);
            Assert.Contains("この病院のアカウントではありません", text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(user, await (await admin.Get("/settings/people")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/", (await People.SignIn(factory, user)).Next);
    }

    [Fact]
    public async Task ScriptInNames_IsShownAsText_OnEveryPageThatShowsIt()
    {
        var hospital = await NewHospital();
        const string script = "<script>alert('xss')</script>";
        var admin = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var user = Unique("xss");
        var added = await admin.PostPairs("/settings/people/add",
            [new("userName", user), new("displayName", script), new("roles", "staff")], await admin.Token("/settings/people"));
        Assert.True(PageSession.Flash(added).Ok);
        var incident = (await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "名前の確認" })).Json(HttpStatusCode.Created)).GetProperty("number").GetInt32();
        var invited = await admin.Post($"/incidents/{incident}/invitations", new() { ["kind"] = "make", ["name"] = script }, await admin.Token($"/incidents/{incident}/vendors"));
        var (ok, text) = PageSession.Flash(invited);
        Assert.True(ok, text);
        var secret = new Uri(text[text.IndexOf("http", StringComparison.Ordinal)..]).Segments[^1];

        foreach (var (session, path) in new[] { (admin, "/settings/people"), (admin, $"/incidents/{incident}/vendors"), (PageSession.Anonymous(factory), $"/invite/{secret}") })
        {
            var html = await (await session.Get(path)).Content.ReadAsStringAsync();
            Assert.DoesNotContain(script, html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task StaffAndVendors_CannotAdministerAccounts()
    {
        var hospital = await NewHospital();
        foreach (var role in new[] { Role.Staff, Role.Vendor })
        {
            var session = await PageSession.SignedIn(factory, hospital.Keys[role]);
            Assert.NotEqual(HttpStatusCode.OK, (await session.Get("/settings/people")).StatusCode);
            var token = await session.Token("/");
            var response = await session.Post("/settings/people/add", new() { ["userName"] = "x" + role, ["displayName"] = "x", ["roles"] = "management" }, token);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect && response.Headers.Location?.OriginalString != "/settings/people", $"{role}: {(int)response.StatusCode}");
        }
        Assert.Equal(0, await factory.Database(db => db.Users.CountAsync(u => u.UserName == "xStaff" || u.UserName == "xVendor")));
    }
}

public sealed class SqliteAccountTests(SqliteFactory factory) : AccountTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresAccountTests(PostgresFactory factory) : AccountTests(factory), IClassFixture<PostgresFactory>;
