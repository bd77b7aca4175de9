using Sonae.Core;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Monitoring;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Data.Monitoring;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Monitoring;

/// <summary>What became of one group of a delivery.</summary>
/// <param name="Outcome"><c>opened</c> (a new report and incident), <c>joined</c> (its report's incident), <c>resolved</c> (a note), <c>ignored</c> (resolved alerts of nothing open).</param>
/// <param name="Incident">The incident's number, when one took the alerts.</param>
public sealed record GroupOutcome(string Outcome, int? Incident, int Alerts);

/// <summary>What became of a delivery, as the monitor is told (it only needs a 2xx; people reading the API want more).</summary>
public sealed record AlertDelivery(string Outcome, int Alerts, IReadOnlyList<GroupOutcome> Groups);

/// <summary>
/// Turns a source's alerts into anomaly reports: the first firing alerts of a group open a report (and an incident)
/// about the asset they name; the rest of the group and its repeats join it while it is open and the group keeps
/// alerting within the source's window; resolved alerts add a note and close nothing. One group is handled by one
/// server at a time: a lock here, and a claim on the group's row across servers.
/// </summary>
public sealed partial class ReceiveAlerts(
    SonaeDbContext db, OpenIncident open, ApplyIncidentCommand apply, LoadPreparedness preparedness, AlertLocks locks, TimeProvider clock, ILogger<ReceiveAlerts> logger)
{
    /// <summary>How long a server holds a group while it opens the group's report.</summary>
    private static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(30);

    /// <summary>The actor a source files its reports as: a reporter, nothing more.</summary>
    public static Caller CallerOf(AlertSourceRow source) =>
        new(source.OrganizationId, new Actor(ActorPrefix + source.Id.ToString("N"), source.Name, new HashSet<Role> { Role.Staff }));

    public const string ActorPrefix = "alerts:";

    public async Task<AlertDelivery> Run(AlertSourceRow source, IReadOnlyList<MonitoringAlert> alerts, CancellationToken cancellationToken)
    {
        if (source.MutedAt is not null)
            return new AlertDelivery("muted", alerts.Count, []);
        var inventory = (await preparedness.Current(PreparednessSection.Inventory, cancellationToken)).As<Inventory>() ?? Inventory.Empty;
        var window = TimeSpan.FromMinutes(source.WindowMinutes);
        var groups = new List<GroupOutcome>();
        foreach (var group in alerts.GroupBy(a => a.Group, StringComparer.Ordinal))
        {
            var keyHash = ApiKeySecrets.Hash(group.Key);
            using (await locks.Enter(source.Id, keyHash, cancellationToken))
                groups.Add(await OneGroup(source, keyHash, [.. group], inventory, window, cancellationToken));
        }
        var outcome = groups.Any(g => g.Outcome == "opened") ? "opened"
            : groups.Any(g => g.Outcome == "joined") ? "joined"
            : groups.Any(g => g.Outcome == "resolved") ? "resolved"
            : "ignored";
        return new AlertDelivery(outcome, alerts.Count, groups);
    }

    private async Task<GroupOutcome> OneGroup(AlertSourceRow source, string keyHash, IReadOnlyList<MonitoringAlert> alerts, Inventory inventory, TimeSpan window, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var group = await db.AlertGroups.AsNoTracking().SingleOrDefaultAsync(g => g.SourceId == source.Id && g.KeyHash == keyHash, cancellationToken);
            if (group is { IncidentId: null, ClaimedUntil: { } until } && until > now)
            {
                // Another server is opening this group's report: wait for it (at most its claim), then join.
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                continue;
            }
            var incident = group?.IncidentId is { } incidentId
                ? await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId).Select(i => new { i.Number, i.Status }).SingleOrDefaultAsync(cancellationToken)
                : null;
            var open = incident?.Status == IncidentStatus.Open;
            var firing = alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
            var state = group is null ? null : new AlertGroupState(open, group.LastAt, group.NotedAt);
            // A resolution belongs to the report while its incident is open, however long the problem lasted.
            if (AlertGrouping.Decide(state, now, window) == GroupingDecision.Join || (open && firing.Count == 0))
                return await Join(source, group!, incident!.Number, alerts, now, cancellationToken);

            if (firing.Count == 0)
            {
                if (group is not null)
                    await Keep(group, alerts, now, cancellationToken);
                return new GroupOutcome("ignored", null, alerts.Count);
            }
            if (await Claim(source, group, keyHash, firing[0], now, cancellationToken) is not { } claimed)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
                continue;
            }
            return await OpenReport(source, claimed, firing, alerts, inventory, now);
        }
    }

    /// <summary>Takes the group for this server while it opens the report; null when another server took it first.</summary>
    private async Task<AlertGroupRow?> Claim(AlertSourceRow source, AlertGroupRow? group, string keyHash, MonitoringAlert first, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (group is null)
        {
            var made = new AlertGroupRow
            {
                Id = Guid.CreateVersion7(now),
                OrganizationId = source.OrganizationId,
                SourceId = source.Id,
                KeyHash = keyHash,
                Label = Label(first),
                ClaimedUntil = now + ClaimFor,
                FirstAt = now,
                LastAt = now,
            };
            db.AlertGroups.Add(made);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return made;
            }
            catch (DbUpdateException e) when (StorageRegistration.IsUniqueViolation(e))
            {
                db.Entry(made).State = EntityState.Detached;
                return null;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        var previous = group.IncidentId;
        var taken = await db.AlertGroups
            .Where(g => g.Id == group.Id && g.IncidentId == previous && (g.ClaimedUntil == null || g.ClaimedUntil <= now))
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.ClaimedUntil, now + ClaimFor), cancellationToken);
        return taken == 1 ? group : null;
    }

    /// <summary>
    /// Opens the group's report. Once the group is claimed nothing here listens to the request's cancellation: a monitor
    /// that gives up waiting must not leave an incident the group does not know (its retry would open a second).
    /// </summary>
    private async Task<GroupOutcome> OpenReport(AlertSourceRow source, AlertGroupRow group, List<MonitoringAlert> firing, IReadOnlyList<MonitoringAlert> all,
        Inventory inventory, DateTimeOffset now)
    {
        var cancellationToken = CancellationToken.None;
        var kind = AlertSourceKinds.TryParse(source.Kind, out var parsed) ? parsed : AlertSourceKind.Generic;
        var report = MonitoringReports.Report(source.Name, kind, firing, inventory, now);
        CommandOutcome outcome;
        try
        {
            outcome = await open.Run(CallerOf(source), new NewIncident(MonitoringReports.Title(firing[0], inventory), IncidentSource.Alert, Report: report), null, null, cancellationToken);
        }
        catch
        {
            await Release(group.Id, CancellationToken.None);
            throw;
        }
        if (outcome is not CommandOutcome.Appended opened)
        {
            await Release(group.Id, CancellationToken.None);
            throw new AlertsNotFiledException(outcome);
        }
        await db.AlertGroups.Where(g => g.Id == group.Id).ExecuteUpdateAsync(u => u
            .SetProperty(g => g.IncidentId, opened.IncidentId)
            .SetProperty(g => g.ClaimedUntil, (DateTimeOffset?)null)
            .SetProperty(g => g.Label, Label(firing[0]))
            .SetProperty(g => g.FirstAt, now)
            .SetProperty(g => g.LastAt, now)
            .SetProperty(g => g.NotedAt, (DateTimeOffset?)null)
            .SetProperty(g => g.Unnoted, 0)
            .SetProperty(g => g.Deliveries, g => g.Deliveries + 1), cancellationToken);
        await Keep(group, all, now, cancellationToken);
        LogOpened(logger, opened.Number, source.Number, firing.Count);
        return new GroupOutcome("opened", opened.Number, all.Count);
    }

    private Task<int> Release(Guid groupId, CancellationToken cancellationToken) =>
        db.AlertGroups.Where(g => g.Id == groupId).ExecuteUpdateAsync(u => u.SetProperty(g => g.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>
    /// Alerts of a group whose report is open. Resolved ones are a note; new ones are a note at once the first time and
    /// then at most every <see cref="AlertGrouping.NoteEvery"/>, naming every alert that joined since the last note (a
    /// resolution writes the ones still waiting). The alerts are saved after the notes, so that a note that could not
    /// be written is written when the monitor sends again.
    /// </summary>
    private async Task<GroupOutcome> Join(AlertSourceRow source, AlertGroupRow group, int number, IReadOnlyList<MonitoringAlert> alerts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (added, resolved) = await Changes(group, alerts, now, cancellationToken);
        var notes = new List<IncidentCommand>();
        if (resolved.Count > 0)
            notes.Add(new AddNote(MonitoringReports.Resolved(source.Name, resolved)));
        var unnoted = group.Unnoted + added.Count;
        var noted = false;
        if (unnoted > 0 && (resolved.Count > 0 || AlertGrouping.NoteNow(new AlertGroupState(true, group.LastAt, group.NotedAt), now)))
        {
            notes.Add(new AddNote(MonitoringReports.Joined(source.Name, unnoted, [.. await Unnoted(group, cancellationToken), .. added])));
            noted = true;
        }
        if (notes.Count > 0)
        {
            var outcome = await apply.RunTogether(CallerOf(source), group.IncidentId!.Value, notes, cancellationToken);
            if (outcome is not CommandOutcome.Appended)
            {
                db.ChangeTracker.Clear();
                throw new AlertsNotFiledException(outcome);
            }
        }
        await Save(cancellationToken);
        await db.AlertGroups.Where(g => g.Id == group.Id).ExecuteUpdateAsync(u => u
            .SetProperty(g => g.LastAt, now)
            .SetProperty(g => g.NotedAt, g => noted ? (DateTimeOffset?)now : g.NotedAt)
            .SetProperty(g => g.Unnoted, g => noted ? 0 : g.Unnoted + added.Count)
            .SetProperty(g => g.Deliveries, g => g.Deliveries + 1), CancellationToken.None);
        return new GroupOutcome(resolved.Count > 0 && added.Count == 0 ? "resolved" : "joined", number, alerts.Count);
    }

    /// <summary>The group's alerts that joined since its last note and are not yet named in the record (firing ones, first seen since).</summary>
    private async Task<List<MonitoringAlert>> Unnoted(AlertGroupRow group, CancellationToken cancellationToken)
    {
        if (group.Unnoted == 0)
            return [];
        var since = group.NotedAt ?? group.FirstAt;
        var rows = await db.Alerts.AsNoTracking().Where(a => a.GroupId == group.Id && a.Status == "firing" && a.FirstAt > since)
            .OrderBy(a => a.FirstAt).Take(MonitoringReports.Listed).ToListAsync(cancellationToken);
        return [.. rows.Select(a => new MonitoringAlert(a.FingerprintHash, "", AlertStatus.Firing, a.Name, a.Host, a.Severity, null, new Dictionary<string, string>(), null, null))];
    }

    /// <summary>
    /// The group's alerts by fingerprint, changed in the unit of work but not saved: a new one added, a repeat counted, a
    /// change of status kept. Gives the alerts that fire anew (new, or firing again after they resolved) and those that
    /// resolved now.
    /// </summary>
    private async Task<(List<MonitoringAlert> Added, List<MonitoringAlert> Resolved)> Changes(AlertGroupRow group, IReadOnlyList<MonitoringAlert> alerts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var byHash = alerts.GroupBy(a => ApiKeySecrets.Hash(a.Fingerprint)).ToDictionary(g => g.Key, g => g.Last());
        var hashes = byHash.Keys.ToList();
        var known = await db.Alerts.Where(a => a.GroupId == group.Id && hashes.Contains(a.FingerprintHash)).ToDictionaryAsync(a => a.FingerprintHash, cancellationToken);
        var added = new List<MonitoringAlert>();
        var resolved = new List<MonitoringAlert>();
        foreach (var (hash, alert) in byHash)
        {
            var status = alert.Status == AlertStatus.Firing ? "firing" : "resolved";
            if (known.TryGetValue(hash, out var row))
            {
                if (alert.Status == AlertStatus.Firing && row.Status == "resolved")
                    added.Add(alert);
                if (alert.Status == AlertStatus.Resolved && row.Status == "firing")
                    resolved.Add(alert);
                row.Status = status;
                row.LastAt = now;
                row.Repeats++;
                continue;
            }
            if (alert.Status == AlertStatus.Firing)
                added.Add(alert);
            else
                resolved.Add(alert);
            db.Alerts.Add(new AlertRow
            {
                Id = Guid.CreateVersion7(now),
                OrganizationId = group.OrganizationId,
                GroupId = group.Id,
                FingerprintHash = hash,
                Name = Cut(alert.Name),
                Host = alert.Host is null ? null : Cut(alert.Host),
                Severity = alert.Severity is null ? null : Cut(alert.Severity),
                Status = status,
                Labels = LabelsJson(alert.Labels),
                FirstAt = now,
                LastAt = now,
            });
        }
        return (added, resolved);
    }

    private async Task Save(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task Keep(AlertGroupRow group, IReadOnlyList<MonitoringAlert> alerts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Changes(group, alerts, now, cancellationToken);
        await Save(cancellationToken);
    }

    /// <summary>The labels as JSON, Japanese as written (not escaped, which would triple it), within the column's size.</summary>
    public static string LabelsJson(IReadOnlyDictionary<string, string> labels)
    {
        var whole = JsonSerializer.Serialize(labels, LabelOptions);
        if (whole.Length <= MaxLabelsJson)
            return whole;
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = "{}";
        foreach (var (key, value) in labels)
        {
            kept[key] = value;
            var next = JsonSerializer.Serialize(kept, LabelOptions);
            if (next.Length > MaxLabelsJson)
                break;
            json = next;
        }
        return json;
    }

    private const int MaxLabelsJson = 80_000;

    private static readonly JsonSerializerOptions LabelOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Label(MonitoringAlert first) => Cut(first.Host is null ? first.Name : $"{first.Name} ({first.Host})", 400);

    private static string Cut(string text, int limit = TextLimits.ShortText) => TextRules.Shorten(text, limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitoring alerts of source {Source} opened incident {Incident} ({Alerts} firing).")]
    private static partial void LogOpened(ILogger logger, int incident, int source, int alerts);
}

/// <summary>The record refused the report or note an alert made (an organization without a playbook, a closed incident).</summary>
public sealed class AlertsNotFiledException(CommandOutcome outcome) : Exception($"The alerts were not filed: {outcome.GetType().Name}.")
{
    public CommandOutcome Outcome { get; } = outcome;
}

/// <summary>One lock per group of alerts on this server (striped: a fixed number of locks shared by hash).</summary>
public sealed class AlertLocks
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<IDisposable> Enter(Guid sourceId, string keyHash, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)HashCode.Combine(sourceId, keyHash) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Held(stripe);
    }

    private sealed class Held(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                stripe.Release();
        }
    }
}
