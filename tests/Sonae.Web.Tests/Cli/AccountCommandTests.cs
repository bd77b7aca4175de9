using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Cli;

/// <summary>
/// <c>sonae account</c> at the server's console, against the database a running server uses: the first account of a
/// new installation, and the night the security officer's phone is lost with nobody else to reset them.
/// </summary>
public abstract partial class CommandLineTests
{
    private const string Address = "https://sonae.hospital.test";

    [Fact]
    public async Task AccountAdd_GivesALinkTheServerTakes_ThenTheOfficerMustEnrol_AndTheAuditLogNamesTheConsole()
    {
        using var factory = NewFactory();
        var hospital = await factory.AddHospital("コンソール病院");

        var (exit, output, error) = await Sonae(factory, "account", "add", "sato", "--name", "情報システム課 佐藤",
            "--role", "security-officer", "--role", "management", "--url", Address + "/");

        Assert.True(exit == 0, output + error);
        Assert.Contains("情報システム課 佐藤 さん(ユーザー名 sato)を「コンソール病院」に management,security-officer として追加しました", output, StringComparison.Ordinal);
        Assert.Contains("二要素認証", output, StringComparison.Ordinal);
        var link = SetupLink(output);
        Assert.StartsWith(Address + "/account/setup?account=", link.ToString(), StringComparison.Ordinal);

        Assert.True(PageSession.Flash(await People.SetPassword(factory, link.PathAndQuery)).Ok);
        Assert.False(PageSession.Flash(await People.SetPassword(factory, link.PathAndQuery, "別の長いパスワードにしてみる")).Ok);
        var (_, next) = await People.SignIn(factory, "sato");
        Assert.Equal("/signin/enrol", next);

        var entry = await factory.Database(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.OrganizationId == hospital.Id && e.Action == "account-added"));
        Assert.Equal("cli:" + Environment.UserName, entry.ActorId);
        Assert.Equal("account:sato roles=management,security-officer", entry.Target);

        var listed = await Sonae(factory, "account", "list");
        Assert.True(listed.Exit == 0, listed.Error);
        Assert.Matches(@"sato\s+management,security-officer\s+情報システム課 佐藤", listed.Out);

