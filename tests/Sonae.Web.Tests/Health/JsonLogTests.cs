using System.Net;
using System.Text.Json;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Health;

/// <summary>
/// A real server with <c>Sonae:Logging:Json=true</c>: every line is a JSON object; what it logs while handling an
/// incident's command or page carries the incident's number (its id, when the API was called with the id); nothing
/// it logs names the reporter or repeats what was typed.
/// </summary>
public sealed class JsonLogTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    private const string Reporter = "山田花子";

    [Fact]
    public async Task JsonLogs_OfAnIncidentsCommand_CarryItsNumber_AndNoPersonalData()
    {
        var hospital = await factory.AddHospital("ログ病院 " + Guid.NewGuid().ToString("N")[..6]);
        await using var server = await ServerProcess.Start(factory,
            ["--Sonae:Logging:Json=true", "--Logging:LogLevel:Microsoft.AspNetCore.Routing=Information", "--Logging:LogLevel:Sonae=Debug"]);
        var staff = server.Client(hospital.Keys[Core.Access.Role.Staff]);
        var report = await (await staff.PostJson("/api/v1/anomaly-reports", new
        {
            department = "3階西病棟", signs = new[] { "ransom-note" }, description = "画面に脅迫文", reporterName = Reporter, reporterContact = "院内PHS 3021",
        })).Json(HttpStatusCode.Created);
        var number = report.GetProperty("incident").GetProperty("number").GetInt32();
        await (await staff.PostJson($"/api/v1/incidents/{number}/notes", new { text = $"{Reporter}さんから追加の連絡" })).Json(HttpStatusCode.OK);
        // A path that is a secret (a notice link's): what is logged while it is handled must not write it out.
        const string secretPath = "/ack/a-notice-link-secret-0123456789";
        await server.Client(null).GetAsync(secretPath);

        var output = await server.Stop();

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();
        Assert.NotEmpty(lines);
        var logs = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(logs, log => log.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(s =>
            s.ValueKind == JsonValueKind.Object && s.TryGetProperty("IncidentNumber", out var n) && n.GetInt32() == number));
        Assert.DoesNotContain(Reporter, output, StringComparison.Ordinal);
        Assert.DoesNotContain("a-notice-link-secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonEncodedText.Encode(Reporter).ToString(), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLogs_OfACommandByIncidentId_CarryTheId_AndOfAnIncidentsPage_ItsNumber()
    {
        var hospital = await factory.AddHospital("ログ病院 " + Guid.NewGuid().ToString("N")[..6]);
        await using var server = await ServerProcess.Start(factory,
            // Sonae keeps Microsoft.AspNetCore at Warning in code: only a narrower category lets these lines through.
            ["--Sonae:Logging:Json=true", "--Logging:LogLevel:Microsoft.AspNetCore.Routing=Information",
                "--Logging:LogLevel:Microsoft.AspNetCore.Authorization=Information", "--Logging:LogLevel:Sonae=Debug"]);
        var officer = server.Client(hospital.Keys[Core.Access.Role.SecurityOfficer]);
        var id = (await (await officer.PostJson("/api/v1/incidents", new { title = "ログの事案" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString()!;
        await (await officer.PostJson($"/api/v1/incidents/{id}/notes", new { text = "id で書いたメモ" })).Json(HttpStatusCode.OK);
        // A page of an incident, asked without signing in: what is logged before the sign-in page is offered carries the number.
        const int pageNumber = 987_654;
        await server.Client(null).GetAsync($"/incidents/{pageNumber}/summary");

        var output = await server.Stop();

        var logs = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(logs, log => InScope(log, "IncidentId", v => v.ValueKind == JsonValueKind.String && Guid.Parse(v.GetString()!) == Guid.Parse(id)));
        Assert.Contains(logs, log => InScope(log, "IncidentNumber", v => v.ValueKind == JsonValueKind.Number && v.GetInt32() == pageNumber));
    }

    private static bool InScope(JsonElement log, string key, Func<JsonElement, bool> value) =>
        log.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(s =>
            s.ValueKind == JsonValueKind.Object && s.TryGetProperty(key, out var v) && value(v));
}
