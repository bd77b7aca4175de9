using System.Net;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Evidence;

/// <summary>The evidence page as a browser uses it: upload with a form, hand over, and what staff get.</summary>
public sealed class EvidencePageTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task Officer_UploadsWithTheForm_HandsOver_AndThePageShowsTheCustody()
    {
        var hospital = await factory.AddHospital("証拠画面病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        var page = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);

        var uploaded = await page.PostFile("/incidents/1/evidence/do", new()
        {
            ["kind"] = "upload", ["evidenceKind"] = "image", ["fromAsset"] = "PC-3W-01", ["description"] = "<b>画面</b>の写真",
        }, "file", "C:\\fakepath\\画面.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], await page.Token("/incidents/1/evidence"));
        Assert.True(PageSession.Flash(uploaded).Ok, PageSession.Flash(uploaded).Text);
        var handed = await page.PostFile("/incidents/1/evidence/do", new() { ["kind"] = "handover", ["evidence"] = "E1", ["to"] = "架空県警", ["comment"] = "USB メモリで" },
            "file", "", [], await page.Token("/incidents/1/evidence"));
        Assert.True(PageSession.Flash(handed).Ok, PageSession.Flash(handed).Text);

        var html = await (await page.Get("/incidents/1/evidence")).Content.ReadAsStringAsync();
        Assert.Contains("画面.jpg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("fakepath", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;画面&lt;/b&gt;の写真", html, StringComparison.Ordinal);
        Assert.Contains("→ 架空県警", html, StringComparison.Ordinal);

        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        // Staff do not keep evidence: the page's policy refuses them with the error page, as every page they may not open.
        var refused = await staff.Get("/incidents/1/evidence");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("画面.jpg", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Get("/incidents/1/evidence/files/E1")).StatusCode);
    }
}
