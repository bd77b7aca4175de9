using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Cli;

/// <summary>
/// The <c>sonae</c> executable's verbs, run as a separate process against the same database as a running
/// server, as an operator would. Each test makes its own database, because verify looks at all of it.
/// </summary>
public abstract partial class CommandLineTests
{
    protected abstract SonaeFactory NewFactory();

    private static readonly object RansomNote = new { department = "3階西病棟", device = "PC-3W-01", signs = new[] { "ransom-note" } };

    private static Task<(int Exit, string Out, string Error)> Sonae(SonaeFactory factory, params string[] args) => CommandLine.Sonae(factory, args);

    protected static Task<(int Exit, string Out, string Error)> Run(string program, IEnumerable<string> args) => CommandLine.Run(program, args);

    private static async Task<(Hospital Hospital, string Incident, int Number)> Incident(SonaeFactory factory)
    {
        var hospital = await factory.AddHospital("CLI 病院");
        var body = await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", RansomNote)).Json(HttpStatusCode.Created);
        var incident = body.GetProperty("incident");
        for (var i = 0; i < 3; i++)
            await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident.GetProperty("incidentId").GetString()}/notes", new { text = $"メモ {i} 😀" })).Json(HttpStatusCode.OK);
        return (hospital, incident.GetProperty("incidentId").GetString()!, incident.GetProperty("number").GetInt32());
    }

    private static Task<int> Sql(SonaeFactory factory, string sql) => factory.Database(db => db.Database.ExecuteSqlRawAsync(sql));

    /// <summary>What someone with direct access to the database would have to do first.</summary>
    private static Task<int> DropAppendOnlyTriggers(SonaeFactory factory) => AppendOnlyTriggers.Drop(factory, "IncidentEvents");

    /// <summary>What they would do last, so that plain verify sees nothing amiss.</summary>
    private static Task<int> RestoreAppendOnlyTriggers(SonaeFactory factory) => AppendOnlyTriggers.Create(factory, "IncidentEvents");

    [Fact]
    public async Task Verify_UntouchedDatabase_ExitsZero()
    {
        using var factory = NewFactory();
        await Incident(factory);
        await Incident(factory);

        var (exit, output, error) = await Sonae(factory, "verify");

        Assert.True(exit == 0, output + error);
        Assert.Contains("2 件のインシデント、14 件のイベントを検証しました。記録はすべて改ざんされていません。", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EventChangedBySql_ExitsOneAndNamesIncidentAndEvent()
    {
        using var factory = NewFactory();
        var (_, incident, number) = await Incident(factory);
        await Incident(factory);
        await DropAppendOnlyTriggers(factory);

        await Sql(factory, "UPDATE \"IncidentEvents\" SET \"Body\" = replace(\"Body\", 'メモ 1', 'メモ 9') WHERE \"Seq\" = 6");

        var (exit, output, _) = await Sonae(factory, "verify", "--lang", "en");
        Assert.Equal(1, exit);
        Assert.Contains($"Incident #{number} (organization \"CLI 病院\", id {incident}): event 6's text was changed after it was recorded", output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 incident(s) have a broken record.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_StoredHashChanged_SaysItWasTheHashNotTheText()
    {
        using var factory = NewFactory();
        var (_, _, number) = await Incident(factory);
        await DropAppendOnlyTriggers(factory);

        await Sql(factory, $"UPDATE \"IncidentEvents\" SET \"Hash\" = '{new string('0', 64)}' WHERE \"Seq\" = 3");

        var (exit, output, _) = await Sonae(factory, "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"インシデント #{number}", output, StringComparison.Ordinal);
        Assert.Contains("イベント 3 に保存されたハッシュが書き換えられています", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TimesRunningBackwards_AreReported_ButTheRecordIsIntact()
    {
        using var factory = NewFactory();
        var hospital = await factory.AddHospital("時計のずれた病院");
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "二台のサーバー" })).Json(HttpStatusCode.Created);
        var incident = Guid.Parse(opened.GetProperty("incidentId").GetString()!);
        // The record as an older Sonae on two servers whose clocks differed wrote it: event 3 five minutes before event 2.
        await DropAppendOnlyTriggers(factory);
        await factory.Database(async db =>
        {
            var row = await db.Incidents.IgnoreQueryFilters().SingleAsync(i => i.Id == incident);
            var first = await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == incident).OrderBy(e => e.Seq).ToListAsync();
            var head = new IncidentHead(row.OrganizationId, incident, row.LastSeq, row.HeadHash);
            var officer = EventChain.Parse(first[0].Body).Actor;
            var at = first[^1].At.AddMinutes(10);
            var second = EventChain.Append(head, [(officer, (EventData)new NoteAdded("サーバー A", null))], at);
            var third = EventChain.Append(second.Head with { LastAt = null }, [(officer, (EventData)new NoteAdded("サーバー B", null))], at.AddMinutes(-5));
            var events = second.Recorded.Concat(third.Recorded).ToList();
            db.Scope.Enter(row.OrganizationId);
            foreach (var e in events)
                db.IncidentEvents.Add(new IncidentEventRow { IncidentId = incident, OrganizationId = row.OrganizationId, Seq = e.Seq, Type = e.Type.WireName(), At = e.At, Body = e.Body, Hash = e.Hash });
            await db.SaveChangesAsync();
            var progress = IncidentProgress.Empty.ApplyAll((await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == incident).OrderBy(e => e.Seq).ToListAsync()).Select(e => EventChain.Parse(e.Body)));
            return await db.Incidents.IgnoreQueryFilters().Where(i => i.Id == incident).ExecuteUpdateAsync(set => set
                .SetProperty(i => i.LastSeq, events[^1].Seq).SetProperty(i => i.HeadHash, events[^1].Hash).SetProperty(i => i.Progress, IncidentRecordWriter.WriteProgress(progress)));
        });
        await RestoreAppendOnlyTriggers(factory);

        var (exit, output, _) = await Sonae(factory, "verify");
        Assert.True(exit == 0, output);
        Assert.Contains("イベント 3 の時刻", output, StringComparison.Ordinal);
        Assert.Contains("前のイベント 2 の時刻", output, StringComparison.Ordinal);
        Assert.Contains("記録はすべて改ざんされていません", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// An issued report's text is only counted by the chain's check; verify then reads it for its kept file. One that
    /// cannot be read (rewritten, and the chain hashed again by someone with the database) is reported as unreadable,
    /// and the other incidents are still checked: it stopped the whole run with an exception before.
    /// </summary>
    [Fact]
    public async Task Verify_AnIssuedReportsTextThatCannotBeRead_IsReportedThere_AndTheRunGoesOn()
    {
        using var factory = NewFactory();
        var (_, incident, number) = await Incident(factory);
        await Incident(factory);
        var id = Guid.Parse(incident);
        await DropAppendOnlyTriggers(factory);
        var seq = await factory.Database(async db =>
        {
            var row = await db.Incidents.IgnoreQueryFilters().SingleAsync(i => i.Id == id);
            var recorded = await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == id).OrderBy(e => e.Seq).ToListAsync();
            var officer = EventChain.Parse(recorded[^1].Body).Actor;
            var appended = EventChain.Append(new IncidentHead(row.OrganizationId, id, row.LastSeq, row.HeadHash),
                [(officer, (EventData)new ReportIssued("damage-status", new string('0', 64), "院長", ContactChannel.InPerson, null))], recorded[^1].At.AddMinutes(1)).Recorded[0];
            var body = appended.Body.Replace("\"to\":\"院長\"", "\"to\":7", StringComparison.Ordinal);
            Assert.NotEqual(appended.Body, body);
            var hash = EventChain.Hash(body);
            db.Scope.Enter(row.OrganizationId);
            db.IncidentEvents.Add(new IncidentEventRow { IncidentId = id, OrganizationId = row.OrganizationId, Seq = appended.Seq, Type = appended.Type.WireName(), At = appended.At, Body = body, Hash = hash });
            await db.SaveChangesAsync();
            var progress = row.ReadProgress().Counted(IncidentEventType.ReportIssued, 1);
            await db.Incidents.IgnoreQueryFilters().Where(i => i.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(i => i.LastSeq, appended.Seq).SetProperty(i => i.HeadHash, hash).SetProperty(i => i.Progress, IncidentRecordWriter.WriteProgress(progress)));
            return appended.Seq;
        });
        await RestoreAppendOnlyTriggers(factory);

        var (exit, output, error) = await Sonae(factory, "verify", "--lang", "en");

        Assert.True(exit == 1, output + error);
        Assert.True(output.Contains($"Incident #{number} (organization \"CLI 病院\", id {incident}): the text of event {seq} cannot be read.", StringComparison.Ordinal), output);
        Assert.Contains("1 of 2 incident(s) have a broken record.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LastEventDeleted_ReportsTheRecordCutShort()
    {
        using var factory = NewFactory();
        var (_, incident, number) = await Incident(factory);
        await DropAppendOnlyTriggers(factory);
        var id = factory.Provider == StorageProvider.Sqlite ? incident.ToUpperInvariant() : incident;

        await Sql(factory, $"DELETE FROM \"IncidentEvents\" WHERE \"Seq\" = 7 AND \"IncidentId\" = '{id}'");

        var (exit, output, _) = await Sonae(factory, "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"インシデント #{number}", output, StringComparison.Ordinal);
        Assert.Contains("記録がイベント 7 の手前で終わっています", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_StateEditedBySql_IsFoundAlthoughTheChainIsIntact()
    {
        using var factory = NewFactory();
        var (_, _, number) = await Incident(factory);

        // Nothing protects the projection row with a trigger: an edit of what people see must still show.
        await Sql(factory, "UPDATE \"Incidents\" SET \"Progress\" = replace(\"Progress\", '\"value\":\"yes\"', '\"value\":\"no\"')");

        var (exit, output, _) = await Sonae(factory, "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"インシデント #{number}", output, StringComparison.Ordinal);
        Assert.Contains("現在の状態が、記録(イベント 7 まで)から導かれる状態と一致しません", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_IssuedReportFileReplaced_IsFoundByItsHash()
    {
        using var factory = NewFactory();
        var (hospital, incident, number) = await Incident(factory);
        var fields = new Dictionary<string, string> { ["found-at"] = "今朝", ["where-and-care"] = "3階西病棟", ["cause"] = "調査中" };
        var issued = await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/reports/damage-status/issue", new { fields, format = "text", to = "院長", via = "in-person" })).Json(HttpStatusCode.Created);
        Assert.Equal(0, (await Sonae(factory, "verify")).Exit);

        await Sql(factory, factory.Provider == StorageProvider.Sqlite
            ? "DROP TRIGGER IssuedDocuments_no_update"
            : "DROP TRIGGER \"IssuedDocuments_append_only\" ON \"IssuedDocuments\"");
        await Sql(factory, "UPDATE \"IssuedDocuments\" SET \"FileName\" = 'x.txt', \"Content\" = \"Content\" || \"Content\"");

        var (exit, output, _) = await Sonae(factory, "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"インシデント #{number}", output, StringComparison.Ordinal);
        Assert.Contains($"発行した報告書のファイル(イベント {issued.GetProperty("seq").GetInt64()})が、記録された SHA-256 と一致しない", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EvidenceFileChangedOnDisk_IsFound()
    {
        using var factory = NewFactory();
        var (hospital, incident, number) = await Incident(factory);
        var content = System.Text.Encoding.UTF8.GetBytes($"firewall log {Guid.NewGuid()}");
        var body = new ByteArrayContent(content);
        await Invitation.Accept(hospital, incident);
        (await (await hospital.Vendor.PostAsync($"/api/v1/incidents/{incident}/evidence?fileName=fw.log&kind=log", body)).Json(HttpStatusCode.Created)).GetProperty("appended");
        Assert.Equal(0, (await Sonae(factory, "verify")).Exit);

        var locker = factory.Services.GetRequiredService<Sonae.Web.Evidence.EvidenceLocker>();
        await File.AppendAllTextAsync(locker.PathOf(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))), "\nadded later");

        var (exit, output, _) = await Sonae(factory, "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"インシデント #{number}", output, StringComparison.Ordinal);
        Assert.Contains("証拠品(イベント 8)のファイルがないか、記録された SHA-256 と一致しません", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AuditEntryEditedBySql_IsFound()
    {
        using var factory = NewFactory();
        var (hospital, _, _) = await Incident(factory);
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        var (intact, before, _) = await Sonae(factory, "verify");
        Assert.True(intact == 0, before);
        Assert.Contains("件を検証しました。改ざんはありません。", before, StringComparison.Ordinal);

        await Sql(factory, factory.Provider == StorageProvider.Sqlite ? "DROP TRIGGER AuditEntries_no_update" : "DROP TRIGGER \"AuditEntries_append_only\" ON \"AuditEntries\"");
        var id = factory.Provider == StorageProvider.Sqlite ? hospital.Id.ToString().ToUpperInvariant() : hospital.Id.ToString();
        await Sql(factory, $"UPDATE \"AuditEntries\" SET \"Status\" = 599 WHERE \"OrganizationId\" = '{id}' AND \"Seq\" = 2");

        var (exit, output, _) = await Sonae(factory, "verify");
        Assert.Equal(1, exit);
        Assert.Contains("監査ログ(組織「CLI 病院」): エントリ 2 が記録後に変更されています。", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_TheDocumentedScriptVerifiesIt_AndCatchesAnEditedLine()
    {
        using var factory = NewFactory();
        var (hospital, incident, _) = await Incident(factory);
        var directory = Directory.CreateTempSubdirectory("sonae-export-").FullName;
        var file = Path.Combine(directory, "incident.jsonl");
        var script = Path.Combine(directory, "verify.py");
        await File.WriteAllTextAsync(script, DocumentedScript());

        var (exit, _, error) = await Sonae(factory, "export", "--incident", incident, "--out", file);
        Assert.True(exit == 0, error);
        var head = (await (await hospital.Officer.GetAsync($"/api/v1/incidents/{incident}")).Json(HttpStatusCode.OK)).GetProperty("headHash").GetString()!;
        Assert.Contains(head, error, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(7, lines.Length);
        var stored = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .Where(e => e.IncidentId == Guid.Parse(incident)).OrderBy(e => e.Seq).Select(e => e.Body).ToListAsync());
        Assert.Equal(stored, lines);

        var verified = await Run("python3", [script, file, head]);
        Assert.True(verified.Exit == 0, verified.Out + verified.Error);
        Assert.StartsWith($"OK: 7 events, head {head}", verified.Out, StringComparison.Ordinal);

        lines[5] = lines[5].Replace("メモ 1", "メモ 2", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);
        var broken = await Run("python3", [script, file, head]);
        Assert.Equal(1, broken.Exit);
        Assert.Contains("BROKEN: event 7: does not link to the event before it", broken.Out, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Export_WritesEachStoredTextByteForByte_OneLineEach_ToTheFileOrTheStandardOutput()
    {
        using var factory = NewFactory();
        var (hospital, incident, number) = await Incident(factory);
        // What the canonical text escapes and what it keeps as UTF-8, exported as stored.
        await (await hospital.Officer.PostJson($"/api/v1/incidents/{incident}/notes", new { text = "引用符 \" 逆斜線 \\ 改行\n タブ\t 絵文字 🏥 合字 ｶﾞ" })).Json(HttpStatusCode.OK);
        var file = Path.Combine(Directory.CreateTempSubdirectory("sonae-export-").FullName, "incident.jsonl");

        var (exit, _, error) = await Sonae(factory, "export", "--incident", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", file);
        var (printedExit, printed, _) = await Sonae(factory, "export", "--incident", incident);

        Assert.True(exit == 0, error);
        Assert.Equal(0, printedExit);
        var stored = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
            .Where(e => e.IncidentId == Guid.Parse(incident)).OrderBy(e => e.Seq).Select(e => e.Body).ToListAsync());
        Assert.Equal(8, stored.Count);
        // UTF-8 without a byte-order mark, each text followed by one line feed, nothing else.
        var expected = System.Text.Encoding.UTF8.GetBytes(string.Concat(stored.Select(body => body + "\n")));
        Assert.Equal(expected, await File.ReadAllBytesAsync(file));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), printed);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public async Task Export_UnknownIncident_ExitsOneWithAMessage()
    {
        using var factory = NewFactory();
        await factory.AddHospital("空の病院");
        var (exit, _, error) = await Sonae(factory, "export", "--incident", Guid.NewGuid().ToString());
        Assert.Equal(1, exit);
        Assert.Contains("見つかりません", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgAdd_PrintsAKeyPerRole_ThatTheServerAccepts()
    {
        using var factory = NewFactory();
        var (exit, output, error) = await Sonae(factory, "org", "add", "みなと第二病院");

        Assert.True(exit == 0, error);
        var keys = KeyLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(["management", "security-officer", "staff", "vendor"], keys.Keys.Order());
        await (await factory.Client(keys["security-officer"]).GetAsync("/api/v1/incidents")).Json(HttpStatusCode.OK);
    }

    /// <summary>The Python block of docs/record-format.md, exactly as printed there.</summary>
    private static string DocumentedScript()
    {
        var page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "record-format.md"));
        return PythonBlock().Match(page).Groups[1].Value;
    }

    [GeneratedRegex(@"^  (management|security-officer|staff|vendor)\s+(sonae_\S+)$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();

    [GeneratedRegex("```python\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
    [Fact]
    public async Task Binder_WritesThePdfWholeWithTheAddressGiven_AndAsksWhichOrganizationWhenThereAreSeveral()
    {
        using var factory = NewFactory();
        var hospital = await factory.AddHospital("バインダー病院");
        var people = new PeopleDirectory(
            [new("p-1", "山田 一郎", null, null, [Role.SecurityOfficer], null, [new(ChannelKind.Mobile, "090-0000-7777")])], [], "p-1", []);
        var content = System.Text.Json.JsonSerializer.SerializeToElement(people, RecordJson.Options);
        await (await hospital.Officer.PutJson("/api/v1/preparedness/people", new { baseVersion = 0, content })).Json(HttpStatusCode.OK);
        var directory = Directory.CreateTempSubdirectory("sonae-binder-");
        var file = Path.Combine(directory.FullName, "weekly", "binder.pdf");

        var (exit, output, error) = await Sonae(factory, "binder", "--out", file, "--url", "http://sonae.hospital.test:5000/");

        Assert.True(exit == 0, output + error);
        Assert.Contains("binder.pdf を書き出しました", output, StringComparison.Ordinal);
        Assert.Equal(["binder.pdf"], Directory.GetFiles(Path.GetDirectoryName(file)!).Select(Path.GetFileName));
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(file))
        {
            var text = string.Concat(pdf.GetPages().Select(p => p.Text));
            Assert.Contains("http://sonae.hospital.test:5000/report", text, StringComparison.Ordinal);
            Assert.Contains("090-0000-7777", text, StringComparison.Ordinal);
        }

        // Without --url or the setting: the documented default, said aloud, with why it will not do for phones.
        var noAddress = await Sonae(factory, "binder", "--out", file);
        Assert.True(noAddress.Exit == 0, noAddress.Out + noAddress.Error);
        Assert.Contains("http://localhost:5000", noAddress.Out, StringComparison.Ordinal);
        Assert.Contains("Sonae:Documents:PublicUrl", noAddress.Error, StringComparison.Ordinal);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(file))
            Assert.Contains("http://localhost:5000/report", string.Concat(pdf.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        var given = await Sonae(factory, "binder", "--out", file, "--url", "http://sonae.hospital.test:5000/");
        Assert.Contains("http://sonae.hospital.test:5000 (--url)", given.Out, StringComparison.Ordinal);

        await factory.AddHospital("二つ目の病院");
        var several = await Sonae(factory, "binder", "--out", file, "--url", "http://sonae.hospital.test:5000");
        Assert.Equal(2, several.Exit);
        Assert.Contains("組織が複数あります", several.Error, StringComparison.Ordinal);
        Assert.Contains(hospital.Id.ToString(), several.Error, StringComparison.Ordinal);

        var poster = await Sonae(factory, "binder", "--poster", "--organization", hospital.Id.ToString(), "--out", Path.Combine(directory.FullName, "poster.pdf"),
            "--Sonae:Documents:PublicUrl=http://sonae.hospital.test:5000");
        Assert.True(poster.Exit == 0, poster.Out + poster.Error);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(Path.Combine(directory.FullName, "poster.pdf")))
            Assert.Equal(1, pdf.NumberOfPages);

        // A poster with a reporting link for the place it hangs: its address reports without an account.
        var linked = await Sonae(factory, "binder", "--reporting-link", "外来 受付", "--organization", hospital.Id.ToString(), "--out", Path.Combine(directory.FullName, "poster-link.pdf"),
            "--url", "http://sonae.hospital.test:5000");
        Assert.True(linked.Exit == 0, linked.Out + linked.Error);
        var address = await Documents.PdfReading.QrCode(await File.ReadAllBytesAsync(Path.Combine(directory.FullName, "poster-link.pdf")));
        Assert.StartsWith("http://sonae.hospital.test:5000/r/sonae_", address, StringComparison.Ordinal);
        using var terminal = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var opened = await terminal.GetAsync(new Uri(address).PathAndQuery);
        Assert.Equal("/report", opened.Headers.Location?.OriginalString);
        var emptyPlace = await Sonae(factory, "binder", "--reporting-link", " ", "--organization", hospital.Id.ToString(), "--out", Path.Combine(directory.FullName, "x.pdf"));
        Assert.Equal(2, emptyPlace.Exit);
        directory.Delete(recursive: true);
    }
}

public sealed class SqliteCommandLineTests : CommandLineTests
{
    protected override SonaeFactory NewFactory() => new SqliteFactory();

    [Fact]
    public async Task Verify_DatabaseFileMissing_SaysSoInsteadOfCreatingOne()
    {
        var path = Path.Combine(Path.GetTempPath(), "sonae-none-" + Guid.NewGuid().ToString("N"), "sonae.db");

        var (exit, _, error) = await Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), "verify", $"--Sonae:Storage:SqlitePath={path}"]);

        Assert.Equal(2, exit);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task MistypedVerbOrOption_IsAnErrorNotAServer()
    {
        var sonae = Path.Combine(AppContext.BaseDirectory, "sonae.dll");

        var verb = await Run("dotnet", [sonae, "verfy"]);
        var option = await Run("dotnet", [sonae, "verify", "--bogus"]);

        Assert.Equal(1, verb.Exit);
        Assert.Contains("verfy", verb.Error, StringComparison.Ordinal);
        Assert.Equal(2, option.Exit);
        Assert.Contains("「--bogus」は使えないオプションです", option.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgAdd_EmptyName_IsRefusedWithoutAStackTrace()
    {
        using var factory = NewFactory();
        var (exit, output, error) = await Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), "org", "add", " ", .. factory.StorageArguments]);

        Assert.Equal(1, exit);
        Assert.Contains("名前", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaybookValidate_ReportsEachProblemAsFileLineColumn()
    {
        using var factory = NewFactory();
        var directory = Directory.CreateTempSubdirectory("sonae-playbook-").FullName;
        var builtIn = Path.Combine(AppContext.BaseDirectory, "Docs", "mhlw-incident-flowchart.yaml");
        var broken = Path.Combine(directory, "broken.yaml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(builtIn)).Replace("after: [2-16]", "after: [2-99]", StringComparison.Ordinal));

        var valid = await Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), "playbook", "validate", builtIn]);
        var invalid = await Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), "playbook", "validate", broken]);
        var missing = await Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sonae.dll"), "playbook", "validate", Path.Combine(directory, "none.yaml")]);

        Assert.True(valid.Exit == 0, valid.Out + valid.Error);
        Assert.Contains("問題はありません(プレイブック mhlw-incident-flowchart、ステップ 35 個", valid.Out, StringComparison.Ordinal);
        Assert.Equal(1, invalid.Exit);
        Assert.Matches(@"broken\.yaml:\d+:\d+: steps › 2-17 › after: ステップ 2-99 はこのプレイブックにありません。", invalid.Out);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("見つかりません", missing.Error, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

}

public sealed class PostgresCommandLineTests : CommandLineTests
{
    protected override SonaeFactory NewFactory() => new PostgresFactory();
}
