using System.Net;
using System.Text.Json;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Reporting;

/// <summary>
/// What the authorities' forms ask for, recorded through the API and found in the drafts: when the breach happened,
/// the ministry and the police told (a report sent, a call that reached them), and a public announcement in place of
/// the notice to the people affected, which the record takes only with its reason.
/// </summary>
public abstract class ReportFormsApiTests(SonaeFactory factory)
{
    private static async Task Fact(HttpClient client, string incident, string fact, string value, string? reason = null) =>
        await (await client.PutJson($"/api/v1/incidents/{incident}/facts/{fact}", new { value, reason })).Json(HttpStatusCode.OK);

    private static async Task Complete(HttpClient client, string incident, string step) =>
        await (await client.PostJson($"/api/v1/incidents/{incident}/steps/{step}/complete", new { })).Json(HttpStatusCode.OK);

    private static async Task<Dictionary<string, string>> Draft(HttpClient client, string incident, string report)
    {
        var draft = await (await client.GetAsync($"/api/v1/incidents/{incident}/reports/{report}/draft")).Json(HttpStatusCode.OK);
        return draft.GetProperty("fields").EnumerateArray()
            .Where(f => f.GetProperty("value").ValueKind == JsonValueKind.String)
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("value").GetString()!);
    }

    /// <summary>A vendor's data migration that lost patients' records: no attack, the privacy report opens after 2-1.</summary>
    private async Task<(Hospital Hospital, string Incident)> LeakWithoutAttack()
    {
        var hospital = await factory.AddHospital("様式テスト病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "データ移行で患者情報が消失" })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incidentId").GetString()!;
        var officer = hospital.Officer;
        await Fact(officer, incident, "infection-signs", "no");
        await Complete(officer, incident, "1-1");
        await Complete(officer, incident, "1-3");
        await Fact(officer, incident, "anomaly-confirmed", "yes");
        await Complete(officer, incident, "1-4");
        await Fact(officer, incident, "breach-began", "2026年11月20日 深夜(推定、作業ログによる)");
        await Fact(officer, incident, "cause", "vendor-work");
        await Fact(officer, incident, "cyber-attack-signs", "no");
        await Fact(officer, incident, "data-leak-suspected", "yes");
        await Complete(officer, incident, "2-1");
        return (hospital, incident);
    }

    [Fact]
    public async Task Drafts_SayWhenItHappened_WhichAuthoritiesWereTold_AndHowThePeopleAreTold()
    {
        var (hospital, incident) = await LeakWithoutAttack();
        var officer = hospital.Officer;
        await (await officer.PostJson($"/api/v1/incidents/{incident}/contacts", new { party = "架空県警 サイバー犯罪相談窓口", channel = "phone", result = "reached", comment = "相談を受理" })).Json(HttpStatusCode.OK);
        await (await officer.PostJson($"/api/v1/incidents/{incident}/contacts", new { party = "厚生労働省 医政局", channel = "phone", result = "no-answer" })).Json(HttpStatusCode.OK);
        await (await hospital.Management.PostJson($"/api/v1/incidents/{incident}/reports",
            new { report = "ministry", sha256 = new string('a', 64), to = "厚生労働省 医政局", via = "email" })).Json(HttpStatusCode.OK);
        await Fact(hospital.Management, incident, "notice-method", "announce-instead", "連絡先が分からない受診者が多数いるため");

        var final = await Draft(hospital.Management, incident, "privacy-final");
        var ministry = await Draft(hospital.Management, incident, "ministry");
        var notice = await Draft(hospital.Management, incident, "notice-to-individuals");

        Assert.Contains("発生日時: 2026年11月20日 深夜(推定、作業ログによる)", final["overview"].Split('\n'));
        Assert.Contains(final["overview"].Split('\n'), line => line.StartsWith("発覚日時: ", StringComparison.Ordinal));
        Assert.Contains("発生日時: 2026年11月20日 深夜(推定、作業ログによる)", ministry["overview"].Split('\n'));
        var told = final["other"].Split('\n');
        Assert.Equal("他の行政機関等への報告・届出:", told[0]);
        Assert.Single(told, line => line.StartsWith("・警察: ", StringComparison.Ordinal) && line.Contains("架空県警 サイバー犯罪相談窓口", StringComparison.Ordinal) && line.EndsWith("相談を受理", StringComparison.Ordinal));
        // The call nobody answered told nobody; the report sent did.
        Assert.Single(told, line => line.StartsWith("・厚生労働省: ", StringComparison.Ordinal) && line.Contains("「厚生労働省への報告」を提出(厚生労働省 医政局)", StringComparison.Ordinal));
        Assert.Equal(3, told.Length);
        Assert.Contains("通知が困難な理由: 連絡先が分からない受診者が多数いるため", final["response-to-individuals"].Split('\n'));
        Assert.StartsWith("本人への通知に代わる措置として公表する。", final["publication"], StringComparison.Ordinal);
        Assert.StartsWith("ご本人さまへ個別にお知らせすることが困難なため", notice["other"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnnouncementInsteadOfNotice_WithoutAReason_IsRefusedInTheCallersLanguage_AndNothingIsRecorded()
    {
        var (hospital, incident) = await LeakWithoutAttack();
        var english = factory.Client(hospital.Keys[Role.Management], "en");

        var refused = await (await hospital.Management.PutJson($"/api/v1/incidents/{incident}/facts/notice-method", new { value = "announce-instead" })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal("「通知が困難なため公表で代える」を選ぶときは、本人への通知が困難な理由を書いてください。理由がなければ記録できません。", refused.Detail());
        Assert.True(refused.GetProperty("errors").TryGetProperty("reason", out _));
        var inEnglish = await (await english.PutJson($"/api/v1/incidents/{incident}/facts/notice-method", new { value = "announce-instead", reason = " " })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.StartsWith("Choosing \"Announce publicly instead (notice is impractical)\" needs the reason", inEnglish.Detail(), StringComparison.Ordinal);

        var final = await Draft(hospital.Management, incident, "privacy-final");
        Assert.Equal("未実施(準備中)", final["response-to-individuals"]);
        // A notice to each person needs no reason.
        await Fact(hospital.Management, incident, "notice-method", "notify");
        Assert.StartsWith("本人へ個別に通知する。", (await Draft(hospital.Management, incident, "privacy-final"))["response-to-individuals"], StringComparison.Ordinal);
    }
}

public sealed class SqliteReportFormsApiTests(SqliteFactory factory) : ReportFormsApiTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresReportFormsApiTests(PostgresFactory factory) : ReportFormsApiTests(factory), IClassFixture<PostgresFactory>;
