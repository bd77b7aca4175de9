using Sonae.Core.Access;

namespace Sonae.Core.Incidents;

/// <summary>
/// A status update on the incident (状況報告): what is known, what is being done, and when the next update comes.
/// Posted by those who lead the response, for management, the department heads and the vendors who wait for it.
/// </summary>
/// <param name="Known">What is known now.</param>
/// <param name="Doing">What is being done, if said apart from what is known.</param>
/// <param name="NextAt">When the next update comes; absent on an update that promises none (one after closing).</param>
public sealed record StatusPosted(string Known, string? Doing, DateTimeOffset? NextAt) : EventData
{
    /// <inheritdoc/>
    public override IncidentEventType Type => IncidentEventType.StatusPosted;
}

/// <summary>The latest status update, as the incident's projection keeps it, so that no page reads the record for it.</summary>
/// <param name="Seq">The sequence number of its event.</param>
/// <param name="At">When it was posted.</param>
/// <param name="By">Who posted it.</param>
/// <param name="Role">The role they posted it in.</param>
/// <param name="Known">What is known.</param>
/// <param name="Doing">What is being done.</param>
/// <param name="NextAt">When the next update was promised; null when none was.</param>
public sealed record LatestStatus(long Seq, DateTimeOffset At, string By, Role Role, string Known, string? Doing, DateTimeOffset? NextAt);

/// <summary>
/// The rhythm of status updates: who may post one, what one must say, when the next is due, and whether it is
/// overdue. Those who lead the response (<see cref="Operation.LeadResponse"/>: the security officer and management,
/// which the commander always is) post them. The first update is due one rhythm after the incident opened (the
/// hospital's <c>UpdateEveryMinutes</c>); each update then says when the next comes. Nothing is due of a closed
/// incident, though a last update may still be posted after closing.
/// </summary>
public static class StatusUpdates
{
    /// <summary>How often updates come when the hospital has not said.</summary>
    public const int DefaultEveryMinutes = 60;

    /// <summary>The shortest rhythm a hospital may set.</summary>
    public const int MinEveryMinutes = 10;

    /// <summary>The longest rhythm a hospital may set: one a day.</summary>
    public const int MaxEveryMinutes = 1440;

    /// <summary>How far ahead an update may put the next one.</summary>
    public static readonly TimeSpan LongestPromise = TimeSpan.FromDays(7);

    /// <summary>Whether <paramref name="actor"/> may post an update on an incident in this state (a merged one takes none).</summary>
    public static bool MayPost(Actor actor, IncidentProgress progress)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(progress);
        return actor.May(Operation.LeadResponse) && progress.Outcome != IncidentOutcome.Merged;
    }

    /// <summary>The rhythm of <paramref name="minutes"/>, held within what a hospital may set.</summary>
    public static TimeSpan Rhythm(int minutes) => TimeSpan.FromMinutes(Math.Clamp(minutes, MinEveryMinutes, MaxEveryMinutes));

    /// <summary>When the next update is due: the one the latest update promised, else one rhythm after the opening; null when none is (closed, or none promised).</summary>
    public static DateTimeOffset? NextDue(IncidentProgress progress, DateTimeOffset openedAt, TimeSpan rhythm)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.Status == IncidentStatus.Closed)
            return null;
        return progress.LatestStatus is { } latest ? latest.NextAt : openedAt + rhythm;
    }

    /// <summary>Whether the next update is due and has not come: the pages say so, and the commander is reminded.</summary>
    public static bool IsOverdue(IncidentProgress progress, DateTimeOffset openedAt, TimeSpan rhythm, DateTimeOffset now) =>
        NextDue(progress, openedAt, rhythm) is { } due && now >= due;

    /// <summary>The next update's time a form offers: one rhythm from now, to the minute.</summary>
    public static DateTimeOffset DefaultNextAt(DateTimeOffset now, TimeSpan rhythm)
    {
        var next = now + rhythm;
        return next.AddTicks(-(next.Ticks % TimeSpan.TicksPerMinute));
    }

    internal static Decision Decide(IncidentProgress progress, Actor actor, PostStatusUpdate command, DateTimeOffset now)
    {
        if (Permissions.ActingRole(actor, Operation.LeadResponse) is not { } role)
            return Decision.Refuse(Permissions.Check(actor, Operation.LeadResponse)!);
        if ((TextRules.Check("known", command.Known, TextLimits.LongText, required: true) ?? TextRules.Check("doing", command.Doing, TextLimits.LongText)) is { } bad)
            return Decision.Refuse(bad);
        // An open incident's update always says when the next comes (one rhythm from now unless given): an update that
        // promised nothing would leave nobody waiting for the next, and nothing could be overdue. Counted from the
        // moment it is recorded, so a retry of the same request is the same command.
        var nextAt = command.NextAt ?? (progress.Status == IncidentStatus.Open && command.Rhythm is { } rhythm ? DefaultNextAt(now, rhythm) : null);
        if (nextAt is null && progress.Status == IncidentStatus.Open)
            return Decision.Refuse(new FieldRefused("nextAt", FieldProblem.Required));
        if (command.NextAt is { } next)
        {
            // A time typed on a form has no seconds: the minute it is now is not in the past.
            if (next < now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMinute)))
                return Decision.Refuse(new FieldRefused("nextAt", FieldProblem.NotAhead));
            if (next > now + LongestPromise)
                return Decision.Refuse(new FieldRefused("nextAt", FieldProblem.TooFarAhead, (int)LongestPromise.TotalDays));
        }
        // A closed incident still hears of it (the last word after closing); a merged one's updates go to the incident it joined.
        if (progress.Outcome == IncidentOutcome.Merged)
            return Decision.Refuse(new IncidentIsClosed());
        return Decision.Accept((new EventActor(actor.Id, actor.Name, role),
            new StatusPosted(command.Known.Trim(), IncidentRules.Trimmed(command.Doing), nextAt is { } at ? Timestamps.Normalize(at) : null)));
    }

    /// <summary>The state after a status update: the projection's part of <see cref="IncidentProgress.Apply(EventData, EventActor, long, DateTimeOffset)"/>.</summary>
    internal static IncidentProgress Apply(IncidentProgress progress, StatusPosted posted, EventActor actor, long seq, DateTimeOffset at) =>
        progress with
        {
            LatestStatus = new LatestStatus(seq, at, actor.Name, actor.Role, posted.Known, posted.Doing, posted.NextAt),
            StatusUpdates = progress.StatusUpdates + 1,
        };
}