        // The console is outside the pages' rule that only management resets management, and says so.
        var reset = await Sonae(factory, "account", "reset", "sato", "--url", Address);
        Assert.True(reset.Exit == 0, reset.Error);
        Assert.Contains("経営層(management)の役割を持っています", reset.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConsoleChangeTheAuditLogCouldNotKeep_IsSaidAndExitsOne()
    {
        using var factory = NewFactory();
        await factory.AddHospital("監査不能病院");
        await Sql(factory, "ALTER TABLE \"AuditEntries\" RENAME TO \"AuditEntriesAway\"");

        var (exit, output, error) = await Sonae(factory, "account", "add", "mori", "--name", "森", "--role", "staff", "--url", Address);

        await Sql(factory, "ALTER TABLE \"AuditEntriesAway\" RENAME TO \"AuditEntries\"");
        Assert.Equal(1, exit);
        Assert.Contains("/account/setup?", output, StringComparison.Ordinal);
        Assert.Contains("変更は行いましたが、監査ログに記録できませんでした", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountReset_AfterALostPhone_EndsThePasswordAndTheFactors_AndTheNewLinkStartsOver()
    {
        using var factory = NewFactory();
        var hospital = await factory.AddHospital("夜間病院");
        var added = await Sonae(factory, "account", "add", "kato", "--name", "加藤", "--role", "security-officer", "--url", Address);
        Assert.True(added.Exit == 0, added.Error);
        await People.SetPassword(factory, SetupLink(added.Out).PathAndQuery);
        var (session, _) = await People.SignIn(factory, "kato");
        var key = await People.AuthenticatorKey(session, "/signin/enrol");
        var enrolled = await session.Post("/signin/enrol/authenticator", new() { ["code"] = Totp.Code(key) }, await session.Token("/signin/enrol"));
        Assert.Equal("/account", enrolled.Headers.Location?.OriginalString);
        Assert.Equal("/signin/code", (await People.SignIn(factory, "kato")).Next);

        var (exit, output, error) = await Sonae(factory, "account", "reset", "kato", "--second-factors", "--Sonae:Documents:PublicUrl=" + Address);

        Assert.True(exit == 0, output + error);
        Assert.Contains("加藤 さん(kato、所属: 夜間病院 (security-officer))をリセットし、認証アプリとパスキーも消しました", output, StringComparison.Ordinal);
        Assert.StartsWith("/signin?failed", (await People.SignIn(factory, "kato")).Next, StringComparison.Ordinal);
        Assert.True(PageSession.Flash(await People.SetPassword(factory, SetupLink(output).PathAndQuery)).Ok);
        Assert.Equal("/signin/enrol", (await People.SignIn(factory, "kato")).Next);
        Assert.Contains(await factory.Database(db => db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == hospital.Id).Select(e => e.Action).ToListAsync()),
            a => a == "account-reset-with-factors");
    }

    [Fact]
    public async Task AccountVerbs_RefuseBadInput_WithWhatToDo_AndChangeNothing()
    {
        using var factory = NewFactory();
        var hospital = await factory.AddHospital("入力病院");
        Assert.Equal(0, (await Sonae(factory, "account", "add", "ito", "--name", "伊藤", "--role", "staff", "--url", Address)).Exit);

        var role = await Sonae(factory, "account", "add", "abe", "--name", "阿部", "--role", "doctor", "--url", Address);
        Assert.Equal(2, role.Exit);
        Assert.Contains("「doctor」という役割はありません。使えるもの: management, security-officer, staff, vendor", role.Error, StringComparison.Ordinal);

        var noRole = await Sonae(factory, "account", "add", "abe", "--name", "阿部", "--role", ",", "--url", Address);
        Assert.Equal(2, noRole.Exit);
        Assert.Contains("役割を --role で一つ以上指定してください", noRole.Error, StringComparison.Ordinal);

        var settingFirst = await Sonae(factory, "account", "add", "--Sonae:Documents:PublicUrl=" + Address, "abe", "--name", "阿部", "--role", "staff");
        Assert.Equal(2, settingFirst.Exit);
        Assert.Contains("設定のように見えます", settingFirst.Error, StringComparison.Ordinal);

        var taken = await Sonae(factory, "account", "add", "ito", "--name", "別の伊藤", "--role", "staff", "--url", Address);
        Assert.Equal(1, taken.Exit);
        Assert.Contains("ユーザー名「ito」は、もう使われています。", taken.Error, StringComparison.Ordinal);

        var noAddress = await Sonae(factory, "account", "add", "abe", "--name", "阿部", "--role", "staff");
        Assert.Equal(2, noAddress.Exit);
        Assert.Contains("--url", noAddress.Error, StringComparison.Ordinal);

        var badAddress = await Sonae(factory, "account", "reset", "ito", "--url", "sonae.hospital.test");
        Assert.Equal(2, badAddress.Exit);
        Assert.Contains("アドレスとして読めません", badAddress.Error, StringComparison.Ordinal);

        var nobody = await Sonae(factory, "account", "reset", "nobody", "--url", Address);
        Assert.Equal(1, nobody.Exit);
        Assert.Contains("アカウント「nobody」はありません", nobody.Error, StringComparison.Ordinal);

        await factory.AddHospital("二つ目の病院");
        var several = await Sonae(factory, "account", "add", "abe", "--name", "阿部", "--role", "staff", "--url", Address);
        Assert.Equal(2, several.Exit);
        Assert.Contains(hospital.Id.ToString(), several.Error, StringComparison.Ordinal);

        var names = await factory.Database(db => db.Users.AsNoTracking().Select(u => u.UserName).ToListAsync());
        Assert.Equal(["ito"], names);
    }

    private static Uri SetupLink(string output)
    {
        var match = SetupLinkLine().Match(output);
        Assert.True(match.Success, "No setup link in: " + output);
        return new Uri(match.Value);
    }

    [GeneratedRegex(@"^https?://\S+/account/setup\?\S+$", RegexOptions.Multiline)]
    private static partial Regex SetupLinkLine();
}
