using System.Net;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Reporting;

/// <summary>
/// A report to an authority (the ministry, the police, the privacy commission) is filed (「提出」); the hospital's own
/// documents are issued (「発行」): on the editor's button, in the message after it, in the list of reports, in the
/// record's words and in the API's problems.
/// </summary>
public abstract class ReportWordingTests(SonaeFactory factory)
{
    private async Task<(Hospital Hospital, PageSession Page)> Incident()
    {
        var hospital = await factory.AddHospital("提出語病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        return (hospital, await PageSession.SignedIn(factory, hospital.Keys[Role.Management]));
    }

    private static async Task<string> Html(PageSession page, string path) => WebUtility.HtmlDecode(await (await page.Get(path)).Content.ReadAsStringAsync());

    [Fact]
    public async Task ReportsToAuthorities_AreFiled_TheHospitalsOwnDocumentsIssued()
    {
        var (hospital, page) = await Incident();

        foreach (var report in new[] { "ministry", "police", "privacy-preliminary", "privacy-final" })
        {
            var editor = await Html(page, $"/incidents/1/reports/{report}");
            Assert.True(editor.Contains("この内容で提出する", StringComparison.Ordinal) && !editor.Contains("発行", StringComparison.Ordinal), $"{report} is not filed");
        }
        foreach (var report in new[] { "damage-status", "recovery-results", "final-incident-report" })
            Assert.Contains("この内容で発行する", await Html(page, $"/incidents/1/reports/{report}"), StringComparison.Ordinal);

        var filed = await page.Post("/incidents/1/reporting/do", new()
        {
            ["kind"] = "issue", ["report"] = "ministry", ["requestId"] = "m1", ["format"] = "text", ["to"] = "厚生労働省 医政局", ["via"] = "email",
            ["field.organization"] = "提出語病院", ["field.overview"] = "ランサムウェア", ["field.found-at"] = "今朝 7:20", ["field.care-impact"] = "外来停止",
        }, await page.Token("/incidents/1/reports/ministry"));
        Assert.StartsWith("「厚生労働省への報告」の提出を記録しました。SHA-256: ", PageSession.Flash(filed).Text, StringComparison.Ordinal);
        var issued = await page.Post("/incidents/1/reporting/do", new()
        {
            ["kind"] = "issue", ["report"] = "damage-status", ["requestId"] = "d1", ["format"] = "text", ["to"] = "院長", ["via"] = "in-person",
            ["field.found-at"] = "今朝 7:20", ["field.where-and-care"] = "外来受付", ["field.cause"] = "調査中",
        }, await page.Token("/incidents/1/reports/damage-status"));
        Assert.StartsWith("「被害状況報告」を発行しました。SHA-256: ", PageSession.Flash(issued).Text, StringComparison.Ordinal);

        var list = await Html(page, "/incidents/1/reports");
        Assert.Contains("提出 1 回", list, StringComparison.Ordinal);
        Assert.Contains("発行 1 回", list, StringComparison.Ordinal);
        Assert.Contains("提出・発行した報告書", list, StringComparison.Ordinal);
        var summary = await Html(page, "/incidents/1/summary");
        Assert.Contains("報告書を提出: 厚生労働省への報告 → 厚生労働省 医政局", summary, StringComparison.Ordinal);
        Assert.Contains("報告を送付: 被害状況報告 → 院長", summary, StringComparison.Ordinal);

        // The API says it too, in the caller's language.
        var missing = await (await hospital.Management.PostJson("/api/v1/incidents/1/reports/privacy-preliminary/issue", new { fields = new { other = "なし" }, format = "text", to = "個人情報保護委員会", via = "web-form" }))
            .Problem(HttpStatusCode.BadRequest, "report-fields-missing");
        Assert.StartsWith("「漏えい等報告(速報)」を提出する前に", missing.Detail(), StringComparison.Ordinal);
        var english = factory.Client(hospital.Keys[Role.Management], "en");
        var missingInEnglish = await (await english.PostJson("/api/v1/incidents/1/reports/damage-status/issue", new { fields = new { spread = "なし" }, format = "text", to = "院長", via = "in-person" }))
            .Problem(HttpStatusCode.BadRequest, "report-fields-missing");
        Assert.StartsWith("Fill in these headings before issuing", missingInEnglish.Detail(), StringComparison.Ordinal);
        // With no headings and no saved draft there is nothing to file: said as filing for the commission.
        var undrafted = await (await hospital.Management.PostJson("/api/v1/incidents/1/reports/privacy-final/issue", new { format = "text", to = "個人情報保護委員会", via = "web-form" }))
            .Problem(HttpStatusCode.Conflict, "report-not-drafted");
        Assert.Contains("提出する内容がありません", undrafted.Detail(), StringComparison.Ordinal);
    }
}

public sealed class SqliteReportWordingTests(SqliteFactory factory) : ReportWordingTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresReportWordingTests(PostgresFactory factory) : ReportWordingTests(factory), IClassFixture<PostgresFactory>;
