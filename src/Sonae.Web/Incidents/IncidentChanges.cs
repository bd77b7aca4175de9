namespace Sonae.Web.Incidents;

/// <summary>An incident's record moved on: its organization, the incident, and its last event now.</summary>
public sealed record IncidentChanged(Guid OrganizationId, Guid IncidentId, long LastSeq);

/// <summary>
/// Tells the open pages of this server that an incident changed, as soon as the change is committed, so that
/// every workspace on it shows the change without a reload. The pages hear it on the thread pool, never on the
/// record writer's thread, and one page that fails does not stop the others (or the writer). In-process: a second
/// Sonae server on the same PostgreSQL does not hear this one (its pages show a change on their next load).
/// A handler runs with the acting person's context (their language among it): a page renders in its own viewer's
/// language by applying it first (<see cref="Localization.ViewerCulture"/>).
/// </summary>
public sealed partial class IncidentChanges(ILogger<IncidentChanges> logger)
{
    public event Action<IncidentChanged>? Changed;

    public void Publish(IncidentChanged change)
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
