using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// Vendors see only the incidents they were invited to: an invitation works once, expires, can be revoked (which
/// shuts the vendor out again); one vendor account serves several hospitals and sees one at a time.
/// </summary>
public abstract class InvitationTests(SonaeFactory factory)
{
    private async Task<(Hospital Hospital, string Incident, int Number)> Incident(string name)
    {
        var hospital = await factory.AddHospital($"{name} {Guid.NewGuid():N}"[..12]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident");
        return (hospital, incident.GetProperty("incidentId").GetString()!, incident.GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task VendorKey_SeesNothingUntilInvited_ThenThatIncidentAlone_UntilRevoked()
    {
        var (hospital, incident, _) = await Incident("招待病院");
        var (_, second, _) = (hospital, (await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "別件" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString()!, 0);

        Assert.Equal(0, (await (await hospital.Vendor.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK)).GetArrayLength());
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{incident}")).Problem(HttpStatusCode.NotFound, "incident-not-found");

        var made = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name = "富士システム 田中様", hours = 24 })).Json(HttpStatusCode.Created);
        var secret = new Uri(made.GetProperty("url").GetString()!).Segments[^1];
        Assert.Equal(HttpStatusCode.NoContent, (await hospital.Vendor.PostJson($"/api/v1/invitations/{secret}/accept", null)).StatusCode);

        var listed = await (await hospital.Vendor.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK);
        Assert.Equal(1, listed.GetArrayLength());
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{incident}")).Json(HttpStatusCode.OK);
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{second}")).Problem(HttpStatusCode.NotFound, "incident-not-found");
        await (await hospital.Vendor.GetAsync($"/api/v1/incidents/{second}/events")).Problem(HttpStatusCode.NotFound, "incident-not-found");

        // Used once: a second use, by anyone, is refused and says why.
        await (await hospital.Vendor.PostJson($"/api/v1/invitations/{secret}/accept", null)).Problem(HttpStatusCode.Gone, "invitation-used");
        var page = await PageSession.Anonymous(factory).Get($"/invite/{secret}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("もう使われています", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = made.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/invitations/{id}/revoke", null)).StatusCode);
        Assert.Equal(0, (await (await hospital.Vendor.GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Invitations_Refused_WhenExpiredRevokedForgedOrAnotherHospitals()
    {
        var (hospital, incident, _) = await Incident("期限病院");
        var (other, _, _) = await Incident("他の病院");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name = "x", hours = 0 })).Problem(HttpStatusCode.BadRequest, "invitation-hours");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name = "x", hours = 24 * 15 })).Problem(HttpStatusCode.BadRequest, "invitation-hours");
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name = " " })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        await (await hospital.Vendor.PostJson($"/api/v1/incidents/{incident}/invitations", new { name = "自分で" })).Problem(HttpStatusCode.Forbidden, "role-required");

        var secret = await Invitation.Make(hospital, incident);
        await (await other.Vendor.PostJson($"/api/v1/invitations/{secret}/accept", null)).Problem(HttpStatusCode.Forbidden, "invitation-other-organization");
        await (await hospital.Vendor.PostJson("/api/v1/invitations/sonae_forged/accept", null)).Problem(HttpStatusCode.NotFound, "invitation-invalid");
        // Its page says the same, with the same status (a Blazor page's 404 goes out through the error page: its words too).
        var forgedPage = await PageSession.Anonymous(factory).Get("/invite/sonae_forged");
        Assert.Equal(HttpStatusCode.NotFound, forgedPage.StatusCode);
        Assert.Contains("この招待リンクは使えません", await forgedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var expired = await Invitation.Make(hospital, incident);
        var hash = Sonae.Web.Access.ApiKeySecrets.Hash(expired);
        await factory.Database(db => db.IncidentInvitations.IgnoreQueryFilters().Where(i => i.SecretHash == hash)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await (await hospital.Vendor.PostJson($"/api/v1/invitations/{expired}/accept", null)).Problem(HttpStatusCode.Gone, "invitation-expired");
        Assert.Contains("期限切れ", await (await PageSession.Anonymous(factory).Get($"/invite/{expired}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var revoked = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name = "取消予定" })).Json(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations/{revoked.GetProperty("id").GetString()}/revoke", null)).StatusCode);
        var revokedSecret = new Uri(revoked.GetProperty("url").GetString()!).Segments[^1];
        await (await hospital.Vendor.PostJson($"/api/v1/invitations/{revokedSecret}/accept", null)).Problem(HttpStatusCode.Gone, "invitation-revoked");
    }

    [Fact]
    public async Task VendorEngineer_OneAccountForTwoHospitals_ChoosesOne_AndSeesNothingOfTheOther()
    {
        var (first, firstIncident, firstNumber) = await Incident("第一病院");
        var (second, secondIncident, secondNumber) = await Incident("第二病院");
        var user = "engineer" + Guid.NewGuid().ToString("N")[..6];

        // Invited by the first hospital: makes an account on the invitation page (a first try refused) and lands on the incident.
        var secret = await Invitation.Make(first, firstIncident);
        var visitor = PageSession.Anonymous(factory);
        var mistyped = await visitor.Post($"/invite/{secret}/register",
            new() { ["userName"] = user, ["displayName"] = "保守 田中", ["password"] = People.Password, ["confirm"] = "違う" }, await visitor.Token($"/invite/{secret}"));
        Assert.False(PageSession.Flash(mistyped).Ok);
        var registered = await visitor.Post($"/invite/{secret}/register",
            new() { ["userName"] = user, ["displayName"] = "保守 田中", ["password"] = People.Password, ["confirm"] = People.Password }, await visitor.Token($"/invite/{secret}"));
        Assert.Equal($"/incidents/{firstNumber}", registered.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await visitor.Get($"/incidents/{firstNumber}")).StatusCode);

        // Invited by the second hospital too: accepts while signed in, and is switched to it.
        var secondSecret = await Invitation.Make(second, secondIncident);
        var accepted = await visitor.Post($"/invite/{secondSecret}/accept", [], await visitor.Token($"/invite/{secondSecret}"));
        Assert.Equal($"/incidents/{secondNumber}", accepted.Headers.Location?.OriginalString);

        // Signing in again: choose the hospital; each session sees its own hospital's incident alone.
        var (session, next) = await People.SignIn(factory, user);
        Assert.Equal("/signin/organization", next);
        var choose = await session.Post("/signin/organization", new() { ["organizationId"] = first.Id.ToString() }, await session.Token("/signin/organization"));
        Assert.Equal("/", choose.Headers.Location?.OriginalString);
        var home = await (await session.Get($"/incidents/{firstNumber}")).Content.ReadAsStringAsync();
        Assert.Contains("第一病院", await (await session.Get("/signin/organization")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("見つかりません", home, StringComparison.Ordinal);
        if (firstNumber == secondNumber)
            Assert.DoesNotContain(secondIncident, home, StringComparison.Ordinal);
        // The first hospital's other incidents stay hidden from the vendor.
        var unseen = await (await first.Officer.PostJson("/api/v1/incidents", new { title = "見せない件" })).Json(HttpStatusCode.Created);
        var hidden = await session.Get($"/incidents/{unseen.GetProperty("number").GetInt32()}");
        Assert.Contains("見つかりません", await hidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The audit log has every step, and never a working invitation link.
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        var targets = await factory.Database(db => db.AuditEntries.Select(e => e.Target).ToListAsync());
        Assert.Contains(targets, t => t.StartsWith("/invite/", StringComparison.Ordinal));
        Assert.DoesNotContain(targets, t => t.Contains(secret, StringComparison.Ordinal) || t.Contains(secondSecret, StringComparison.Ordinal));
    }
}

public sealed class SqliteInvitationTests(SqliteFactory factory) : InvitationTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresInvitationTests(PostgresFactory factory) : InvitationTests(factory), IClassFixture<PostgresFactory>;
