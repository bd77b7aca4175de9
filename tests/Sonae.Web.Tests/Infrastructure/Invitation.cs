using System.Net;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>Lets the hospital's vendor key into an incident, as a vendor's ticket system would: the officer invites, the key accepts.</summary>
public static class Invitation
{
    public static async Task<string> Make(Hospital hospital, string incident, string name = "富士システム 田中様")
    {
        var made = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name })).Json(HttpStatusCode.Created);
        return new Uri(made.GetProperty("url").GetString()!).Segments[^1];
    }

    public static async Task Accept(Hospital hospital, string incident)
    {
        var secret = await Make(hospital, incident);
        Assert.Equal(HttpStatusCode.NoContent, (await hospital.Vendor.PostJson($"/api/v1/invitations/{secret}/accept", null)).StatusCode);
    }
}
