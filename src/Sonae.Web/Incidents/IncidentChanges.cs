namespace Sonae.Web.Incidents;

/// <summary>An incident's record moved on: its organization, the incident, and its last event now.</summary>
public sealed record IncidentChanged(Guid OrganizationId, Guid IncidentId, long LastSeq);

/// <summary>
/// Tells the open pages of this server that an incident changed, as soon as the change is committed, so that
/// every workspace on it shows the change without a reload. The pages hear it on the thread pool, never on the
/// record writer's thread, and one page that fails does not stop the others (or the writer). On PostgreSQL, other
/// Sonae servers on the same database hear it too: <see cref="Cluster.ClusterSignals"/> sends each committed change
/// (<see cref="Committed"/>) and raises theirs here (<see cref="Heard"/>).
/// A handler runs with the acting person's context (their language among it): a page renders in its own viewer's
/// language by applying it first (<see cref="Localization.ViewerCulture"/>).
/// </summary>
public sealed partial class IncidentChanges(ILogger<IncidentChanges> logger)
{
    /// <summary>A change, made on this server or heard from another.</summary>
    public event Action<IncidentChanged>? Changed;

    /// <summary>A change made on this server, for the other servers (raised on the writer's thread: keep it short).</summary>
    public event Action<IncidentChanged>? Committed;

    /// <summary>Tells this server's pages and the other servers that an incident changed, once its events are committed.</summary>
    public void Publish(IncidentChanged change)
    {
        Committed?.Invoke(change);
        Heard(change);
    }

    /// <summary>Tells this server's pages of a change (one another server made).</summary>
    public void Heard(IncidentChanged change)
    {
        if (Changed is not { } handlers)
            return;
        _ = Task.Run(() =>
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Action<IncidentChanged>>())
            {
                try
                {
                    handler(change);
                }
#pragma warning disable CA1031 // A page that fails to hear a change must not stop the others.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogFailed(logger, e, change.IncidentId);
                }
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page failed to take the change of incident {IncidentId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid incidentId);
}
