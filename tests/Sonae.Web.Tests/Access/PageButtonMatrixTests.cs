using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Data.Incidents;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;
using Sonae.Web.Resources;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// Every page × every role (staff, the security officer, management, a vendor invited), on a hospital with two
/// cyber-attack incidents past 2-7 (one where management's first decision waits, with evidence kept, a report
/// drafted and an asset marked; one where the policy is decided and the ministry, police, evidence and privacy steps
/// are open, the vendor's among them), a person on the people page, a measure and an instruction to a contractor: each form and button the page shows that role
/// is asked of the server, and a role shown one whose command the server refuses for its role (403, sent to sign in,
/// or the "only these roles may" message) fails the test; so does a link it shows that role to a page or a download
/// refused to it. A page must not offer what its person may not do.
/// </summary>
/// <remarks>
/// Pages open to anyone (sign-in, invitation and setup links) are not walked: they offer no command of a role. A button
/// shown disabled counts as shown (its form is sent all the same): the person sees it, and a page should not show what
/// they may never press. Forms are submitted, as the browser would send them (required fields filled, a radio group's first choice
/// taken): a refusal records nothing, and the rules ask the role before anything that depends on the incident's
/// state, so a command accepted earlier never hides a role refused later. Each role walks a hospital of its own, so
/// what one role changes (a step completed, a vendor shut out) does not change what the next is shown.
/// The workspace's buttons are live (they send their command over the page's connection, not as a form): sending
/// them would mean driving a Blazor circuit, so each is checked instead against what that connection runs, the
/// incident rules (<see cref="IncidentRules.Decide"/>) on the incident as it stands, for that role; the page's own
/// policy (any signed-in person) is its only door. The sign-out form of the layout is left alone: everyone signed
/// in may, and it would end the walk.
/// </remarks>
public abstract class PageButtonMatrixTests(SonaeFactory factory)
{
    private const string Answer = "マトリクス試験";

    /// <summary>Report editors walked: one the officer issues, one management issues (a privacy report with its legal clock).</summary>
    private static readonly string[] Reports = ["damage-status", "privacy-preliminary"];

    private static readonly string RoleRequiredOpening =
        ProblemTexts.ResourceManager.GetString(nameof(ProblemTexts.RoleRequired), CultureInfo.GetCultureInfo("ja"))!.Split("{0}")[0];

