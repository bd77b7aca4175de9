using System.Net;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>Lets the hospital's vendor key into an incident, as a vendor's ticket system would: the officer invites, the key accepts.</summary>
public static class Invitation
{
    public static async Task<string> Make(Hospital hospital, string incident, string name = "富士システム 田中様") =>
        (await MakeWithId(hospital, incident, name)).Secret;

    /// <summary>An invitation's secret (the end of its link) and its id (to revoke it by).</summary>
    public static async Task<(string Secret, string Id)> MakeWithId(Hospital hospital, string incident, string name = "富士システム 田中様")
    {
        var made = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name })).Json(HttpStatusCode.Created);
        return (new Uri(made.GetProperty("url").GetString()!).Segments[^1], made.GetProperty("id").GetString()!);
    }

    /// <summary>The vendor key accepts a new invitation to the incident; returns the invitation's id.</summary>
    public static async Task<string> Accept(Hospital hospital, string incident)
    {
        var (secret, id) = await MakeWithId(hospital, incident);
        Assert.Equal(HttpStatusCode.NoContent, (await hospital.Vendor.PostJson($"/api/v1/invitations/{secret}/accept", null)).StatusCode);
        return id;
    }

    public static async Task Revoke(Hospital hospital, string incident, string invitationId) =>
        Assert.Equal(HttpStatusCode.NoContent, (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations/{invitationId}/revoke", null)).StatusCode);
}
