using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sonae.Core.Access;
using Sonae.Core.Checkpoints;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Checkpoints;

/// <summary>
/// Checkpoints as the hospital's leaders meet them: made on demand through the API (and by the schedule), listed,
/// downloaded as the signed document, printed in the binder and on an incident's summary; refused to staff and
/// vendors; a number that does not exist is a clear 404.
/// </summary>
public abstract class CheckpointApiTests(SonaeFactory factory)
{
    [Fact]
    public async Task Leaders_MakeListAndDownload_ASignedCheckpointOfEveryRecord()
    {
        var hospital = await factory.AddHospital("チェックポイント " + Guid.NewGuid().ToString("N")[..6]);
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "アンカー" })).Json(HttpStatusCode.Created);
        var incident = Guid.Parse(opened.GetProperty("incidentId").GetString()!);
        var number = opened.GetProperty("number").GetInt32();

        var made = await (await hospital.Management.PostJson("/api/v1/checkpoints", null)).Json(HttpStatusCode.Created);
        var download = made.GetProperty("download").GetString()!;
        var listed = await (await hospital.Officer.GetAsync("/api/v1/checkpoints")).Json(HttpStatusCode.OK);
        var file = await hospital.Officer.GetAsync(download);

        Assert.Equal(made.GetProperty("number").GetInt64(), listed[0].GetProperty("number").GetInt64());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("attachment", file.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var document = SignedCheckpoint.Parse(Encoding.UTF8.GetString(await file.Content.ReadAsByteArrayAsync()));
        Assert.True(document.SignatureHolds());
        Assert.Equal(made.GetProperty("digest").GetString(), document.Digest());
        Assert.Equal(hospital.Id, document.Checkpoint.Organization);
        var anchored = Assert.Single(document.Checkpoint.Incidents);
        Assert.Equal((incident, number), (anchored.Id, anchored.Number));

        // On paper: the binder carries the digest and the key's fingerprint; the incident's summary its own line.
        var officer = await PageSession.SignedIn(factory, hospital.Keys[Role.SecurityOfficer]);
        var binder = await (await officer.Get("/binder")).Content.ReadAsStringAsync();
        Assert.Contains(Grouped(document.Digest()), binder, StringComparison.Ordinal);
        Assert.Contains(Grouped(document.KeyFingerprint()), binder, StringComparison.Ordinal);
        var summary = await (await officer.Get($"/incidents/{number}/summary")).Content.ReadAsStringAsync();
        Assert.Contains(anchored.HeadHash, summary, StringComparison.Ordinal);
        Assert.Contains(document.Digest(), summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffAndVendors_AreRefused_AndAnUnknownNumberIsNotFound()
    {
        var hospital = await factory.AddHospital("チェックポイント拒否 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Staff.PostJson("/api/v1/checkpoints", null)).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Vendor.GetAsync("/api/v1/checkpoints")).Problem(HttpStatusCode.Forbidden, "role-required");
        await (await hospital.Officer.GetAsync("/api/v1/checkpoints/987654")).Problem(HttpStatusCode.NotFound, "checkpoint-not-found");
        // Another hospital's checkpoint 1 is not this one's: numbers count per hospital, and its documents stay its own.
        var other = await factory.AddHospital("他院チェックポイント " + Guid.NewGuid().ToString("N")[..6]);
        await (await other.Management.PostJson("/api/v1/checkpoints", null)).Json(HttpStatusCode.Created);
        await (await hospital.Officer.GetAsync("/api/v1/checkpoints/1")).Problem(HttpStatusCode.NotFound, "checkpoint-not-found");
        await (await hospital.Officer.GetAsync("/api/v1/checkpoints/001")).Problem(HttpStatusCode.NotFound, "checkpoint-not-found");
        Assert.Equal(0, (await (await hospital.Officer.GetAsync("/api/v1/checkpoints")).Json(HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(0, await factory.Database(db => db.Checkpoints.IgnoreQueryFilters().CountAsync(c => c.OrganizationId == hospital.Id)));
    }

    private static string Grouped(string hex) => string.Join(' ', hex.Chunk(8).Select(c => new string(c)));
}

public sealed class SqliteCheckpointApiTests(SqliteFactory factory) : CheckpointApiTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresCheckpointApiTests(PostgresFactory factory) : CheckpointApiTests(factory), IClassFixture<PostgresFactory>;

/// <summary>The schedule: a checkpoint of each organization whose records moved, every hour (on a server whose clock the test moves).</summary>
public sealed class CheckpointScheduleTests(ClockedSqliteFactory factory) : IClassFixture<ClockedSqliteFactory>
{
    [Fact]
    public async Task EveryHour_ACheckpointThatIncludesWhatWasOpenedSince()
    {
        var hospital = await factory.AddHospital("定時 " + Guid.NewGuid().ToString("N")[..6]);
        var opened = await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "定時の確認" })).Json(HttpStatusCode.Created);
        var incident = Guid.Parse(opened.GetProperty("incidentId").GetString()!);

        factory.Fake.Advance(TimeSpan.FromMinutes(61));

        for (var waited = 0; waited < 20_000 && !await Includes(hospital.Id, incident); waited += 100)
            await Task.Delay(100);
        Assert.True(await Includes(hospital.Id, incident), "no checkpoint after an hour names the incident opened before it");
    }

    [Fact]
    public async Task OnlyIfMoved_KeepsTheLatest_UntilARecordMoves()
    {
        var hospital = await factory.AddHospital("変化なし " + Guid.NewGuid().ToString("N")[..6]);
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Data.OrganizationScope>().Enter(hospital.Id);
        var make = scope.ServiceProvider.GetRequiredService<Web.Checkpoints.MakeCheckpoint>();

        var first = await make.Run(onlyIfMoved: true, CancellationToken.None);
        var again = await make.Run(onlyIfMoved: true, CancellationToken.None);
        await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = "動いた" })).Json(HttpStatusCode.Created);
        var moved = await make.Run(onlyIfMoved: true, CancellationToken.None);

        Assert.False(again.New);
        Assert.Equal(first.Digest, again.Digest);
        Assert.True(moved.New);
        Assert.Equal(first.Checkpoint.Checkpoint.Number + 1, moved.Checkpoint.Checkpoint.Number);
        Assert.Single(moved.Checkpoint.Checkpoint.Incidents);
    }

    private Task<bool> Includes(Guid organization, Guid incident) => factory.Database(async db =>
        (await db.Checkpoints.IgnoreQueryFilters().Where(c => c.OrganizationId == organization).Select(c => c.Document).ToListAsync())
            .Any(d => SignedCheckpoint.Parse(d).Checkpoint.Incidents.Any(i => i.Id == incident)));
}
