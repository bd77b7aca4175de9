using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Audit;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Cli;

/// <summary>
/// What a checkpoint kept outside the database shows and plain <c>sonae verify</c> cannot: someone with the database in
/// hand rewrites the end of a record and its head, cuts a record's end and edits the incident to match, erases the last
/// incident whole, or cuts the audit log — each time putting the append-only triggers back. Plain verify finds none
/// of it; <c>verify --checkpoint</c> finds each. Dropped triggers and an incident erased from the middle are found
/// by plain verify. A checkpoint file changed by one byte no longer holds its signature.
/// </summary>
public abstract class CheckpointCommandTests(SonaeFactory factory)
{
    [Fact]
    public async Task Rewrites_PassPlainVerify_ButNotTheCheckpoint()
    {
        var (hospital, incidents) = await Records(3);
        var folder = Directory.CreateTempSubdirectory("sonae-checkpoints-").FullName;
        try
        {
            var made = await CommandLine.Sonae(factory, "checkpoint", "--out", folder);
            Assert.True(made.Exit == 0, made.Out + made.Error);
            var file = Directory.GetFiles(folder).Single();
            // The records go on after the checkpoint: it still holds.
            await (await hospital.Officer.PostJson($"/api/v1/incidents/{incidents[0].Id}/notes", new { text = "後から" })).Json(HttpStatusCode.OK);
            await Verify(plain: 0, withCheckpoint: 0, file, "チェックポイントどおりです");

            // The end of another incident's record rewritten (the event the checkpoint ends at), its head moved to match.
            await WithoutTriggers(() => RewriteLastEvent(incidents[1].Id));
            await Verify(plain: 0, withCheckpoint: 1, file, $"インシデント {incidents[1].Number} のイベント 5 が、チェックポイントの時と違います");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ACutRecord_AnErasedLastIncident_AndACutAuditLog_PassPlainVerify_ButNotTheCheckpoint()
    {
        var (_, incidents) = await Records(3);
        var file = await CheckpointFile();

        await WithoutTriggers(() => CutEnd(incidents[1].Id, keep: 2));
        await Verify(plain: 0, withCheckpoint: 1, file, $"インシデント {incidents[1].Number} の記録が、チェックポイントのイベント");

        await WithoutTriggers(() => Erase(incidents[2].Id));
        await Verify(plain: 0, withCheckpoint: 1, file, $"インシデント {incidents[2].Number} がありません");

        await WithoutTriggers(() => factory.Database(db => db.AuditEntries.Where(e => e.OrganizationId == incidents[0].Organization)
            .OrderByDescending(e => e.Seq).Take(3).ExecuteDeleteAsync()));
        await Verify(plain: 0, withCheckpoint: 1, file, "監査ログが、チェックポイントの");
        File.Delete(file);
    }

    [Fact]
    public async Task DroppedTriggers_AndAnIncidentErasedFromTheMiddle_AreFoundByPlainVerify()
    {
        var (_, incidents) = await Records(3);
        await AppendOnlyTriggers.Drop(factory, "IncidentEvents", "AuditEntries");
        var dropped = await CommandLine.Sonae(factory, "verify");
        Assert.Equal(1, dropped.Exit);
        Assert.Contains("追記専用トリガー IncidentEvents_", dropped.Out, StringComparison.Ordinal);
        Assert.Contains("追記専用トリガー AuditEntries_", dropped.Out, StringComparison.Ordinal);

        await Erase(incidents[0].Id);
        await AppendOnlyTriggers.Create(factory, "IncidentEvents", "AuditEntries");
        var erased = await CommandLine.Sonae(factory, "verify");
        Assert.Equal(1, erased.Exit);
        Assert.Contains($"インシデント番号 {incidents[0].Number} がありません", erased.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("追記専用トリガー", erased.Out, StringComparison.Ordinal);

        // A trigger kept under its name but made to do nothing counts as missing too.
        await Sql(provider => provider == StorageProvider.Sqlite
            ? "DROP TRIGGER IncidentEvents_no_update; CREATE TRIGGER IncidentEvents_no_update BEFORE UPDATE ON IncidentEvents BEGIN SELECT 1; END;"
            : "ALTER TABLE \"IncidentEvents\" ENABLE REPLICA TRIGGER \"IncidentEvents_append_only\";");
        var emptied = await CommandLine.Sonae(factory, "verify");
        Assert.Equal(1, emptied.Exit);
        Assert.Contains("追記専用トリガー IncidentEvents_", emptied.Out, StringComparison.Ordinal);
        if (factory.Provider == StorageProvider.Postgres)
        {
            await Sql(_ => "ALTER TABLE \"IncidentEvents\" ENABLE TRIGGER \"IncidentEvents_append_only\"; CREATE OR REPLACE FUNCTION sonae_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;");
            var replaced = await CommandLine.Sonae(factory, "verify");
            Assert.Equal(1, replaced.Exit);
            Assert.Contains("追記専用トリガー AuditEntries_", replaced.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ACheckpointSignedAgainWithAnotherKey_DoesNotHold_UnlessItIsTheKeyOnPaper()
    {
        await Records(1);
        var file = await CheckpointFile();
        var original = Sonae.Core.Checkpoints.SignedCheckpoint.Parse(await File.ReadAllTextAsync(file));
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var resigned = Sonae.Core.Checkpoints.SignedCheckpoint.Sign(original.Checkpoint, other);
        var forged = file + ".forged.json";
        await File.WriteAllTextAsync(forged, resigned.Document() + "\n");

        var againstDatabase = await CommandLine.Sonae(factory, "verify", "--checkpoint", forged);
        Assert.Equal(1, againstDatabase.Exit);
        Assert.Contains("このデータベースの鍵で署名されていません", againstDatabase.Out, StringComparison.Ordinal);
        var againstPaper = await CommandLine.Sonae(factory, "verify", "--checkpoint", forged, "--key", original.KeyFingerprint());
        Assert.Equal(1, againstPaper.Exit);
        Assert.Contains("指定された指紋の鍵で署名されていません", againstPaper.Out, StringComparison.Ordinal);
        var grouped = string.Join(' ', original.KeyFingerprint().Chunk(8).Select(c => new string(c)));
        var genuine = await CommandLine.Sonae(factory, "verify", "--checkpoint", file, "--key", grouped);
        Assert.True(genuine.Exit == 0, genuine.Out + genuine.Error);
        File.Delete(file);
        File.Delete(forged);
    }

    [Fact]
    public async Task AChangedCheckpointFile_DoesNotHoldItsSignature()
    {
        await Records(1);
        var file = await CheckpointFile();
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace("\"lastSeq\":", "\"lastSeq\":1", StringComparison.Ordinal));

        var (exit, output, _) = await CommandLine.Sonae(factory, "verify", "--checkpoint", file);

        Assert.Equal(1, exit);
        Assert.Contains("署名が合いません", output, StringComparison.Ordinal);
        File.Delete(file);
    }

    private sealed record Made(Guid Id, int Number, Guid Organization);

    /// <summary>A hospital of its own with <paramref name="count"/> incidents of a few events each, on a fresh database of this class.</summary>
    private async Task<(Hospital Hospital, List<Made> Incidents)> Records(int count)
    {
        var hospital = await factory.AddHospital("改ざん検知 " + Guid.NewGuid().ToString("N")[..6]);
        var made = new List<Made>();
        for (var i = 0; i < count; i++)
        {
            var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = $"記録 {i}" })).Json(HttpStatusCode.Created);
            var id = opened.GetProperty("incidentId").GetString()!;
            for (var n = 0; n < 4; n++)
                await (await hospital.Officer.PostJson($"/api/v1/incidents/{id}/notes", new { text = $"メモ {i}-{n}" })).Json(HttpStatusCode.OK);
            made.Add(new Made(Guid.Parse(id), opened.GetProperty("number").GetInt32(), hospital.Id));
        }
        await factory.Services.GetRequiredService<AuditLog>().Flush();
        return (hospital, made);
    }

    /// <summary>A checkpoint made now with the console verb, as its file.</summary>
    private async Task<string> CheckpointFile()
    {
        var folder = Directory.CreateTempSubdirectory("sonae-checkpoints-").FullName;
        var made = await CommandLine.Sonae(factory, "checkpoint", "--out", folder);
        Assert.True(made.Exit == 0, made.Out + made.Error);
        var file = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.json");
        File.Move(Directory.GetFiles(folder).Single(), file);
        Directory.Delete(folder);
        return file;
    }

    private async Task Verify(int plain, int withCheckpoint, string file, string expected)
    {
        var (exit, output, error) = await CommandLine.Sonae(factory, "verify");
        Assert.True(exit == plain, $"plain verify: exit {exit}\n{output}{error}");
        (exit, output, error) = await CommandLine.Sonae(factory, "verify", "--checkpoint", file);
        Assert.True(exit == withCheckpoint, $"verify --checkpoint: exit {exit}\n{output}{error}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    /// <summary>Replaces the record's last event by another, well chained, and moves the incident's head to it.</summary>
    private Task<int> RewriteLastEvent(Guid incident) => factory.Database(async db =>
    {
        var last = await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == incident).OrderByDescending(e => e.Seq).FirstAsync();
        var body = JsonNode.Parse(last.Body)!;
        body["data"]!["text"] = "書き換えたメモ";
        var forged = CanonicalJson.Write(body);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(forged)));
        await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == incident && e.Seq == last.Seq)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Body, forged).SetProperty(e => e.Hash, hash));
        return await db.Incidents.IgnoreQueryFilters().Where(i => i.Id == incident).ExecuteUpdateAsync(set => set.SetProperty(i => i.HeadHash, hash));
    });

    /// <summary>Cuts the record after event <paramref name="keep"/> and makes the incident say it ends there, with the state those events add up to.</summary>
    private Task<int> CutEnd(Guid incident, int keep) => factory.Database(async db =>
    {
        await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == incident && e.Seq > keep).ExecuteDeleteAsync();
        var kept = await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == incident).OrderBy(e => e.Seq).ToListAsync();
        var progress = IncidentProgress.Empty.ApplyAll(kept.Select(e => EventChain.Parse(e.Body)));
        return await db.Incidents.IgnoreQueryFilters().Where(i => i.Id == incident).ExecuteUpdateAsync(set => set
            .SetProperty(i => i.LastSeq, (long)keep).SetProperty(i => i.HeadHash, kept[^1].Hash)
            .SetProperty(i => i.Progress, IncidentRecordWriter.WriteProgress(progress)));
    });

    /// <summary>Erases an incident whole: its events, its receipts, its row.</summary>
    private Task<int> Erase(Guid incident) => factory.Database(async db =>
    {
        await db.IncidentEvents.IgnoreQueryFilters().Where(e => e.IncidentId == incident).ExecuteDeleteAsync();
        await db.RequestReceipts.IgnoreQueryFilters().Where(r => r.IncidentId == incident).ExecuteDeleteAsync();
        return await db.Incidents.IgnoreQueryFilters().Where(i => i.Id == incident).ExecuteDeleteAsync();
    });

    /// <summary>What someone with the database in hand does around an edit: the triggers dropped, then put back.</summary>
    private async Task WithoutTriggers(Func<Task> edit)
    {
        await AppendOnlyTriggers.Drop(factory, "IncidentEvents", "AuditEntries");
        await edit();
        await AppendOnlyTriggers.Create(factory, "IncidentEvents", "AuditEntries");
    }

    private Task<int> Sql(Func<StorageProvider, string> sql) => factory.Database(db => db.Database.ExecuteSqlRawAsync(sql(factory.Provider)));
}

public sealed class SqliteCheckpointCommandTests : CheckpointCommandTests, IDisposable
{
    private readonly SqliteFactory _factory;

    public SqliteCheckpointCommandTests()
        : this(new SqliteFactory())
    {
    }

    private SqliteCheckpointCommandTests(SqliteFactory factory)
        : base(factory) => _factory = factory;

    public void Dispose() => _factory.Dispose();
}

public sealed class PostgresCheckpointCommandTests : CheckpointCommandTests, IDisposable
{
    private readonly PostgresFactory _factory;

    public PostgresCheckpointCommandTests()
        : this(new PostgresFactory())
    {
    }

    private PostgresCheckpointCommandTests(PostgresFactory factory)
        : base(factory) => _factory = factory;

    public void Dispose() => _factory.Dispose();
}
