using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sonae.Core.Access;
using Sonae.Web.Demo;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Threats;

/// <summary>The demo hospital (its catering vendor's FortiGate on a VPN line), with the feed schedule looking every second.</summary>
public sealed class ThreatSqliteFactory : SqliteFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(DemoHospital.ConfigKey, "true");
        builder.UseSetting("Sonae:Threats:CheckEverySeconds", "1");
        builder.UseSetting("Sonae:Threats:AllowedHosts", "127.0.0.1");
    }
}

public sealed class ThreatPostgresFactory : PostgresFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(DemoHospital.ConfigKey, "true");
        builder.UseSetting("Sonae:Threats:CheckEverySeconds", "1");
        builder.UseSetting("Sonae:Threats:AllowedHosts", "127.0.0.1");
    }
}

/// <summary>
/// CISA's KEV catalogue (a trimmed copy of the published file) imported into the demo hospital: the catering
/// vendor's VPN appliance is flagged first and on the readiness page; one fuzzy match confirmed and one dismissed,
/// and both remembered; importing again duplicates nothing; the scheduled fetch reads a loopback server.
/// The tests of a class share one demo hospital, so each test reads what it needs whatever ran before it.
/// </summary>
public abstract class ThreatTests(SonaeFactory factory)
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Threats", "Fixtures", name));

    private HttpClient Officer => factory.Client(DemoHospital.Keys[Role.SecurityOfficer]);

    private async Task<JsonElement> Import(string fixture, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var content = new ByteArrayContent(Fixture(fixture));
        content.Headers.ContentType = new MediaTypeHeaderValue(fixture.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/rdf+xml");
        return await (await Officer.PostAsync("/api/v1/threats/import", content)).Json(expected);
    }

    private async Task<List<JsonElement>> Matches() => [.. (await (await Officer.GetAsync("/api/v1/threats/matches")).Json(HttpStatusCode.OK)).EnumerateArray()];

    private static JsonElement Find(IEnumerable<JsonElement> matches, string advisory, string target) =>
        Assert.Single(matches, m => m.GetProperty("advisoryId").GetString() == advisory && m.GetProperty("targetId").GetString() == target);

    [Fact]
    public async Task KevImport_FlagsTheCateringVpnFirst_OnTheListAndInReadiness_AndAgainDuplicatesNothing()
    {
        var first = await Import("known_exploited_vulnerabilities.json");
        Assert.Equal(15, first.GetProperty("read").GetInt32());
        Assert.Empty(first.GetProperty("problems").EnumerateArray());

        var matches = await Matches();
        var top = matches[0];
        Assert.Equal(("line", "line-catering", "open", "CVE-2018-13379"),
            (top.GetProperty("targetKind").GetString(), top.GetProperty("targetId").GetString(), top.GetProperty("status").GetString(), top.GetProperty("advisoryId").GetString()));
        Assert.Equal("NW-011", top.GetProperty("device").GetString());
        Assert.Equal("2022-05-03", top.GetProperty("dueDate").GetString());
        Assert.True(top.GetProperty("knownRansomware").GetBoolean());
        // Cisco, Citrix, D-Link … match nothing in the demo hospital.
        Assert.DoesNotContain(matches, m => m.GetProperty("advisoryId").GetString() is "CVE-2018-0296" or "CVE-2019-19781" or "CVE-2020-29557");
        // "FortiOS and FortiProxy" names the FortiGate's FortiOS: a task, not a question.
        var both = Find(matches, "CVE-2024-21762", "line-catering");
        Assert.Equal(("exact", "open"), (both.GetProperty("kind").GetString(), both.GetProperty("status").GetString()));

        var readiness = await (await Officer.GetAsync("/api/v1/preparedness")).Json(HttpStatusCode.OK);
        var finding = readiness.GetProperty("findings")[0];
        Assert.Equal(("line-threatened", "line-catering"), (finding.GetProperty("kind").GetString(), finding.GetProperty("subject").GetString()));
        Assert.Contains("給食委託 VPN", finding.GetProperty("message").GetString(), StringComparison.Ordinal);

        var advisories = await factory.Database(db => db.ThreatAdvisories.IgnoreQueryFilters().CountAsync());
        var rows = await factory.Database(db => db.ThreatMatches.IgnoreQueryFilters().CountAsync());
        var again = await Import("known_exploited_vulnerabilities.json");
        Assert.Equal((0, 15, 0), (again.GetProperty("added").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("matches").GetInt32()));
        Assert.Equal(advisories, await factory.Database(db => db.ThreatAdvisories.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(rows, await factory.Database(db => db.ThreatMatches.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task AFuzzyMatchConfirmed_AndOneDismissed_AreRememberedForTheNextAdvisory()
    {
        await Import("known_exploited_vulnerabilities.json");
        var matches = await Matches();
        // Windows Server on the catering server of a (fictional) hardware maker: Microsoft's OS, the product only partly
        // ("Windows"): asked, not assumed — and not taken for another maker's product of the same name.
        var similar = Find(matches, "CVE-2017-0143", "SV-021");
        Assert.Equal(("similar-product", "pending", "Microsoft"), (similar.GetProperty("kind").GetString(), similar.GetProperty("status").GetString(), similar.GetProperty("maker").GetString()));
        // Another maker's "FortiOS 相当" appliance on the internet line (the demo's fictional look-alike): asked, not assumed.
        var lookAlike = Find(matches, "CVE-2018-13379", "line-internet");
        Assert.Equal(("other-maker", "pending"), (lookAlike.GetProperty("kind").GetString(), lookAlike.GetProperty("status").GetString()));

        var confirmed = await (await Officer.PostAsync($"/api/v1/threats/matches/{similar.GetProperty("id").GetGuid()}/confirm", null)).Json(HttpStatusCode.OK);
        Assert.Equal("open", confirmed.GetProperty("status").GetString());
        var dismissed = await (await Officer.PostAsync($"/api/v1/threats/matches/{lookAlike.GetProperty("id").GetGuid()}/dismiss", null)).Json(HttpStatusCode.OK);
        Assert.Equal("dismissed", dismissed.GetProperty("status").GetString());
        // The confirmed Windows pair settles the other Windows servers for this advisory; the next Windows advisory is
        // asked again (an OS has a new exploited flaw every month).
        matches = await Matches();
        Assert.Equal("open", Find(matches, "CVE-2017-0143", "SV-001").GetProperty("status").GetString());
        Assert.Equal("pending", Find(matches, "CVE-2021-34527", "SV-021").GetProperty("status").GetString());
        // The dismissed pair settles its twins now: the internet line's look-alike firewall, the other FortiOS advisory.
        Assert.DoesNotContain(matches, m => m.GetProperty("targetId").GetString() is "line-internet" or "NW-002");
        await (await Officer.PostAsync($"/api/v1/threats/matches/{lookAlike.GetProperty("id").GetGuid()}/dismiss", null)).Problem(HttpStatusCode.Conflict, "match-not-pending");

        // The ministry's alert about FortiOS, entered by hand in full-width letters: the catering line at once, the
        // look-alikes not asked about again.
        var added = await (await Officer.PostJson("/api/v1/threats/advisories", new
        {
            source = "mhlw", id = "MHLW-2099-01", title = "FortiOS の脆弱性に関する注意喚起", vendor = "Fortinet, Inc.", product = "ＦｏｒｔｉＯＳ", dueDate = "2099-01-31",
        })).Json(HttpStatusCode.Created);
        Assert.Equal(1, added.GetProperty("matches").GetInt32());
        Assert.Equal("open", Find(await Matches(), "MHLW-2099-01", "line-catering").GetProperty("status").GetString());
        // Several products named, one of them the FortiGate's: its task without asking.
        var again = await (await Officer.PostJson("/api/v1/threats/advisories", new
        {
            source = "nisc", id = "NISC-2099-01", title = "FortiOS and FortiProxy", vendor = "Fortinet, Inc.", product = "FortiOS and FortiProxy",
        })).Json(HttpStatusCode.Created);
        Assert.Equal(1, again.GetProperty("matches").GetInt32());
        matches = await Matches();
        Assert.Equal("open", Find(matches, "NISC-2099-01", "line-catering").GetProperty("status").GetString());
        Assert.DoesNotContain(matches, m => m.GetProperty("advisoryId").GetString() is "NISC-2099-01" or "MHLW-2099-01" && m.GetProperty("targetId").GetString() != "line-catering");
    }

    [Fact]
    public async Task ATaskIsClosed_AndABadFileIsRefusedWithItsLines_InTheCallersLanguage()
    {
        await Import("known_exploited_vulnerabilities.json");
        var task = Find(await Matches(), "CVE-2020-12812", "line-catering");
        var closed = await (await Officer.PostJson($"/api/v1/threats/matches/{task.GetProperty("id").GetGuid()}/close", new { note = "ファームウェアを 6.0.18 に更新" })).Json(HttpStatusCode.OK);
        Assert.Equal(("closed", "ファームウェアを 6.0.18 に更新"), (closed.GetProperty("status").GetString(), closed.GetProperty("note").GetString()));
        await Import("known_exploited_vulnerabilities.json");
        Assert.DoesNotContain(await Matches(), m => m.GetProperty("id").GetGuid() == task.GetProperty("id").GetGuid());

        using var english = factory.Client(DemoHospital.Keys[Role.SecurityOfficer], "en");
        var refused = await (await english.PostRaw("/api/v1/threats/import", "{\n  \"vulnerabilities\": [\n    { \"cveID\": \"CVE-2018-13379\" }\n  ]\n}")).Problem(HttpStatusCode.UnprocessableEntity, "advisory-file-refused");
        var problems = refused.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("line").GetInt32(), p.GetProperty("message").GetString())).ToList();
        Assert.Equal((3, "Line 3 (CVE-2018-13379): \"vendorProject\" is missing."), problems[0]);
        await (await Officer.GetAsync($"/api/v1/threats/advisories/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound, "not-found");

        // A feed's link is shown as a link: only a web address is kept.
        var rss = """
            <rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sec="http://jvn.jp/rss/mod_sec/3.0/">
              <item rdf:about="x"><title>t</title><link>javascript:alert(1)</link><sec:identifier>JVNDB-2099-000099</sec:identifier></item>
            </rdf:RDF>
            """;
        await (await Officer.PostRaw("/api/v1/threats/import", rss, "application/rdf+xml")).Json(HttpStatusCode.OK);
        var advisories = await (await Officer.GetAsync("/api/v1/threats/advisories")).Json(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, advisories.EnumerateArray().Single(a => a.GetProperty("externalId").GetString() == "JVNDB-2099-000099").GetProperty("link").ValueKind);
        var badField = await (await Officer.PostJson("/api/v1/threats/advisories", new { source = "mhlw", id = "X", title = "t", vendor = "v", product = "p", dueDate = "31/01/2099" }))
            .Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("31/01/2099", badField.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScheduledFetch_ReadsTheConfiguredFeeds_FromALoopbackServer_AndShowsItsLastResult()
    {
        await using var server = await FeedServer.Start(Fixture("known_exploited_vulnerabilities.json"), Fixture("jvnrss.rdf"));
        var off = await (await Officer.GetAsync("/api/v1/threats/feed")).Json(HttpStatusCode.OK);
        Assert.False(off.GetProperty("enabled").GetBoolean());
        await (await Officer.PutJson("/api/v1/threats/feed", new { enabled = true })).Problem(HttpStatusCode.BadRequest, "invalid-field");

        await (await Officer.PutJson("/api/v1/threats/feed", new { kevUrl = $"{server.Address}kev.json", jvnUrl = $"{server.Address}jvn.rdf", enabled = true })).Json(HttpStatusCode.OK);

        var feed = await Until(async () => await (await Officer.GetAsync("/api/v1/threats/feed")).Json(HttpStatusCode.OK), f => f.GetProperty("lastFetchAt").ValueKind != JsonValueKind.Null);
        Assert.True(feed.GetProperty("lastOk").GetBoolean());
        Assert.Contains("CISA KEV: 15 件を読み", feed.GetProperty("lastResult").GetString(), StringComparison.Ordinal);
        Assert.Contains(["/kev.json", "/jvn.rdf"], path => server.Requests.Contains(path));
        var advisories = await (await Officer.GetAsync("/api/v1/threats/advisories")).Json(HttpStatusCode.OK);
        Assert.Contains(advisories.EnumerateArray(), a => a.GetProperty("externalId").GetString() == "JVNDB-2099-000001" && a.GetProperty("source").GetString() == "jvn");
        // JVN's FortiOS entry is about CVE-2018-13379, which KEV's task on the catering line is already about: one flaw,
        // one task. (Matching it by its CPE vendor "fortinet" is Core's test.)
        var fetched = await Matches();
        Assert.Single(fetched, m => m.GetProperty("advisoryId").GetString() == "CVE-2018-13379" && m.GetProperty("targetId").GetString() == "line-catering");
        Assert.DoesNotContain(fetched, m => m.GetProperty("advisoryId").GetString() == "JVNDB-2099-000001" && m.GetProperty("targetId").GetString() == "line-catering");

        // A feed that answers an error is said so, and the schedule stays on to try again.
        await (await Officer.PutJson("/api/v1/threats/feed", new { kevUrl = $"{server.Address}missing.json", enabled = false })).Json(HttpStatusCode.OK);
        var failed = await (await Officer.PostAsync("/api/v1/threats/feed/fetch", null)).Json(HttpStatusCode.OK);
        Assert.False(failed.GetProperty("lastOk").GetBoolean());
        Assert.Contains("HTTP 404", failed.GetProperty("lastResult").GetString(), StringComparison.Ordinal);

        // Only the hosts the operator allows: "localhost" is the same server by another name, and not on the list.
        var elsewhere = $"http://localhost:{server.Address.Port}/secret";
        var refused = await (await Officer.PutJson("/api/v1/threats/feed", new { kevUrl = elsewhere })).Problem(HttpStatusCode.BadRequest, "invalid-field");
        Assert.Contains("Sonae:Threats:AllowedHosts", refused.Detail(), StringComparison.Ordinal);
        // A redirect to such a host is not followed, and what is kept says so without the server's inner details.
        await (await Officer.PutJson("/api/v1/threats/feed", new { kevUrl = $"{server.Address}moved?to={Uri.EscapeDataString(elsewhere)}" })).Json(HttpStatusCode.OK);
        var redirected = await (await Officer.PostAsync("/api/v1/threats/feed/fetch", null)).Json(HttpStatusCode.OK);
        Assert.False(redirected.GetProperty("lastOk").GetBoolean());
        Assert.Contains("Sonae:Threats:AllowedHosts", redirected.GetProperty("lastResult").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/secret", server.Requests);
        // A server that does not answer: "could not connect", not the socket's message.
        await (await Officer.PutJson("/api/v1/threats/feed", new { kevUrl = "http://127.0.0.1:9/kev.json" })).Json(HttpStatusCode.OK);
        var unreachable = (await (await Officer.PostAsync("/api/v1/threats/feed/fetch", null)).Json(HttpStatusCode.OK)).GetProperty("lastResult").GetString()!;
        Assert.Contains("接続できませんでした", unreachable, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", unreachable, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsANotice_GoesToTheLinesOwnParty_AndNotToAnotherVendorsAccount()
    {
        await Import("known_exploited_vulnerabilities.json");
        // The catering party's record gives it@minato-kyushoku.example; another vendor's engineer has an account too.
        var catering = await VendorAccount("threat.catering", "IT@minato-kyushoku.example");
        var other = await VendorAccount("threat.other", "se@other-vendor.example");
        var task = Find(await Matches(), "CVE-2018-13379", "line-catering").GetProperty("id").GetGuid();

        var officer = await PageSession.SignedIn(factory, DemoHospital.Keys[Role.SecurityOfficer]);
        var list = await (await officer.Get("/threats")).Content.ReadAsStringAsync();
        var item = list[list.IndexOf($"id=\"match-{task:N}\"", StringComparison.Ordinal)..];
        var link = RenderedControls.Links(item).First(l => l.StartsWith("/notices/new?", StringComparison.Ordinal));
        Assert.DoesNotContain("roles=vendor", link, StringComparison.Ordinal);

        var compose = await (await officer.Get(link)).Content.ReadAsStringAsync();
        var form = RenderedControls.Forms(compose).Single(f => f.Action == "/notices/new/do");
        var fields = form.Filled(form.Buttons[0], DateTimeOffset.UtcNow);
        Assert.Contains(fields, f => f.Key == "people" && f.Value == "account:" + catering.ToString("N"));
        Assert.Contains(fields, f => f.Key == "roles" && f.Value == Role.SecurityOfficer.Id());
        Assert.DoesNotContain(fields, f => f.Key == "roles" && f.Value == Role.Vendor.Id());
        using var posted = new FormUrlEncodedContent(fields); // the form's own antiforgery token among them
        var sent = await officer.PostContent("/notices/new/do", posted);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var recipients = await factory.Database(async db =>
        {
            var notice = await db.Notices.IgnoreQueryFilters().Where(n => n.Title.Contains("CVE-2018-13379")).OrderByDescending(n => n.SentAt).FirstAsync();
            return await db.NoticeRecipients.IgnoreQueryFilters().Where(r => r.NoticeId == notice.Id).Select(r => r.AccountId).ToListAsync();
        });
        Assert.Contains(catering, recipients);
        Assert.DoesNotContain(other, recipients);
        var demoVendor = await factory.Database(db => db.Users.Where(u => u.UserName == "demo.vendor").Select(u => u.Id).SingleAsync());
        Assert.DoesNotContain(demoVendor, recipients);
    }

    [Fact]
    public async Task AnotherHospitalsAdvisoryAndMatches_AreNotFound_ByTheirIds_WithoutEchoingThem()
    {
        await Import("known_exploited_vulnerabilities.json");
        var matches = await Matches();
        var task = Find(matches, "CVE-2018-13379", "line-catering");
        var pending = matches.First(m => m.GetProperty("status").GetString() == "pending");
        var advisory = task.GetProperty("advisory").GetGuid();
        var other = await factory.AddHospital("別の病院(脅威情報)");

        var paths = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, $"/api/v1/threats/advisories/{advisory}"),
            (HttpMethod.Post, $"/api/v1/threats/matches/{pending.GetProperty("id").GetGuid()}/confirm"),
            (HttpMethod.Post, $"/api/v1/threats/matches/{pending.GetProperty("id").GetGuid()}/dismiss"),
            (HttpMethod.Post, $"/api/v1/threats/matches/{task.GetProperty("id").GetGuid()}/close"),
        };
        foreach (var (method, path) in paths)
        {
            using var request = new HttpRequestMessage(method, path);
            if (method == HttpMethod.Post)
                request.Content = JsonContent.Create(new { note = "x" });
            var problem = await (await other.Officer.SendAsync(request)).Problem(HttpStatusCode.NotFound, "not-found");
            // The text a person reads does not echo the id (the problem's "instance" is the address asked, as always).
            Assert.DoesNotContain(path.Split('/')[5], problem.Detail(), StringComparison.OrdinalIgnoreCase);
        }
        var page = await PageSession.SignedIn(factory, other.Keys[Role.SecurityOfficer]);
        var shown = await page.Get($"/threats/advisories/{advisory}");
        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
        Assert.DoesNotContain("CVE-2018-13379", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await (await other.Officer.GetAsync("/api/v1/threats/matches")).Json(HttpStatusCode.OK)).EnumerateArray());

        // Nothing of the demo hospital's moved.
        var after = await Matches();
        Assert.Equal(("open", "pending"), (Find(after, "CVE-2018-13379", "line-catering").GetProperty("status").GetString(),
            after.Single(m => m.GetProperty("id").GetGuid() == pending.GetProperty("id").GetGuid()).GetProperty("status").GetString()));
    }

    /// <summary>A vendor's account of the demo hospital with this e-mail address.</summary>
    private async Task<Guid> VendorAccount(string userName, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Sonae.Data.SonaeDbContext>();
        var demoVendor = await db.Users.Where(u => u.UserName == "demo.vendor").Select(u => u.Id).SingleAsync();
        var organization = await db.Memberships.IgnoreQueryFilters().Where(m => m.AccountId == demoVendor).Select(m => m.OrganizationId).SingleAsync();
        if (await db.Users.Where(u => u.UserName == userName).Select(u => (Guid?)u.Id).SingleOrDefaultAsync() is { } existing)
            return existing;
        scope.ServiceProvider.GetRequiredService<Sonae.Data.OrganizationScope>().Enter(organization);
        var account = new Sonae.Data.Access.Account { Id = Guid.CreateVersion7(), UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), Email = email, DisplayName = userName, CreatedAt = DateTimeOffset.UtcNow, SecurityStamp = Guid.NewGuid().ToString() };
        db.Users.Add(account);
        db.Memberships.Add(new Sonae.Data.Access.Membership { AccountId = account.Id, OrganizationId = organization, Roles = Role.Vendor.Id(), AddedAt = DateTimeOffset.UtcNow, AddedBy = "test" });
        await db.SaveChangesAsync();
        return account.Id;
    }

    private static async Task<JsonElement> Until(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(200);
        }
    }

    /// <summary>CISA's and JVN's files served on loopback, in the test process (Kestrel): the tests never reach the internet.</summary>
    private sealed class FeedServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FeedServer(WebApplication app) => _app = app;

        public System.Collections.Concurrent.ConcurrentBag<string> Requests { get; } = [];

        public Uri Address { get; private set; } = null!;

        public static async Task<FeedServer> Start(byte[] kev, byte[] jvn)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new FeedServer(app);
            app.Use(async (context, next) =>
            {
                server.Requests.Add(context.Request.Path);
                await next(context);
            });
            app.MapGet("/kev.json", () => Results.Bytes(kev, "application/json"));
            app.MapGet("/jvn.rdf", () => Results.Bytes(jvn, "application/rdf+xml"));
            app.MapGet("/moved", (string to) => Results.Redirect(to));
            app.MapGet("/secret", () => Results.Text("inside"));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Address = new Uri(address.TrimEnd('/') + "/");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

public sealed class SqliteThreatTests(ThreatSqliteFactory factory) : ThreatTests(factory), IClassFixture<ThreatSqliteFactory>;

public sealed class PostgresThreatTests(ThreatPostgresFactory factory) : ThreatTests(factory), IClassFixture<ThreatPostgresFactory>;
