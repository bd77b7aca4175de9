using System.Net;
using System.Text.RegularExpressions;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>Accounts made as a hospital makes them: an administrator adds the person, who sets a password from the link.</summary>
public static partial class People
{
    public const string Password = "桜の咲く丘で待ち合わせよう";

    /// <summary>Adds an account with the given roles (as management, on the people page); returns its setup link's path.</summary>
    public static async Task<string> Add(SonaeFactory factory, Hospital hospital, string userName, params string[] roles)
    {
        var admin = await PageSession.SignedIn(factory, hospital.Keys[Core.Access.Role.Management]);
        var fields = new Dictionary<string, string> { ["userName"] = userName, ["displayName"] = userName + " さん" };
        var form = roles.Select(r => new KeyValuePair<string, string>("roles", r)).Concat(fields).ToList();
        var response = await admin.PostPairs("/settings/people/add", form, await admin.Token("/settings/people"));
        var (ok, text) = PageSession.Flash(response);
        Assert.True(ok, text);
        return new Uri(Link().Match(text).Value).PathAndQuery;
    }

    /// <summary>Opens the setup link and sets the password; the link's page answers.</summary>
    public static async Task<HttpResponseMessage> SetPassword(SonaeFactory factory, string setupPath, string password = Password)
    {
        var session = PageSession.Anonymous(factory);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + setupPath).Query);
        return await session.Post("/account/setup/password", new() { ["account"] = query["account"]!, ["token"] = query["token"]!, ["password"] = password, ["confirm"] = password }, await session.Token(setupPath));
    }

    /// <summary>A staff (or vendor) account ready to sign in with <see cref="Password"/>.</summary>
    public static async Task<string> Ready(SonaeFactory factory, Hospital hospital, string userName, params string[] roles)
    {
        var response = await SetPassword(factory, await Add(factory, hospital, userName, roles));
        Assert.True(PageSession.Flash(response).Ok);
        return userName;
    }

    /// <summary>Signs in with a password; returns the session and where it was sent next.</summary>
    public static async Task<(PageSession Session, string Next)> SignIn(SonaeFactory factory, string userName, string password = Password)
    {
        var session = PageSession.Anonymous(factory);
        var response = await session.Post("/signin/account", new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/" }, await session.Token("/signin"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (session, response.Headers.Location!.OriginalString);
    }

    /// <summary>The authenticator key a page shows (enrolment or the account page).</summary>
    public static async Task<string> AuthenticatorKey(PageSession session, string path)
    {
        var html = await (await session.Get(path)).Content.ReadAsStringAsync();
        var match = KeyCode().Match(html);
        Assert.True(match.Success, "No authenticator key on " + path);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [GeneratedRegex("data-testid=\"authenticator-key\">([A-Z2-7 ]+)<")]
    private static partial Regex KeyCode();
}