    [Fact]
    public async Task EveryPage_EveryRole_ShowsOnlyFormsAndButtonsWhoseCommandTheServerAccepts()
    {
        var failures = new List<string>();
        var checkedControls = new Dictionary<Role, int>();
        foreach (var role in AccessRules.AllRoles)
        {
            var place = await Scenario(role);
            var session = await PageSession.SignedIn(factory, place.Hospital.Keys[role]);
            checkedControls[role] = 0;
            foreach (var (path, incident) in Pages(place, failures))
            {
                var response = await session.Get(path);
                if (response.StatusCode != HttpStatusCode.OK)
                    continue;
                checkedControls[role] += await Check(session, role, path, incident, await response.Content.ReadAsStringAsync(), failures);
            }
        }

        // The walk reached the pages and their controls: a role that leads the response is shown many.
        Assert.True(checkedControls[Role.SecurityOfficer] > 50 && checkedControls[Role.Management] > 50 && checkedControls[Role.Staff] > 5 && checkedControls[Role.Vendor] > 5,
            "Too few forms and buttons were found: " + string.Join(", ", checkedControls.Select(c => $"{c.Key.Id()} {c.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task APlantedInconsistency_StaffShownTheOfficersWorkspace_IsCaught()
    {
        // The plant: the workspace as it shows the security officer (skip, complete, answers for the officer's and
        // management's steps), checked as if the page had shown it to staff. The walk must catch it.
        var place = await Scenario(Role.Staff);
        var officer = await PageSession.SignedIn(factory, place.Hospital.Keys[Role.SecurityOfficer]);
        var staff = await PageSession.SignedIn(factory, place.Hospital.Keys[Role.Staff]);
        var incident = place.Incidents[0];
        var caught = new List<string>();
        var shown = 0;
        foreach (var step in incident.Steps)
        {
            var path = $"/incidents/{incident.Number}?step={step}";
            shown += await Check(staff, Role.Staff, path, incident.Id, await (await officer.Get(path)).Content.ReadAsStringAsync(), caught);
        }

        Assert.True(shown > 10, $"Only {shown} controls on the officer's workspace: the plant did not take.");
        // Caught on the officer's own steps (investigation, containment) and on management's decision, not only once.
        Assert.Contains(caught, c => c.StartsWith($"staff on /incidents/{incident.Number}?step=2-", StringComparison.Ordinal));
        Assert.True(caught.Count > 5, string.Join("\n", caught));
    }

    /// <summary>
    /// Asks the server about every form and button <paramref name="html"/> shows, as <paramref name="role"/>: adds to
    /// <paramref name="failures"/> each whose command is refused for the role; gives how many were checked.
    /// </summary>
    private async Task<int> Check(PageSession session, Role role, string path, Guid? incident, string html, List<string> failures)
    {
        var checkedControls = 0;
        foreach (var button in RenderedControls.LiveButtons(html).Where(b => !b.BrowserOnly))
        {
            checkedControls++;
            if (await LiveRefusal(incident, role, button) is { } why)
                failures.Add($"{role.Id()} on {path}: the button 「{button.Text}」 is shown, but {why}");
        }
        foreach (var link in RenderedControls.Links(html).Where(Followed).Where(l => session.Visited.Add(l)))
        {
            checkedControls++;
            if (await RoleRefusal(await session.Get(link)) is { } why)
                failures.Add($"{role.Id()} on {path}: the link to {link} is shown, but {why}");
        }
        foreach (var form in RenderedControls.Forms(html).Where(f => f.Action != "/signout"))
        {
            foreach (var pressed in form.Buttons)
            {
                checkedControls++;
                if (await Submit(session, path, form, pressed) is { } why)
                    failures.Add($"{role.Id()} on {path}: the form to {form.Action ?? path} (「{pressed.Text.Trim()}」) is shown, but {why}");
            }
        }
        return checkedControls;
    }

    /// <summary>
    /// The links this walk follows: Sonae's own addresses, once each per session, but the language and date-style
    /// switches (they only set a cookie) and PDFs (printed by Chromium, slow; their door is their page's).
    /// </summary>
    private static bool Followed(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
        && !href.StartsWith("/culture", StringComparison.Ordinal) && !href.StartsWith("/date-style", StringComparison.Ordinal)
        && !href.Contains(".pdf", StringComparison.Ordinal) && !href.Contains("format=pdf", StringComparison.Ordinal);

    /// <summary>
    /// The pages a signed-in person can open, with real values: each incident's pages (its workspace at every step, two
    /// report editors), every preparedness section; with the incident a page is of, if any.
    /// </summary>
    private IEnumerable<(string Path, Guid? Incident)> Pages(Place place, List<string> failures)
    {
        var patterns = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
                && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.RoutePattern.RawText!)
            .Distinct()
            // The workspace first, while the incident is as the scenario left it: the other pages' forms move it on.
            .OrderBy(p => p == "/incidents/{Number:int}" ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
        Assert.Contains("/incidents/{Number:int}", patterns);
        foreach (var pattern in patterns)
        {
            var paths = !pattern.Contains("{Number:int}", StringComparison.Ordinal) ? Expand(pattern).Select(p => (p, (Guid?)null))
                : place.Incidents.SelectMany(incident => pattern == "/incidents/{Number:int}"
                    ? incident.Steps.Select(step => ($"/incidents/{incident.Number}?step={step}", (Guid?)incident.Id))
                    : Expand(pattern.Replace("{Number:int}", incident.Number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).Select(p => (p, (Guid?)incident.Id)));
            foreach (var (path, incident) in paths)
            {
                if (path.Contains('{', StringComparison.Ordinal))
                    failures.Add($"{pattern}: a page this test does not know how to fill in; add its values here");
                else
                    yield return (path, incident);
            }
        }
    }

    private static IEnumerable<string> Expand(string path) =>
        path.Contains("{Section}", StringComparison.Ordinal) ? Enum.GetValues<PreparednessSection>().Select(s => path.Replace("{Section}", s.Id(), StringComparison.Ordinal))
        : path.Contains("{Report}", StringComparison.Ordinal) ? Reports.Select(r => path.Replace("{Report}", r, StringComparison.Ordinal))
        // An advisory of no hospital: its page says so and shows no form (the threat tests submit its forms).
        : path.Contains("{Advisory:guid}", StringComparison.Ordinal) ? [path.Replace("{Advisory:guid}", Guid.Empty.ToString(), StringComparison.Ordinal)]
        // This fiscal year's hospital form (its start form when the hospital has none yet), and the shipped edition.
        : path.Contains("{Year:int}/{Form}", StringComparison.Ordinal)
            ? [path.Replace("{Year:int}", Sonae.Core.Aftercare.Checklists.FiscalYear.Of(DateTimeOffset.UtcNow).StartYear.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{Form}", "hospital", StringComparison.Ordinal)]
        : path.Contains("{Key}", StringComparison.Ordinal) ? [path.Replace("{Key}", "2025-05", StringComparison.Ordinal)]
        : [path];

    /// <summary>Sends a form as the browser would when <paramref name="pressed"/> is pressed; says how the server refused it for the role, or null.</summary>
    private static async Task<string?> Submit(PageSession session, string page, RenderedForm form, SubmitButton pressed)
    {
        var target = form.Action ?? page;
        var fields = form.Filled(pressed, DateTimeOffset.UtcNow);
        HttpResponseMessage response;
        if (form.Method == "GET")
        {
            response = await session.Get(target + "?" + string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")));
        }
        else if (form.Multipart)
        {
            var content = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
                content.Add(new StringContent(value), name);
            foreach (var name in form.FileFields)
                content.Add(new ByteArrayContent("id,name\nmatrix,マトリクス\n"u8.ToArray()), name, "matrix.csv");
            response = await session.PostContent(target, content);
        }
        else
        {
            response = await session.PostContent(target, new FormUrlEncodedContent(fields));
        }
        return await RoleRefusal(response);
    }

    /// <summary>How an answer says "not for your role": 401 or 403, sent to sign in or away, or the role-required message (one-time or on the page).</summary>
    private static async Task<string?> RoleRefusal(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
            return $"the server failed ({status})";
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return $"the server refuses it ({status})";
        var location = response.Headers.Location?.OriginalString;
        if (status is >= 300 and < 400 && location is not null
            && (new Uri(new Uri("http://localhost"), location).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal) || location.Contains("ReturnUrl", StringComparison.OrdinalIgnoreCase)))
            return $"the server sends it away ({status} to {location})";
        if (Flash(response) is { } flash && flash.Contains(RoleRequiredOpening, StringComparison.Ordinal))
            return $"the server answers 「{flash}」";
        var body = await response.Content.ReadAsStringAsync();
        var at = body.IndexOf(RoleRequiredOpening, StringComparison.Ordinal);
        return at >= 0 ? $"the server answers 「{body[at..Math.Min(body.Length, at + 120)]}…」" : null;
    }

    private static string? Flash(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.FirstOrDefault(c => c.StartsWith("sonae-flash=", StringComparison.Ordinal)) is { } cookie
            ? Uri.UnescapeDataString(cookie["sonae-flash=".Length..cookie.IndexOf(';', StringComparison.Ordinal)])
            : null;

    /// <summary>What the rules answer the command a live button sends, for the role: why it is refused for the role, or null.</summary>
    private async Task<string?> LiveRefusal(Guid? incidentId, Role role, LiveButton button)
    {
        if (incidentId is null)
            return "it is a live button on a page of no incident, which this test cannot tell the command of";
        var (playbook, progress) = await factory.Database(async db =>
        {
            var incident = await db.Incidents.IgnoreQueryFilters().AsNoTracking().SingleAsync(i => i.Id == incidentId);
            return (await factory.Services.GetRequiredService<PlaybookCache>().Get(db, incident.PlaybookVersionId, CancellationToken.None), incident.ReadProgress());
        });
        StepId? step = button.Data("step") is { } id ? new StepId(id) : null;
        IncidentCommand? command = (button.Command, step) switch
        {
            ("action", { } s) => new CompleteAction(s, button.Data("action") ?? ""),
            ("complete", { } s) => new CompleteStep(s),
            ("skip", { } s) => new SkipStep(s, Answer),
            ("fact", _) when button.Data("fact") is { } fact && playbook.FindFact(new FactId(fact)) is { } definition =>
                new RecordFact(definition.Id, definition.Kind == FactKind.Choice ? definition.Values[0].Id : Answer),
            ("note", _) => new AddNote(Answer, step),
            ("asset", _) => new ChangeAssetStatus("PC-3W-01", AssetStatus.Isolated, null),
            _ => null,
        };
        if (command is null)
            return $"the test cannot tell its command (data-command=\"{button.Command}\"): name it on the button and here";
        var actor = new Actor("matrix-" + role.Id(), "マトリクス", new HashSet<Role> { role });
        return IncidentRules.Decide(playbook, progress, actor, command, DateTimeOffset.UtcNow).Refusal is RoleRequired refused
            ? $"the rules refuse {command.GetType().Name} to {role.Id()} (only {string.Join(", ", refused.Allowed.Select(r => r.Id()))})"
            : null;
    }

    private sealed record Place(Hospital Hospital, IReadOnlyList<PlacedIncident> Incidents);

    private sealed record PlacedIncident(Guid Id, int Number, IReadOnlyList<string> Steps);

    /// <summary>
    /// A hospital of its own for <paramref name="role"/>, with a person on the people page and two incidents, each a
    /// staff member's report of a ransom note confirmed a cyber-attack, 2-1 to 2-7 done, the vendor invited. In the
    /// first, 2-8 (management's first decision) waits; a log file is in the evidence locker, the damage-status report
    /// drafted, a terminal marked suspected. In the second the policy is decided (2-12): 2-13, 2-14 (the vendor's
    /// too), 2-18 and 4-3 are open.
    /// </summary>
    private async Task<Place> Scenario(Role role)
    {
        var hospital = await factory.AddHospital($"ボタン {role.Id()} {Guid.NewGuid():N}"[..20]);
        var waiting = await PastStep2_7(hospital);
        var incident = $"/api/v1/incidents/{waiting.Id}";
        await (await hospital.Officer.PostAsync($"{incident}/evidence?fileName=security.log&kind=log", new ByteArrayContent("ransom note seen"u8.ToArray()))).Json(HttpStatusCode.Created);
        await Ok(hospital.Officer.PutJson($"{incident}/reports/damage-status/draft", new { fields = new Dictionary<string, string> { ["where-and-care"] = "3階西病棟の端末で脅迫文" } }));
        await Ok(hospital.Officer.PostJson($"{incident}/assets", new { asset = "PC-3W-01", status = "suspected" }));

        var decided = await PastStep2_7(hospital);
        incident = $"/api/v1/incidents/{decided.Id}";
        await Ok(hospital.Management.PutJson($"{incident}/facts/response-team-formed", new { value = "yes" }));
        await Ok(hospital.Management.PostJson($"{incident}/steps/2-8/complete", null));
        await Ok(hospital.Vendor.PostJson($"{incident}/steps/2-10/complete", null));
        await Ok(hospital.Officer.PostJson($"{incident}/steps/2-11/complete", null));
        foreach (var (fact, value) in new[] { ("report-to-ministry", "yes"), ("personal-data-at-risk", "yes"), ("legal-action", "no"), ("preserve-evidence", "yes") })
            await Ok(hospital.Management.PutJson($"{incident}/facts/{fact}", new { value }));
        await Ok(hospital.Management.PostJson($"{incident}/steps/2-12/complete", null));

        await People.Ready(factory, hospital, "button" + Guid.NewGuid().ToString("N")[..6], "staff");
        // Measure 1 and instruction 1, walked with the incidents' numbers, so that their forms (correct, end, …) are asked too.
        await (await hospital.Officer.PostJson("/api/v1/measures", new { title = "マトリクスの対策", owner = "マトリクス", due = "2030-01-31" })).Json(HttpStatusCode.Created);
        await (await hospital.Officer.PostJson("/api/v1/contractor-instructions", new { vendor = "マトリクス保守", instruction = Answer, everyMonths = 6, measure = "1" })).Json(HttpStatusCode.Created);
        return new Place(hospital, [waiting, decided]);
    }

    /// <summary>A staff member's report of a ransom note, confirmed a cyber-attack, 2-1 to 2-7 done, the vendor invited.</summary>
    private static async Task<PlacedIncident> PastStep2_7(Hospital hospital)
    {
        var reported = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new
        {
            department = "3階西病棟",
            device = "PC-3W-01",
            signs = new[] { "ransom-note", "odd-files" },
            description = "画面に英語の脅迫文",
        })).Json(HttpStatusCode.Created);
        var id = reported.GetProperty("incident").GetProperty("incidentId").GetString()!;
        await Invitation.Accept(hospital, id);
        var incident = $"/api/v1/incidents/{id}";
        await Ok(hospital.Staff.PostJson($"{incident}/steps/1-2/actions/unplug/complete", null));
        foreach (var step in new[] { "1-2", "1-3" })
            await Ok(hospital.Staff.PostJson($"{incident}/steps/{step}/complete", null));
        await Ok(hospital.Officer.PutJson($"{incident}/facts/anomaly-confirmed", new { value = "yes" }));
        await Ok(hospital.Officer.PostJson($"{incident}/steps/1-4/complete", null));
        foreach (var (fact, value) in new[] { ("cause", "cyber-attack"), ("cyber-attack-signs", "yes"), ("data-leak-suspected", "unknown") })
            await Ok(hospital.Officer.PutJson($"{incident}/facts/{fact}", new { value }));
        foreach (var step in new[] { "2-1", "2-6", "2-7" })
            await Ok(hospital.Officer.PostJson($"{incident}/steps/{step}/complete", null));
        var state = await (await hospital.Officer.GetAsync(incident)).Json(HttpStatusCode.OK);
        return new PlacedIncident(Guid.Parse(id), reported.GetProperty("incident").GetProperty("number").GetInt32(),
            [.. state.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)]);
    }

    private static async Task Ok(Task<HttpResponseMessage> request) => await (await request).Json(HttpStatusCode.OK);
}

public sealed class SqlitePageButtonMatrixTests(SqliteFactory factory) : PageButtonMatrixTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresPageButtonMatrixTests(PostgresFactory factory) : PageButtonMatrixTests(factory), IClassFixture<PostgresFactory>;
