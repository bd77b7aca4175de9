using System.Net;
using System.Text.Json;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Preparedness;

/// <summary>
/// The organization's representative (代表者), kept in the profile by its page and its API, is the reporter heading
/// of the privacy commission's reports (「報告者(事業者の名称・住所・代表者)」); what cannot be a heading's line is
/// refused with the field named in the reader's language.
/// </summary>
public abstract class ProfileRepresentativeTests(SonaeFactory factory)
{
    private static object Profile(int baseVersion, string? representative) => new
    {
        baseVersion,
        note = "代表者を登録",
        content = new
        {
            name = "みなと代表者病院",
            kind = "hospital",
            beds = 120,
            @operator = "private",
            largeOrRegional = false,
            address = "架空県みなと市1-2-3",
            mainPhone = "000-000-0000",
            documentDates = "western",
            preliminaryReportDays = 3,
            representative,
        },
    };

    private static async Task<string> Incident(Hospital hospital)
    {
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "ransom-note" } })).Json(HttpStatusCode.Created);
        return created.GetProperty("incident").GetProperty("incidentId").GetString()!;
    }

    private static async Task<string> Reporter(HttpClient client, string incident, string report = "privacy-preliminary")
    {
        var draft = await (await client.GetAsync($"/api/v1/incidents/{incident}/reports/{report}/draft")).Json(HttpStatusCode.OK);
        return draft.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "reporter").GetProperty("value").GetString()!;
    }

    [Fact]
    public async Task Api_KeepsTheRepresentative_AndEveryPrivacyReportNamesThemAsReporter()
    {
        var hospital = await factory.AddHospital("代表者API病院 " + Guid.NewGuid().ToString("N")[..6]);
        var incident = await Incident(hospital);
        Assert.Contains("代表者: (基本情報に未登録)", await Reporter(hospital.Management, incident), StringComparison.Ordinal);

        await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", Profile(0, " 理事長 山田 太郎 "))).Json(HttpStatusCode.OK);

        var profile = await (await hospital.Staff.GetAsync("/api/v1/preparedness/profile")).Json(HttpStatusCode.OK);
        Assert.Equal(" 理事長 山田 太郎 ", profile.GetProperty("content").GetProperty("representative").GetString());
        foreach (var report in new[] { "privacy-preliminary", "privacy-final" })
            Assert.Equal("みなと代表者病院\n架空県みなと市1-2-3\n代表者: 理事長 山田 太郎\n電話: 000-000-0000", await Reporter(hospital.Management, incident, report));
    }

    [Fact]
    public async Task Api_RepresentativeTooLongOrOnSeveralLines_IsRefusedNamingTheField_InTheCallersLanguage()
    {
        var hospital = await factory.AddHospital("代表者検証病院 " + Guid.NewGuid().ToString("N")[..6]);
        var english = factory.Client(hospital.Keys[Role.Management], "en");

        var tooLong = await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", Profile(0, new string('長', 101)))).Problem(HttpStatusCode.UnprocessableEntity, "section-invalid");
        Assert.Equal(["representative: 100 文字までにしてください。"], tooLong.GetProperty("errors").GetProperty("representative").EnumerateArray().Select(e => e.GetString()));
        var lines = await (await english.PutJson("/api/v1/preparedness/profile", Profile(0, "理事長\n山田 太郎"))).Problem(HttpStatusCode.UnprocessableEntity, "section-invalid");
        Assert.Equal(["representative: write it on one line, without line breaks."], lines.GetProperty("errors").GetProperty("representative").EnumerateArray().Select(e => e.GetString()));
        await (await hospital.Officer.PutJson("/api/v1/preparedness/profile", Profile(0, "理事長\u0000山田"))).Problem(HttpStatusCode.UnprocessableEntity, "section-invalid");

        Assert.Equal(0, (await (await hospital.Officer.GetAsync("/api/v1/preparedness/profile")).Json(HttpStatusCode.OK)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Api_OnlyTheLeadersChangeTheProfile()
    {
        var hospital = await factory.AddHospital("代表者権限病院 " + Guid.NewGuid().ToString("N")[..6]);

        foreach (var client in new[] { hospital.Staff, hospital.Vendor })
            await (await client.PutJson("/api/v1/preparedness/profile", Profile(0, "理事長 山田 太郎"))).Problem(HttpStatusCode.Forbidden, "role-required");

        Assert.Equal(0, (await (await hospital.Officer.GetAsync("/api/v1/preparedness/profile")).Json(HttpStatusCode.OK)).GetProperty("version").GetInt32());
    }

    private static Dictionary<string, string> Form(string representative) => new()
    {
        ["kind"] = "profile", ["base"] = "0", ["name"] = "みなと代表者病院", ["facility"] = "Hospital", ["operator"] = "Private",
        ["dates"] = "Era", ["preliminaryDays"] = "3", ["representative"] = representative,
    };

    [Fact]
    public async Task Page_SavesTheRepresentative_ShowsIt_AndRefusesATooLongOneWithItsLabel()
    {
        var hospital = await factory.AddHospital("代表者画面病院 " + Guid.NewGuid().ToString("N")[..6]);
        var management = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var english = await PageSession.SignedIn(factory, hospital.Keys[Role.Management], "en");
        var form = WebUtility.HtmlDecode(await (await management.Get("/preparedness/profile")).Content.ReadAsStringAsync());
        Assert.Contains("代表者(役職と氏名)", form, StringComparison.Ordinal);
        Assert.Contains("name=\"representative\"", form, StringComparison.Ordinal);

        var refused = await management.Post("/preparedness/profile/do", Form(new string('長', 101)), await management.Token("/preparedness/profile"));
        Assert.Equal((false, "代表者(役職と氏名): 100 文字までにしてください。"), PageSession.Flash(refused));
        var refusedInEnglish = await english.Post("/preparedness/profile/do", Form("理事長\n山田"), await english.Token("/preparedness/profile"));
        Assert.Equal((false, "Representative (title and name): write it on one line, without line breaks."), PageSession.Flash(refusedInEnglish));

        var saved = await management.Post("/preparedness/profile/do", Form("病院事業管理者 佐藤 花子"), await management.Token("/preparedness/profile"));
        Assert.True(PageSession.Flash(saved).Ok, PageSession.Flash(saved).Text);
        var profile = await (await hospital.Staff.GetAsync("/api/v1/preparedness/profile")).Json(HttpStatusCode.OK);
        Assert.Equal("病院事業管理者 佐藤 花子", profile.GetProperty("content").GetProperty("representative").GetString());
        // Staff read the profile; the representative is on it.
        var staff = await PageSession.SignedIn(factory, hospital.Keys[Role.Staff]);
        Assert.Contains("病院事業管理者 佐藤 花子", WebUtility.HtmlDecode(await (await staff.Get("/preparedness/profile")).Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("代表者: 病院事業管理者 佐藤 花子", await Reporter(hospital.Management, await Incident(hospital)), StringComparison.Ordinal);
    }
}

public sealed class SqliteProfileRepresentativeTests(SqliteFactory factory) : ProfileRepresentativeTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresProfileRepresentativeTests(PostgresFactory factory) : ProfileRepresentativeTests(factory), IClassFixture<PostgresFactory>;
