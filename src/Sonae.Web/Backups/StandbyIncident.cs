namespace Sonae.Web.Backups;

/// <summary>An incident open on the primary when the standby copy was made, and the last event the copy holds of it.</summary>
public sealed record StandbyIncident(int Number, long LastEvent, DateTimeOffset LastEventAt);
