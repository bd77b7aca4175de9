using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Web.Demo;
using Sonae.Web.Tests.Documents;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Aftercare.Checklists;

/// <summary>
/// The ministry's yearly checklist in the demo hospital, through the API, the pages, the print and the workbook: the
/// target-date rule and the first round kept; a year's answers kept when the next year starts from a new edition, and
/// a changed item shown as changed; corrections over the shipped wording; a vendor's link invited, used, expired and
/// revoked, anonymous and with a vendor's key; the PDF and the xlsx read back. The tests of a class share one demo
/// hospital, so each reads what it needs whatever ran before it.
/// </summary>
public abstract class ChecklistApiTests(SonaeFactory factory)
{
    private HttpClient Officer => factory.Client(DemoHospital.Keys[Role.SecurityOfficer]);

    private static FiscalYear ThisYear => FiscalYear.Of(DateTimeOffset.UtcNow);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime);

    private static JsonElement Item(JsonElement detail, string id) => detail.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);

    private static Task<HttpResponseMessage> Answer(HttpClient client, string path, string item, string? answer, DateOnly? on, DateOnly? target = null, string? note = null) =>
        client.PutJson($"{path}/items/{item}", new { answer, checkedOn = on is { } d ? Day(d) : null, targetOn = target is { } t ? Day(t) : null, note });

    [Fact]
    public async Task HospitalForm_TargetDateRule_AndTheFirstRoundKept_ByNameAndById()
    {
        var year = ThisYear;
        var list = await (await Officer.GetAsync($"/api/v1/checklists?year={year.StartYear}")).Json(HttpStatusCode.OK);
        var hospital = list.EnumerateArray().Single(c => c.GetProperty("form").GetString() == "hospital");
        Assert.True(hospital.GetProperty("done").GetInt32() > 0);
        var path = $"/api/v1/checklists/{year.StartYear}/hospital";
        var byId = $"/api/v1/checklists/{year.StartYear}/{hospital.GetProperty("id").GetString()}";
        Assert.Equal((await (await Officer.GetAsync(path)).Json(HttpStatusCode.OK)).GetProperty("items").GetArrayLength(),
            (await (await Officer.GetAsync(byId)).Json(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());

        var check = Today;
        await (await Answer(Officer, path, "bcp", "no", check)).Problem(HttpStatusCode.BadRequest, "checklist-notargetdate");
        var outside = await (await Answer(Officer, path, "bcp", "no", check, year.Last.AddDays(1))).Problem(HttpStatusCode.BadRequest, "checklist-targetoutsideyear");
        Assert.Contains(Day(year.Last), outside.Detail(), StringComparison.Ordinal);
        Assert.Contains(year.Wareki(), outside.Detail(), StringComparison.Ordinal);
        var english = await (await Answer(factory.Client(DemoHospital.Keys[Role.SecurityOfficer], "en"), path, "bcp", "no", check, year.Last.AddDays(1)))
            .Problem(HttpStatusCode.BadRequest, "checklist-targetoutsideyear");
        Assert.Contains($"FY{year.StartYear}", english.Detail(), StringComparison.Ordinal);
        await (await Answer(Officer, path, "bcp", "yes", check, year.Last)).Problem(HttpStatusCode.BadRequest, "checklist-targetwithyes");
        await (await Answer(Officer, path, "bcp", "yes", check.AddDays(1))).Problem(HttpStatusCode.BadRequest, "checklist-checkdatefuture");
        await (await Answer(Officer, path, "bcp", "maybe", check)).Problem(HttpStatusCode.BadRequest, "checklist-answer");
        await (await Officer.PutJson($"{path}/items/bcp", new { answer = "yes", checkedOn = "30/06/2025" })).Problem(HttpStatusCode.BadRequest, "checklist-date");
        await (await Answer(Officer, path, "no-such-item", "yes", check)).Problem(HttpStatusCode.NotFound, "checklist-item-not-found");
        await (await Officer.GetAsync($"/api/v1/checklists/{year.StartYear}/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound, "checklist-not-found");
        await (await Officer.GetAsync($"/api/v1/checklists/{year.StartYear}/vendor")).Problem(HttpStatusCode.NotFound, "checklist-not-found");

        var first = Item(await (await Answer(Officer, path, "bcp", "no", check, year.Last, "策定中")).Json(HttpStatusCode.OK), "bcp");
        var firstDay = first.GetProperty("firstCheckedOn").GetString();
        var again = Item(await (await Answer(Officer, path, "bcp", "yes", check, null, "策定済み")).Json(HttpStatusCode.OK), "bcp");
        Assert.Equal(("yes", firstDay, Day(check), "策定済み"), (again.GetProperty("answer").GetString(), again.GetProperty("firstCheckedOn").GetString(),
            again.GetProperty("checkedOn").GetString(), again.GetProperty("note").GetString()));
        Assert.NotEqual(JsonValueKind.Null, again.GetProperty("firstAnswer").ValueKind);

        // Starting the year's hospital form again gives the one there is.
        var started = await (await Officer.PostJson("/api/v1/checklists", new { year = year.StartYear, form = "hospital" })).Json(HttpStatusCode.Created);
        Assert.Equal(hospital.GetProperty("id").GetString(), started.GetProperty("checklist").GetProperty("id").GetString());
        await (await Officer.PostJson("/api/v1/checklists", new { year = 1999, form = "hospital" })).Problem(HttpStatusCode.BadRequest, "checklist-year");
        await (await Officer.PostJson("/api/v1/checklists", new { year = year.StartYear, form = "vendor", vendor = "no-such", system = "ehr" })).Problem(HttpStatusCode.BadRequest, "checklist-vendor");
        await (await Officer.PostJson("/api/v1/checklists", new { year = year.StartYear, form = "vendor", vendor = "v-pacs", system = "none" })).Problem(HttpStatusCode.BadRequest, "checklist-system");
    }

    private static string EditionFile(string key, string bcpWording) => JsonSerializer.Serialize(new
    {
        edition = key, titleJa = "試験用の版", titleEn = "A test edition", published = "2099-01-01", firstFiscalYear = 2099, source = "test",
        items = new object[]
        {
            new { id = "security-officer", section = 1, number = "1-①", ja = "医療情報システム安全管理責任者を設置している。", en = "officer", forms = new[] { "hospital", "vendor" }, target = "all", verified = true },
            new { id = "bcp", section = 3, number = "3-①", ja = bcpWording, en = "bcp", forms = new[] { "hospital" }, target = "all", verified = true },
            new { id = "tabletop", section = 3, number = "3-②", ja = "机上訓練を行った。", en = "tabletop", forms = new[] { "hospital", "vendor" }, target = "all", verified = false, source = "our own" },
        },
    });

    [Fact]
    public async Task YearlyVersions_LastYearKept_WhenTheNextStartsFromANewEdition_AndAChangedItemShowsChanged()
    {
        // A bad edition file is refused whole, with each problem by field.
        var bad = await (await Officer.PostRaw("/api/v1/checklists/editions", """{"edition":"2099/01","items":[]}""")).Problem(HttpStatusCode.UnprocessableEntity, "checklist-edition-refused");
        Assert.Contains(bad.GetProperty("problems").EnumerateArray(), p => p.GetProperty("where").GetString() == "edition");
        Assert.Contains(bad.GetProperty("problems").EnumerateArray(), p => p.GetProperty("where").GetString() == "items");
        var key = $"2099-{Random.Shared.Next(1, 13):00}";
        var uploaded = await Officer.PostRaw("/api/v1/checklists/editions", EditionFile(key, "サイバー攻撃を想定した事業継続計画(BCP)を策定し、訓練で確かめている。"));
        if (uploaded.StatusCode == HttpStatusCode.Conflict)
            return; // the other database's run of this class shares nothing; a second run in the same hospital is not this test's
        var edition = await uploaded.Json(HttpStatusCode.Created);
        Assert.True(edition.GetProperty("uploaded").GetBoolean());
        await (await Officer.PostRaw("/api/v1/checklists/editions", EditionFile(key, "x"))).Problem(HttpStatusCode.Conflict, "checklist-edition-exists");

        var older = "/api/v1/checklists/2023/hospital";
        await (await Officer.PostJson("/api/v1/checklists", new { year = 2023, form = "hospital", edition = "2024-05" })).Json(HttpStatusCode.Created);
        var fy2023 = new FiscalYear(2023);
        foreach (var item in (await (await Officer.GetAsync(older)).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray())
        {
            var id = item.GetProperty("id").GetString()!;
            var no = id == "security-officer";
            await (await Answer(Officer, older, id, no ? "no" : "yes", fy2023.First.AddDays(30), no ? fy2023.First.AddDays(90) : null, no ? "任命予定" : null)).Json(HttpStatusCode.OK);
        }
        var before = await (await Officer.GetAsync(older)).Json(HttpStatusCode.OK);
        Assert.True(before.GetProperty("checklist").GetProperty("complete").GetBoolean());

        var next = await (await Officer.PostJson("/api/v1/checklists", new { year = 2024, form = "hospital", edition = key })).Json(HttpStatusCode.Created);
        Assert.Equal(key, next.GetProperty("checklist").GetProperty("edition").GetString());
        var officer = Item(next, "security-officer");
        Assert.Equal(("same", "no", 2023, "任命予定"), (officer.GetProperty("change").GetString(), officer.GetProperty("answer").GetString(),
            officer.GetProperty("carriedFrom").GetInt32(), officer.GetProperty("note").GetString()));
        Assert.Equal(JsonValueKind.Null, officer.GetProperty("checkedOn").ValueKind);
        var bcp = Item(next, "bcp");
        Assert.Equal(("changed", JsonValueKind.Null), (bcp.GetProperty("change").GetString(), bcp.GetProperty("answer").ValueKind));
        Assert.Equal("new", Item(next, "tabletop").GetProperty("change").GetString());
        Assert.Equal(0, next.GetProperty("checklist").GetProperty("done").GetInt32());

        // The new year is answered, and its edition corrected: last year stays as it was answered, wording and all.
        await (await Answer(Officer, "/api/v1/checklists/2024/hospital", "bcp", "yes", new FiscalYear(2024).First.AddDays(10))).Json(HttpStatusCode.OK);
        await (await Officer.PutJson($"/api/v1/checklists/editions/{key}/items/bcp", new { number = "3-③", reason = "PDF の番号に合わせた" })).Json(HttpStatusCode.OK);
        var after = await (await Officer.GetAsync(older)).Json(HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("items").ToString(), after.GetProperty("items").ToString());
        Assert.Equal("3-①", Item(await (await Officer.GetAsync("/api/v1/checklists/2024/hospital")).Json(HttpStatusCode.OK), "bcp").GetProperty("number").GetString());
    }

    [Fact]
    public async Task Corrections_StoredOverTheShippedWording_WithWhoWhenWhy_AndTakenByThisYearOnly()
    {
        var year = ThisYear;
        var lastYearNumber = Item(await (await Officer.GetAsync($"/api/v1/checklists/{year.StartYear - 1}/hospital")).Json(HttpStatusCode.OK), "security-rules").GetProperty("number").GetString();
        await (await Officer.PutJson("/api/v1/checklists/editions/2025-05/items/security-rules", new { number = "1-②" })).Problem(HttpStatusCode.BadRequest, "checklist-reason");
        await (await Officer.PutJson("/api/v1/checklists/editions/2025-05/items/security-rules", new { reason = "x" })).Problem(HttpStatusCode.BadRequest, "checklist-correction-empty");
        await (await Officer.PutJson("/api/v1/checklists/editions/2025-05/items/no-such", new { number = "9", reason = "x" })).Problem(HttpStatusCode.NotFound, "checklist-item-not-found");
        await (await Officer.PutJson("/api/v1/checklists/editions/2025-05/items/security-rules", new { ja = "日本語だけ", reason = "x" })).Problem(HttpStatusCode.BadRequest, "checklist-text");
        await (await Officer.GetAsync("/api/v1/checklists/editions/1999-01")).Problem(HttpStatusCode.NotFound, "checklist-edition-not-found");

        var edition = await (await Officer.PutJson("/api/v1/checklists/editions/2025-05/items/security-rules",
            new { number = "1-②", ja = "情報セキュリティに関する院内規程を整備している。", en = "Written security rules exist.", reason = "厚生労働省の PDF の文言に合わせた" })).Json(HttpStatusCode.OK);
        var corrected = edition.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("item").GetProperty("id").GetString() == "security-rules");
        Assert.Equal("情報セキュリティに関する院内規程を整備している。", corrected.GetProperty("item").GetProperty("ja").GetString());
        Assert.True(corrected.GetProperty("item").GetProperty("verified").GetBoolean());
        Assert.Equal("情報セキュリティに関する院内規定を整備している。", corrected.GetProperty("shipped").GetProperty("ja").GetString());
        Assert.Equal("厚生労働省の PDF の文言に合わせた", corrected.GetProperty("correction").GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(corrected.GetProperty("correction").GetProperty("by").GetString()));

        var added = await (await Officer.PostJson("/api/v1/checklists/editions/2025-05/items",
            new { id = "local-vpn-review", section = 2, number = "2-⑭", ja = "VPN 機器の設定を年1回見直している。", en = "The VPN appliance's settings are reviewed yearly.", forms = new[] { "hospital" }, target = "network", reason = "院内独自" })).Json(HttpStatusCode.OK);
        Assert.True(added.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("item").GetProperty("id").GetString() == "local-vpn-review").GetProperty("added").GetBoolean());
        await (await Officer.PostJson("/api/v1/checklists/editions/2025-05/items", new { id = "bcp", section = 3, number = "3", ja = "a", en = "b", reason = "x" })).Problem(HttpStatusCode.Conflict, "checklist-item-exists");

        var now = await (await Officer.GetAsync($"/api/v1/checklists/{year.StartYear}/hospital")).Json(HttpStatusCode.OK);
        Assert.Equal("情報セキュリティに関する院内規程を整備している。", Item(now, "security-rules").GetProperty("ja").GetString());
        Assert.Equal("network", Item(now, "local-vpn-review").GetProperty("target").GetString());
        var last = await (await Officer.GetAsync($"/api/v1/checklists/{year.StartYear - 1}/hospital")).Json(HttpStatusCode.OK);
        Assert.Equal("情報セキュリティに関する院内規定を整備している。", Item(last, "security-rules").GetProperty("ja").GetString());
        Assert.Equal(lastYearNumber, Item(last, "security-rules").GetProperty("number").GetString());
        Assert.DoesNotContain(last.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == "local-vpn-review");
    }

    private async Task<(string Path, string Secret, string LinkId)> VendorForm(string vendor, string system, int? days = null)
    {
        var year = ThisYear;
        var started = await (await Officer.PostJson("/api/v1/checklists", new { year = year.StartYear, form = "vendor", vendor, system })).Json(HttpStatusCode.Created);
        var path = started.GetProperty("checklist").GetProperty("path").GetString()!;
        var link = await (await Officer.PostJson($"/api/v1{path}/links", new { name = "試験 事業者様", days })).Json(HttpStatusCode.Created);
        var url = new Uri(link.GetProperty("url").GetString()!);
        Assert.StartsWith("/checklists/vendor/", url.AbsolutePath, StringComparison.Ordinal);
        return (path, url.AbsolutePath["/checklists/vendor/".Length..], link.GetProperty("id").GetString()!);
    }

    /// <summary>The vendor's page of a link that does not open: the refusal's status, its own words, and no form to fill in.</summary>
    private static async Task RefusedPage(HttpClient client, string page, HttpStatusCode status, string says)
    {
        using var response = await client.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(says, html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"answer\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VendorLink_Invited_FilledInAnonymously_Returned_ThenUsed_AndTheOfficerSeesIt()
    {
        var (path, secret, _) = await VendorForm("v-pacs", "pacs");
        var anonymous = factory.Client(null);
        var form = await (await anonymous.GetAsync($"/api/v1/checklists/vendor/{secret}")).Json(HttpStatusCode.OK);
        Assert.Equal("vendor", form.GetProperty("checklist").GetProperty("form").GetString());
        Assert.Equal(0, form.GetProperty("links").GetArrayLength());
        Assert.DoesNotContain(form.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == ChecklistRules.HasSystemsItem);
        var summary = (await (await Officer.GetAsync($"/api/v1{path}")).Json(HttpStatusCode.OK)).GetProperty("checklist");
        Assert.Equal("invited", summary.GetProperty("vendorState").GetString());

        var items = form.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        await (await Answer(anonymous, $"/api/v1/checklists/vendor/{secret}", items[0], "no", Today)).Problem(HttpStatusCode.BadRequest, "checklist-notargetdate");
        await (await Answer(anonymous, $"/api/v1/checklists/vendor/{secret}", items[0], "yes", Today)).Json(HttpStatusCode.OK);
        var early = await (await anonymous.PostAsync($"/api/v1/checklists/vendor/{secret}/return", null)).Problem(HttpStatusCode.BadRequest, "checklist-incomplete");
        Assert.Contains((items.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), early.Detail(), StringComparison.Ordinal);
        foreach (var item in items.Skip(1))
            await (await Answer(anonymous, $"/api/v1/checklists/vendor/{secret}", item, item == items[^1] ? "no" : "yes", Today, item == items[^1] ? ThisYear.Last : null, item == items[^1] ? "来年1月に対応" : null)).Json(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsync($"/api/v1/checklists/vendor/{secret}/return", null)).StatusCode);

        await (await anonymous.GetAsync($"/api/v1/checklists/vendor/{secret}")).Problem(HttpStatusCode.Gone, "checklist-link-used");
        // The page says the same with the same status: a used link is gone, one that never was is not found.
        await RefusedPage(anonymous, $"/checklists/vendor/{secret}", HttpStatusCode.Gone, "このリンクでの回答はもう送られています");
        await RefusedPage(anonymous, "/checklists/vendor/sck_not-a-link", HttpStatusCode.NotFound, "このリンクは使えません");
        await (await Answer(anonymous, $"/api/v1/checklists/vendor/{secret}", items[0], "yes", Today)).Problem(HttpStatusCode.Gone, "checklist-link-used");
        var seen = await (await Officer.GetAsync($"/api/v1{path}")).Json(HttpStatusCode.OK);
        Assert.Equal(("returned", true, "試験 事業者様"), (seen.GetProperty("checklist").GetProperty("vendorState").GetString(),
            seen.GetProperty("checklist").GetProperty("complete").GetBoolean(), seen.GetProperty("checklist").GetProperty("returnedBy").GetString()));
        Assert.Equal("used", seen.GetProperty("links").EnumerateArray().Last().GetProperty("state").GetString());
        Assert.Equal("試験 事業者様", Item(seen, items[0]).GetProperty("answeredBy").GetString());
        // The hospital's audit log names the vendor's answers and the return, and never holds the working secret.
        var audited = await factory.Database(db => db.AuditEntries.AsNoTracking().Select(e => new { e.Target, e.ActorName }).ToListAsync());
        Assert.DoesNotContain(audited, e => e.Target.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(audited, e => e.Target.StartsWith("/api/v1/checklists/vendor/", StringComparison.Ordinal) && e.Target.Contains("/return", StringComparison.Ordinal) && e.ActorName == "試験 事業者様");
        await (await Officer.PostJson($"/api/v1{path}/links", new { })).Problem(HttpStatusCode.Conflict, "checklist-returned");
        await (await anonymous.GetAsync("/api/v1/checklists/vendor/sck_not-a-link")).Problem(HttpStatusCode.NotFound, "checklist-link-invalid");
    }

    [Fact]
    public async Task VendorLink_Revoked_AndExpired_AreRefused_AndAVendorsKeyAnswersInItsOwnName()
    {
        var (path, secret, linkId) = await VendorForm("v-billing", "billing", days: 1);
        var vendorKey = factory.Client(DemoHospital.Keys[Role.Vendor]);
        var answered = await (await Answer(vendorKey, $"/api/v1/checklists/vendor/{secret}", "security-officer", "yes", Today)).Json(HttpStatusCode.OK);
        Assert.NotEqual("試験 事業者様", Item(answered, "security-officer").GetProperty("answeredBy").GetString());
        await (await Officer.GetAsync($"/api/v1/checklists/vendor/{secret}")).Json(HttpStatusCode.OK);

        // A day and more later (a second server whose clock is ahead), the link has expired.
        using (var later = factory.Sibling(DateTimeOffset.UtcNow.AddDays(2)))
            await (await later.Client(null).GetAsync($"/api/v1/checklists/vendor/{secret}")).Problem(HttpStatusCode.Gone, "checklist-link-expired");

        Assert.Equal(HttpStatusCode.NoContent, (await Officer.PostAsync($"/api/v1{path}/links/{linkId}/revoke", null)).StatusCode);
        await (await factory.Client(null).GetAsync($"/api/v1/checklists/vendor/{secret}")).Problem(HttpStatusCode.Gone, "checklist-link-revoked");
        await RefusedPage(factory.Client(null), $"/checklists/vendor/{secret}", HttpStatusCode.Gone, "このリンクは取り消されています");
        await (await Officer.PostAsync($"/api/v1{path}/links/{Guid.NewGuid()}/revoke", null)).Problem(HttpStatusCode.NotFound, "checklist-link-not-found");
        var summary = (await (await Officer.GetAsync($"/api/v1{path}")).Json(HttpStatusCode.OK)).GetProperty("checklist");
        Assert.Equal("revoked", summary.GetProperty("vendorState").GetString());
        // The hospital's form has no link.
        await (await Officer.PostJson($"/api/v1/checklists/{ThisYear.StartYear}/hospital/links", new { })).Problem(HttpStatusCode.BadRequest, "checklist-link-hospital");
    }

    [Fact]
    public async Task VendorLink_ItsHospitalsAccountAnswersInItsName_AnotherHospitalsIsRefused_ItsFormsNeedTheirToken_AndNoLogHoldsTheSecret()
    {
        var (path, secret, _) = await VendorForm("v-catering", "catering");
        var page = $"/checklists/vendor/{secret}";
        var items = (await (await factory.Client(null).GetAsync($"/api/v1/checklists/vendor/{secret}")).Json(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

        // The hospital's vendor account, signed in on the pages: its answer is named after the account, not the link.
        var account = await PageSession.SignedIn(factory, DemoHospital.Keys[Role.Vendor]);
        var answered = await account.Post($"{page}/do", new() { ["item"] = items[0], ["answer"] = "yes", ["checkedOn"] = Day(Today) }, await account.Token(page));
        Assert.True(PageSession.Flash(answered).Ok, PageSession.Flash(answered).Text);
        var seen = await (await Officer.GetAsync($"/api/v1{path}")).Json(HttpStatusCode.OK);
        Assert.Equal("yes", Item(seen, items[0]).GetProperty("answer").GetString());
        Assert.NotEqual("試験 事業者様", Item(seen, items[0]).GetProperty("answeredBy").GetString());

        // Another hospital's key, vendor's or officer's, is refused: the link is for its own hospital's vendor.
        var other = await factory.AddHospital("他院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await other.Vendor.GetAsync($"/api/v1/checklists/vendor/{secret}")).Problem(HttpStatusCode.Forbidden, "checklist-link-other-organization");
        await (await Answer(other.Officer, $"/api/v1/checklists/vendor/{secret}", items[1], "yes", Today)).Problem(HttpStatusCode.Forbidden, "checklist-link-other-organization");

        // A form posted without the page's token (from another site, say) is refused back to the page, and nothing is kept.
        var anonymous = PageSession.Anonymous(factory);
        var forged = await anonymous.Post($"{page}/do", new() { ["item"] = items[1], ["answer"] = "yes", ["checkedOn"] = Day(Today) }, null);
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.False(PageSession.Flash(forged).Ok);
        var after = await (await Officer.GetAsync($"/api/v1{path}")).Json(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, Item(after, items[1]).GetProperty("answer").ValueKind);

        // Neither the audit log nor the server log holds the working secret.
        var audited = await factory.Database(db => db.AuditEntries.AsNoTracking().Select(e => e.Target).ToListAsync());
        Assert.Contains(audited, t => t.StartsWith("/checklists/vendor/", StringComparison.Ordinal));
        Assert.DoesNotContain(audited, t => t.Contains(secret, StringComparison.Ordinal));
        Assert.NotEqual(0, factory.Logs.Count);
        Assert.False(factory.Logs.Contains(secret));
    }

    [Fact]
    public async Task Exports_PdfAndWorkbook_ReadBack_WithAnswersDatesAndTheYear()
    {
        var year = ThisYear;
        var path = $"/api/v1/checklists/{year.StartYear}/hospital";
        await (await Answer(Officer, path, "contact-chart", "no", Today, year.Last, "連絡体制図を作成中")).Json(HttpStatusCode.OK);

        var xlsx = await Officer.GetAsync($"/api/v1/checklists/{year.StartYear}/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheets = MiniExcel.GetSheetNames(stream);
        Assert.Equal("医療機関確認用", sheets[0]);
        Assert.Contains(sheets, s => s.StartsWith("事業者確認用", StringComparison.Ordinal));
        var rows = MiniExcel.Query(stream, useHeaderRow: false, sheetName: "医療機関確認用").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(year.Wareki(), rows[0]["A"]?.ToString(), StringComparison.Ordinal);
        Assert.Contains(DemoHospital.Name, rows[1]["A"]?.ToString(), StringComparison.Ordinal);
        Assert.Equal(["番号", "確認項目", "対象", "はい/いいえ", "確認日", "目標日", "備考"], new[] { "A", "B", "C", "D", "E", "F", "G" }.Select(c => rows[3][c]?.ToString()));
        var chart = rows.Single(r => r["B"]?.ToString()?.StartsWith("インシデント発生時における組織内と外部関係機関", StringComparison.Ordinal) == true);
        Assert.Equal(("3-①", "医療情報システム全般", "いいえ", Day(Today), Day(year.Last), "連絡体制図を作成中"),
            (chart["A"]?.ToString(), chart["C"]?.ToString(), chart["D"]?.ToString(), chart["E"]?.ToString(), chart["F"]?.ToString(), chart["G"]?.ToString()));

        var pdf = await Officer.GetAsync($"/checklists/{year.StartYear}/print.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = PdfReading.Text(await pdf.Content.ReadAsByteArrayAsync(), out var pages);
        Assert.True(pages >= 2, $"{pages} pages: the hospital's form and the vendors' each start a page");
        PdfReading.AssertHas(text, $"{year.Wareki()} 医療機関におけるサイバーセキュリティ対策チェックリスト");
        PdfReading.AssertHas(text, "医療機関確認用");
        PdfReading.AssertHas(text, "事業者確認用");
        PdfReading.AssertHas(text, "連絡体制図を作成中");
        PdfReading.AssertHas(text, Day(year.Last));
        PdfReading.AssertHas(text, Day(Today));

        var html = await (await Officer.GetAsync($"/checklists/{year.StartYear}/print")).Content.ReadAsStringAsync();
        Assert.Contains("連絡体制図を作成中", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Officer.GetAsync("/checklists/2001/print")).StatusCode);
    }

    [Fact]
    public async Task Readiness_ListsTheChecklist_NotComplete_PastTarget_AndVendorFormsNotBack()
    {
        var readiness = await (await Officer.GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK);
        var kinds = readiness.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        Assert.Contains(kinds, k => k is "checklist-incomplete" or "checklist-not-started");
        Assert.Contains("checklist-vendor-not-returned", kinds);
        var vendor = readiness.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("kind").GetString() == "checklist-vendor-not-returned");
        Assert.Contains("事業者確認用", vendor.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_OfficerAnswersThroughTheForm_ABadTargetComesBackWithTheReason()
    {
        var year = ThisYear;
        var session = await PageSession.SignedIn(factory, DemoHospital.Keys[Role.SecurityOfficer]);
        var list = await (await session.Get("/checklists")).Content.ReadAsStringAsync();
        Assert.Contains("医療機関確認用", list, StringComparison.Ordinal);
        Assert.Contains("港画像システム", list, StringComparison.Ordinal);
        var page = $"/checklists/{year.StartYear}/hospital";
        var token = await session.Token(page);
        var refused = await session.Post("/checklists/do", new()
        {
            ["kind"] = "answer", ["year"] = year.StartYear.ToString(System.Globalization.CultureInfo.InvariantCulture), ["form"] = "hospital", ["item"] = "unused-accounts/pc",
            ["answer"] = "no", ["checkedOn"] = Day(Today), ["targetOn"] = Day(year.Last.AddDays(1)),
        }, token);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var (ok, text) = PageSession.Flash(refused);
        Assert.False(ok);
        Assert.Contains(Day(year.Last), text, StringComparison.Ordinal);
        var saved = await session.Post("/checklists/do", new()
        {
            ["kind"] = "answer", ["year"] = year.StartYear.ToString(System.Globalization.CultureInfo.InvariantCulture), ["form"] = "hospital", ["item"] = "unused-accounts/pc",
            ["answer"] = "no", ["checkedOn"] = Day(Today), ["targetOn"] = Day(year.Last), ["note"] = "ページから",
        }, token);
        Assert.True(PageSession.Flash(saved).Ok);
        Assert.Equal($"{page}#item-unused-accounts-pc", saved.Headers.Location?.OriginalString);
        var shown = await (await session.Get(page)).Content.ReadAsStringAsync();
        Assert.Contains("ページから", shown, StringComparison.Ordinal);
        var edition = await (await session.Get("/checklists/editions/2025-05")).Content.ReadAsStringAsync();
        Assert.Contains("未確認", edition, StringComparison.Ordinal);
        Assert.Contains("厚生労働省の PDF", edition, StringComparison.Ordinal);

        var vendor = await (await session.Get("/checklists/vendor/sck_not-a-link")).Content.ReadAsStringAsync();
        Assert.Contains("このリンクは使えません", vendor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_ManyFirstAnswersToTheSameItemsAtOnce_EndWithOneAnswerEach_AndNoError()
    {
        var started = await (await Officer.PostJson("/api/v1/checklists", new { year = ThisYear.StartYear, form = "vendor", vendor = "v-ehr", system = "lab" })).Json(HttpStatusCode.Created);
        var path = $"/api/v1{started.GetProperty("checklist").GetProperty("path").GetString()}";
        var id = Guid.Parse(started.GetProperty("checklist").GetProperty("id").GetString()!);
        var items = started.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).Take(6).ToList();
        Assert.All(items, item => Assert.Equal(JsonValueKind.Null, Item(started, item).GetProperty("answer").ValueKind));

        var answers = await Task.WhenAll(items.SelectMany(item => Enumerable.Range(0, 4).Select(n => Answer(Officer, path, item, "yes", Today, null, $"同時 {n}"))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var kept = await factory.Database(db => db.ChecklistAnswers.AsNoTracking().IgnoreQueryFilters().Where(a => a.ChecklistId == id).Select(a => a.ItemId).ToListAsync());
        Assert.Equal(items.Order(StringComparer.Ordinal), kept.Order(StringComparer.Ordinal));
        var detail = await (await Officer.GetAsync(path)).Json(HttpStatusCode.OK);
        Assert.All(items, item => Assert.Equal("yes", Item(detail, item).GetProperty("answer").GetString()));
        Assert.Equal(items.Count, detail.GetProperty("checklist").GetProperty("done").GetInt32());
    }

    [Fact]
    public async Task Correct_TheWordingOfAnAnsweredItem_MarksTheAnswerForANewCheck_UntilCheckedAgain()
    {
        var key = $"2098-{Random.Shared.Next(1, 13):00}";
        var uploaded = await Officer.PostRaw("/api/v1/checklists/editions", EditionFile(key, "BCP を策定している。"));
        if (uploaded.StatusCode == HttpStatusCode.Conflict)
            return; // as above: a second run in the same hospital is not this test's
        await uploaded.Json(HttpStatusCode.Created);
        var started = await (await Officer.PostJson("/api/v1/checklists", new { year = ThisYear.StartYear, form = "vendor", vendor = "v-ehr", system = "pharmacy", edition = key })).Json(HttpStatusCode.Created);
        var form = started.GetProperty("checklist").GetProperty("path").GetString()!;
        var path = $"/api/v1{form}";
        foreach (var item in new[] { "security-officer", "tabletop" })
            await (await Answer(Officer, path, item, "yes", Today, null, "確認済み")).Json(HttpStatusCode.OK);
        Assert.True((await (await Officer.GetAsync(path)).Json(HttpStatusCode.OK)).GetProperty("checklist").GetProperty("complete").GetBoolean());

        await (await Officer.PutJson($"/api/v1/checklists/editions/{key}/items/tabletop", new { ja = "机上訓練を年1回行った。", en = "A tabletop drill is held yearly.", reason = "PDF の文言に合わせた" })).Json(HttpStatusCode.OK);
        await (await Officer.PutJson($"/api/v1/checklists/editions/{key}/items/security-officer", new { number = "1-②", reason = "番号だけ" })).Json(HttpStatusCode.OK);

        var after = await (await Officer.GetAsync(path)).Json(HttpStatusCode.OK);
        var tabletop = Item(after, "tabletop");
        Assert.Equal(("机上訓練を年1回行った。", "yes", "確認済み", true), (tabletop.GetProperty("ja").GetString(), tabletop.GetProperty("answer").GetString(),
            tabletop.GetProperty("note").GetString(), tabletop.GetProperty("recheck").GetBoolean()));
        Assert.False(Item(after, "security-officer").GetProperty("recheck").GetBoolean());
        Assert.Equal((1, 2, false), (after.GetProperty("checklist").GetProperty("done").GetInt32(), after.GetProperty("checklist").GetProperty("needed").GetInt32(),
            after.GetProperty("checklist").GetProperty("complete").GetBoolean()));
        var listed = (await (await Officer.GetAsync($"/api/v1/checklists?year={ThisYear.StartYear}")).Json(HttpStatusCode.OK)).EnumerateArray()
            .Single(c => c.GetProperty("path").GetString() == form);
        Assert.Equal(1, listed.GetProperty("done").GetInt32());

        var session = await PageSession.SignedIn(factory, DemoHospital.Keys[Role.SecurityOfficer]);
        var page = await (await session.Get(form)).Content.ReadAsStringAsync();
        Assert.Contains("文言が直されたため、確認し直してください", page, StringComparison.Ordinal);

        var again = await (await Answer(Officer, path, "tabletop", "yes", Today)).Json(HttpStatusCode.OK);
        Assert.False(Item(again, "tabletop").GetProperty("recheck").GetBoolean());
        Assert.True(again.GetProperty("checklist").GetProperty("complete").GetBoolean());
    }
}

public sealed class SqliteChecklistApiTests(DemoFactory factory) : ChecklistApiTests(factory), IClassFixture<DemoFactory>;

public sealed class PostgresChecklistApiTests(PostgresDemoFactory factory) : ChecklistApiTests(factory), IClassFixture<PostgresDemoFactory>;
