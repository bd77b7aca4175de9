using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sonae.Web.Tests.Access;

/// <summary>
/// Sonae killed (<c>kill -9</c>) in the middle of work, five times over, on each database: notes appended to four
/// incidents by several people at once, sign-ins, and a guesser's wrong keys. Whatever was answered is kept: every
/// event whose append was acknowledged, and the audit entry of every answered request. No event is kept without its
/// audit entry, answered or not (they share a transaction). The chains verify after each crash.
/// </summary>
public abstract class CrashTests(SonaeFactory factory, ITestOutputHelper output)
{
    private const int Rounds = 5;

    [Fact]
    public async Task KillNine_UnderAppendAndSignInLoad_LosesNothingAnswered()
    {
        var hospital = await factory.AddHospital("停電病院 " + Guid.NewGuid().ToString("N")[..6]);
        var incidents = new List<string>();
        for (var i = 0; i < 4; i++)
            incidents.Add((await (await hospital.Officer.PostJson("/api/v1/incidents", new { title = $"負荷 {i}" })).Json(HttpStatusCode.Created)).GetProperty("incidentId").GetString()!);

        for (var round = 1; round <= Rounds; round++)
        {
            var acknowledged = new ConcurrentBag<Answer>();
            await using (var server = await ServerProcess.Start(factory))
            {
                using var stop = new CancellationTokenSource();
                var load = new List<Task>();
                for (var worker = 0; worker < 6; worker++)
                    load.Add(Notes(server, hospital.Keys[Role.SecurityOfficer], incidents[worker % incidents.Count], $"r{round}w{worker}", acknowledged, stop.Token));
                for (var worker = 0; worker < 2; worker++)
                    load.Add(SignIns(server, hospital.Keys[Role.Staff], $"r{round}s{worker}", acknowledged, stop.Token));
                load.Add(WrongKeys(server, $"r{round}g", acknowledged, stop.Token));

                // Once the load is well under way (however slow the machine), the kill lands wherever the writers happen to be.
                for (var waited = 0; acknowledged.Count(a => a.Kind == "note") < 60 && waited < 60_000; waited += 20)
                    await Task.Delay(20);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 500)));
                await server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }

            var notes = acknowledged.Where(a => a.Kind == "note").ToList();
            Assert.True(notes.Count >= 60, $"round {round}: only {notes.Count} notes were answered before the kill; the load did not run");
            var (lostEvents, lostEntries, eventsWithoutEntry, unansweredKept) = await Count(round, acknowledged);
            output.WriteLine($"{factory.Provider} round {round}: answered {notes.Count} notes, {acknowledged.Count(a => a.Kind == "sign-in")} sign-ins, " +
                $"{acknowledged.Count(a => a.Kind == "wrong-key")} wrong keys; lost {lostEvents} events and {lostEntries} audit entries of answered requests; " +
                $"{eventsWithoutEntry} events without their entry; {unansweredKept} notes kept that were never answered (the kill cut their answer)");
            Assert.Equal(0, lostEvents);
            Assert.Equal(0, lostEntries);
            Assert.Equal(0, eventsWithoutEntry);

            var (exit, text, error) = await CommandLine.Sonae(factory, "verify");
            Assert.True(exit == 0, $"round {round}: sonae verify after the crash:\n{text}\n{error}");
        }
    }

    /// <summary>
    /// What the crash took: answered appends whose event is not in the record, answered requests whose audit entry is
    /// not in the log, events of the load whose audit entry is missing, and notes kept although never answered.
    /// </summary>
    private async Task<(int LostEvents, int LostEntries, int EventsWithoutEntry, int UnansweredKept)> Count(int round, IReadOnlyCollection<Answer> acknowledged)
    {
        var prefix = $"probe=r{round}";
        var targets = await factory.Database(db => db.AuditEntries.AsNoTracking().Where(e => e.Target.Contains(prefix)).Select(e => e.Target).ToListAsync());
        var audited = targets.Select(t => t[(t.IndexOf("probe=", StringComparison.Ordinal) + 6)..]).ToHashSet(StringComparer.Ordinal);
        var notePrefix = $"load r{round}w";
        var bodies = await factory.Database(db => db.IncidentEvents.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Type == "note-added" && e.Body.Contains(notePrefix)).Select(e => new { e.IncidentId, e.Seq, e.Hash, e.Body }).ToListAsync());
        var kept = bodies.ToDictionary(b => (b.IncidentId, b.Seq), b => b.Hash);
        var probes = bodies.Select(b => JsonDocument.Parse(b.Body).RootElement.GetProperty("data").GetProperty("text").GetString()!.Split(' ')[1]).ToList();

        var lostEvents = acknowledged.Count(a => a.Kind == "note" && !(kept.TryGetValue((a.Incident, a.Seq), out var hash) && hash == a.Hash));
        var lostEntries = acknowledged.Count(a => !audited.Contains(a.Probe));
        var eventsWithoutEntry = probes.Count(p => !audited.Contains(p));
        var answeredNotes = acknowledged.Where(a => a.Kind == "note").Select(a => a.Probe).ToHashSet(StringComparer.Ordinal);
        return (lostEvents, lostEntries, eventsWithoutEntry, probes.Count(p => !answeredNotes.Contains(p)));
    }

    private static async Task Notes(ServerProcess server, string key, string incident, string worker, ConcurrentBag<Answer> acknowledged, CancellationToken stop)
    {
        using var client = server.Client(key);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var probe = $"{worker}n{i}";
            try
            {
                using var response = await client.PostAsJsonAsync($"/api/v1/incidents/{incident}/notes?probe={probe}", new { text = $"load {probe}" }, stop);
                if (response.StatusCode != HttpStatusCode.OK)
                    continue;
                var appended = (await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("appended")[0];
                acknowledged.Add(new Answer("note", probe, Guid.Parse(incident), appended.GetProperty("seq").GetInt64(), appended.GetProperty("hash").GetString()!));
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
            {
                // The server died under this request: it was never answered, so nothing is owed.
                return;
            }
        }
    }

    private static async Task SignIns(ServerProcess server, string key, string worker, ConcurrentBag<Answer> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var probe = $"{worker}i{i}";
            try
            {
                using var client = server.Client();
                var page = await client.GetStringAsync("/signin", stop);
                var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
                using var response = await client.PostAsync($"/signin?probe={probe}",
                    new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = "/", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }), stop);
                if (response.StatusCode == HttpStatusCode.Redirect)
                    acknowledged.Add(new Answer("sign-in", probe, Guid.Empty, 0, ""));
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task WrongKeys(ServerProcess server, string worker, ConcurrentBag<Answer> acknowledged, CancellationToken stop)
    {
        using var client = server.Client("sonae_guess-" + worker);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var probe = $"{worker}k{i}";
            try
            {
                using var response = await client.GetAsync($"/api/v1/incidents?probe={probe}", stop);
                // After ten wrong keys a minute the address waits (429), which is not a sign-in and not audited.
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    acknowledged.Add(new Answer("wrong-key", probe, Guid.Empty, 0, ""));
                else
                    await Task.Delay(50, stop);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record Answer(string Kind, string Probe, Guid Incident, long Seq, string Hash);
}

public sealed class SqliteCrashTests(SqliteFactory factory, ITestOutputHelper output) : CrashTests(factory, output), IClassFixture<SqliteFactory>;

public sealed class PostgresCrashTests(PostgresFactory factory, ITestOutputHelper output) : CrashTests(factory, output), IClassFixture<PostgresFactory>;
