using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Web.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Notices;

/// <summary>One status update of an incident's record.</summary>
public sealed record StatusEntry(long Seq, DateTimeOffset At, EventActor By, StatusPosted Update)
{
    public static StatusEntry Of(IncidentEvent e) => new(e.Seq, e.At, e.Actor, (StatusPosted)e.Data);
}

/// <summary>An incident's status updates: the incident and its state, the hospital's rhythm, and every update, newest first.</summary>
public sealed record StatusUpdatesReading(Incident Incident, IncidentProgress Progress, TimeSpan Rhythm, IReadOnlyList<StatusEntry> Updates)
{
    /// <summary>When the next update is due; null when none is (a closed incident).</summary>
    public DateTimeOffset? NextDue => StatusUpdates.NextDue(Progress, Incident.OpenedAt, Rhythm);
}

/// <param name="NextAt">When it said the next update comes; null on one that promised none (after closing).</param>
/// <param name="By">Who posted it.</param>
/// <param name="Role">The role they posted it in.</param>
public sealed record StatusUpdateView(long Seq, DateTimeOffset At, string Known, string? Doing, DateTimeOffset? NextAt, string By, string Role);

/// <param name="EveryMinutes">The hospital's rhythm: how many minutes after the opening the first update is due, and how far ahead an update puts the next unless it says.</param>
/// <param name="NextDue">When the next update is due: what the latest promised, else one rhythm after the opening; null for a closed incident.</param>
/// <param name="Overdue">Whether that time has passed without an update.</param>
/// <param name="Updates">Every update, newest first.</param>
public sealed record StatusUpdatesView(Guid IncidentId, int Number, int EveryMinutes, DateTimeOffset? NextDue, bool Overdue, int Count, IReadOnlyList<StatusUpdateView> Updates)
{
    public static StatusUpdatesView Of(StatusUpdatesReading reading, DateTimeOffset now) => new(reading.Incident.Id, reading.Incident.Number,
        (int)reading.Rhythm.TotalMinutes, reading.NextDue?.ToJst(), reading.NextDue is { } due && now >= due, reading.Updates.Count,
        [.. reading.Updates.Select(u => new StatusUpdateView(u.Seq, u.At.ToJst(), u.Update.Known, u.Update.Doing, u.Update.NextAt?.ToJst(), u.By.Name, u.By.Role.Id()))]);
}

/// <summary>
/// The status updates' read side, for their page, the API and the pages that say an update is overdue: the record's
/// <c>status-posted</c> events, read by the (incident, type) index alone, and the hospital's rhythm from its profile.
/// </summary>
public sealed class StatusUpdateQueries(SonaeDbContext db, IncidentQueries incidents, LoadPreparedness preparedness)
{
    private static readonly string Type = IncidentEventType.StatusPosted.WireName();

    /// <summary>How often the hospital wants an update (its profile's <c>UpdateEveryMinutes</c>; hourly without a profile).</summary>
    public async Task<TimeSpan> Rhythm(CancellationToken cancellationToken) =>
        (await preparedness.Current(PreparednessSection.Profile, cancellationToken)).Content is OrganizationProfile profile
            ? profile.UpdateRhythm
            : StatusUpdates.Rhythm(StatusUpdates.DefaultEveryMinutes);

    /// <summary>Every update of the incident named <paramref name="id"/> (its id or number); null when there is no such incident for the caller.</summary>
    public async Task<StatusUpdatesReading?> History(string id, CancellationToken cancellationToken)
    {
        if (await incidents.Find(id, cancellationToken) is not { } incident)
            return null;
        var updates = await db.IncidentEvents.AsNoTracking().OfTypes(incident.Id, [Type], cancellationToken);
        return new StatusUpdatesReading(incident, incident.ReadProgress(), await Rhythm(cancellationToken),
            [.. updates.Select(StatusEntry.Of).OrderByDescending(u => u.Seq)]);
    }
}
