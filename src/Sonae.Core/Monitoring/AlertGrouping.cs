namespace Sonae.Core.Monitoring;

/// <summary>What a group of alerts did last: the incident its report opened and when its last alert came.</summary>
/// <param name="IncidentOpen">Whether that incident is still open (a closed one takes no more reports).</param>
/// <param name="LastAlertAt">When the group's last alert arrived.</param>
/// <param name="NotedAt">When the record last got a note of the group's new alerts, if ever.</param>
public sealed record AlertGroupState(bool IncidentOpen, DateTimeOffset LastAlertAt, DateTimeOffset? NotedAt);

/// <summary>Whether a delivery joins its group's report or opens a new one.</summary>
public enum GroupingDecision
{
    /// <summary>The group's incident is open and its last alert recent: the alerts join that report.</summary>
    Join,

    /// <summary>A new report (and incident), if any of the alerts fires.</summary>
    OpenNew,
}

/// <summary>
/// The rules that keep a noisy monitor from flooding the hospital with incidents: the alerts of one group (and
/// repeats of one alert) join the report their group opened while its incident is open and the group keeps
/// alerting within the window; a quiet group, or one whose incident was closed, opens a new one when it fires
/// again. A resolved alert is a note on the record; it never closes anything.
/// </summary>
public static class AlertGrouping
{
    /// <summary>How long a quiet group still joins its report: longer than Alertmanager's 4-hour repeat interval.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    /// <summary>The longest and shortest windows a source may set.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(5), MaxWindow = TimeSpan.FromDays(7);

    /// <summary>How often at most the record is told of new alerts joining a group; the ones between are counted into the next note.</summary>
    public static readonly TimeSpan NoteEvery = TimeSpan.FromMinutes(10);

    /// <summary>Whether alerts arriving at <paramref name="now"/> join the group's report.</summary>
    public static GroupingDecision Decide(AlertGroupState? group, DateTimeOffset now, TimeSpan window) =>
        group is { IncidentOpen: true } && now - group.LastAlertAt <= window ? GroupingDecision.Join : GroupingDecision.OpenNew;

    /// <summary>Whether new alerts joining a group are written to the record now, or counted for a later note.</summary>
    public static bool NoteNow(AlertGroupState group, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.NotedAt is not { } noted || now - noted >= NoteEvery;
    }
}
