using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Data;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Hosting;

/// <summary>
/// U+0000 sent to every endpoint and page form that takes text: refused everywhere (PostgreSQL cannot store it and
/// answered 500; SQLite stored it), never a 500, and nothing is stored.
/// </summary>
public abstract class NulCharacterTests(SonaeFactory factory)
{
    private const string Nul = "a\u0000b";

    private async Task<(Hospital Hospital, string Incident, int Number)> Reported()
    {
        var hospital = await factory.AddHospital("NUL病院 " + Guid.NewGuid().ToString("N")[..6]);
        var created = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } })).Json(HttpStatusCode.Created);
        var incident = created.GetProperty("incident");
        return (hospital, incident.GetProperty("incidentId").GetString()!, incident.GetProperty("number").GetInt32());
    }

    /// <summary>What a refused request must not have changed, counted across organizations.</summary>
    private Task<string> Stored() => factory.Database(async db =>
        string.Join(",",
            await db.Organizations.CountAsync(),
            await db.IncidentEvents.IgnoreQueryFilters().CountAsync(),
            await db.PreparednessRevisions.IgnoreQueryFilters().CountAsync(),
            await db.IncidentInvitations.IgnoreQueryFilters().CountAsync(),
            await db.ApiKeys.IgnoreQueryFilters().CountAsync(),
            await db.Users.CountAsync(),
            await db.Organizations.CountAsync(o => o.EmergencyContactName != null || o.EmergencyContactPhone != null)));

    [Fact]
    public async Task Api_NulInAnyText_Is400_AndNothingIsStored()
    {
        var (hospital, incident, _) = await Reported();
        var before = await Stored();
        var csv = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes($"管理番号,機器名,種別\nPC-201,{Nul},端末\n")), "file", "assets.csv" } };
        var noted = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("管理番号,機器名,種別\nPC-201,受付端末,端末\n")), "file", "assets.csv" },
            { new StringContent(Nul), "note" },
        };
        var requests = new (string What, Task<HttpResponseMessage> Request)[]
        {
            ("open", hospital.Officer.PostJson("/api/v1/incidents", new { title = Nul })),
            ("report", hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = Nul, signs = new[] { "other" } })),
            ("note", hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = Nul })),
            ("invitation", hospital.Officer.PostJson($"/api/v1/incidents/{incident}/invitations", new { name = Nul })),
            ("reporting link", hospital.Officer.PostJson("/api/v1/reporting-links", new { label = Nul })),
            ("profile", hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, content = new { name = Nul, kind = "hospital", @operator = "local-government", documentDates = "western" } })),
            ("profile note", hospital.Officer.PutJson("/api/v1/preparedness/profile", new { baseVersion = 0, note = Nul, content = new { name = "病院", kind = "hospital", @operator = "local-government", documentDates = "western" } })),
            ("drill", hospital.Officer.PutJson("/api/v1/preparedness/drills", new { baseVersion = 0, content = new { drills = new[] { new { id = "d-1", title = "訓練", findings = Nul, participants = Array.Empty<string>() } } } })),
            ("ledger cell", hospital.Officer.PostAsync("/api/v1/preparedness/ledgers/assets.csv", csv)),
            ("ledger note", hospital.Officer.PostAsync("/api/v1/preparedness/ledgers/assets.csv", noted)),
            ("draft", hospital.Officer.PutJson($"/api/v1/incidents/{incident}/reports/police/draft", new { fields = new Dictionary<string, string> { ["overview"] = Nul } })),
            ("evidence", hospital.Officer.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=a.log&kind=log&description=a%00b", new ByteArrayContent([1, 2, 3]))),
        };
        foreach (var (what, request) in requests)
        {
            var response = await request;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{what}: {(int)response.StatusCode} {body}");
            Assert.True(body.Contains("使えない文字", StringComparison.Ordinal), $"{what}: {body}");
        }

        Assert.Equal(before, await Stored());
    }

    [Fact]
    public async Task PageForms_NulInAnyText_AreRefused_AndNothingIsStored()
    {
        var (hospital, incident, number) = await Reported();
        var secret = await Invitation.Make(hospital, incident);
        var management = await PageSession.SignedIn(factory, hospital.Keys[Role.Management]);
        var visitor = PageSession.Anonymous(factory);
        var before = await Stored();

        // Sent as multipart forms: ASP.NET Core's reader of url-encoded forms refuses U+0000 itself (400), its
        // multipart reader lets it through to Sonae, as a browser's form with a file field would send it.
        var settings = await management.PostFile("/settings", new() { ["_handler"] = "settings", ["Form.ContactName"] = Nul, ["Form.ContactPhone"] = "0120" }, "file", "", [], await management.Token("/settings"));
        var refusedWithAMessage = new List<(string What, HttpResponseMessage Response)>
        {
            ("reporting link", await management.PostFile("/settings/reporting-links", new() { ["kind"] = "make", ["label"] = Nul }, "file", "", [], await management.Token("/settings"))),
            ("person", await management.PostFile("/settings/people/add", new() { ["userName"] = "nul.person", ["displayName"] = Nul, ["roles"] = "staff" }, "file", "", [], await management.Token("/settings/people"))),
            ("invitation", await management.PostFile($"/incidents/{number}/invitations", new() { ["name"] = Nul }, "file", "", [], await management.Token($"/incidents/{number}/vendors"))),
            ("register", await visitor.PostFile($"/invite/{secret}/register",
                new() { ["userName"] = "nul.vendor", ["displayName"] = Nul, ["password"] = People.Password, ["confirm"] = People.Password }, "file", "", [], await visitor.Token($"/invite/{secret}"))),
            ("profile", await management.PostFile("/preparedness/profile/do", new()
            {
                ["kind"] = "profile", ["name"] = Nul, ["facility"] = "Hospital", ["operator"] = "LocalGovernment", ["dates"] = "Western", ["preliminaryDays"] = "3", ["base"] = "0",
            }, "file", "", [], await management.Token("/preparedness/profile"))),
            ("drill", await management.PostFile("/preparedness/drills/do", new() { ["kind"] = "add-drill", ["title"] = Nul }, "file", "", [], await management.Token("/preparedness/drills"))),
            ("import", await management.PostFile("/preparedness/inventory/do", new() { ["kind"] = "import", ["ledger"] = "assets", ["note"] = Nul }, "file", "assets.csv",
                Encoding.UTF8.GetBytes("管理番号,機器名,種別\nPC-201,受付端末,端末\n"), await management.Token("/preparedness/inventory"))),
            ("note", await management.PostFile($"/incidents/{number}/act", new() { ["Kind"] = "note", ["Text"] = Nul, ["ReturnUrl"] = $"/incidents/{number}" }, "file", "", [], await management.Token($"/incidents/{number}"))),
        };
        var urlEncoded = await management.Post("/settings/reporting-links", new() { ["kind"] = "make", ["label"] = Nul }, await management.Token("/settings"));
        var lookups = new List<(string What, HttpResponseMessage Response)>
        {
            ("sign-in", await visitor.Post("/signin/account", new() { ["userName"] = Nul, ["password"] = "x", ["returnUrl"] = "/" }, await visitor.Token("/signin"))),
            ("audit search", await management.Get("/audit?q=a%00b&who=a%00b")),
        };

        Assert.True(settings.StatusCode == HttpStatusCode.OK, $"settings: {(int)settings.StatusCode}");
        Assert.Contains("使えない文字", await settings.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var (what, response) in refusedWithAMessage)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {(int)response.StatusCode}");
            var (ok, text) = PageSession.Flash(response);
            Assert.False(ok, what);
            // A refused import lists its problems on the page; its message counts them.
            Assert.Contains(what == "import" ? "何も取り込んでいません" : "使えない文字", text, StringComparison.Ordinal);
        }
        Assert.All(lookups, l => Assert.True((int)l.Response.StatusCode < 500, $"{l.What}: {(int)l.Response.StatusCode}"));
        Assert.Equal(HttpStatusCode.BadRequest, urlEncoded.StatusCode);
        Assert.Equal(before, await Stored());
    }
}

public sealed class SqliteNulCharacterTests(SqliteFactory factory) : NulCharacterTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresNulCharacterTests(PostgresFactory factory) : NulCharacterTests(factory), IClassFixture<PostgresFactory>;
