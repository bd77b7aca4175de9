namespace Sonae.Data.Monitoring;

/// <summary>
/// A monitoring system that posts alerts to Sonae (a Prometheus Alertmanager, a Zabbix server, a script), with its
/// own token: the token can post alerts and nothing else, so it is not an API key and holds no role.
/// </summary>
public sealed class AlertSourceRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>1, 2, 3… per organization: how the settings page and the API name it.</summary>
    public int Number { get; set; }

    public required string Name { get; set; }

    /// <summary><c>alertmanager</c>, <c>zabbix</c> or <c>generic</c>: how its payloads are read.</summary>
    public required string Kind { get; set; }

    /// <summary>SHA-256 of the token; the token itself is shown once, when made.</summary>
    public required string SecretHash { get; set; }

    /// <summary>The token's first characters, to tell tokens apart on the settings page.</summary>
    public required string Prefix { get; set; }

    /// <summary>How long a quiet group of alerts still joins the report it opened, in minutes.</summary>
    public int WindowMinutes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>When it was revoked: its token stops working at once.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>While set, its alerts are received and counted but open no report.</summary>
    public DateTimeOffset? MutedAt { get; set; }

    public string? MutedBy { get; set; }

    public DateTimeOffset? LastDeliveryAt { get; set; }

    /// <summary>What became of the last delivery: <c>opened</c>, <c>joined</c>, <c>resolved</c>, <c>muted</c>, <c>ignored</c> or <c>refused</c>.</summary>
    public string? LastOutcome { get; set; }

    /// <summary>Why the last delivery was refused, in the words the sender was told (Japanese and English).</summary>
    public string? LastProblem { get; set; }

    public long Deliveries { get; set; }

    public long Alerts { get; set; }
}

/// <summary>
/// A group of alerts from one source (Alertmanager's group, a Zabbix trigger on a host): the report its first firing
/// alerts opened, and when it last alerted, so that repeats and the rest of the group join that report.
/// </summary>
public sealed class AlertGroupRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid SourceId { get; set; }

    /// <summary>SHA-256 of the group's key as the source sent it (which can be long).</summary>
    public required string KeyHash { get; set; }

    /// <summary>What the group is, for people: the first alert's name and host.</summary>
    public required string Label { get; set; }

    /// <summary>The incident its report opened; null while a server is opening it.</summary>
    public Guid? IncidentId { get; set; }

    /// <summary>Until when a server holds the group to open its report; another waits, then joins.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public DateTimeOffset FirstAt { get; set; }

    public DateTimeOffset LastAt { get; set; }

    /// <summary>When the record was last told of new alerts joining; those since are counted in <see cref="Unnoted"/>.</summary>
    public DateTimeOffset? NotedAt { get; set; }

    public int Unnoted { get; set; }

    public long Deliveries { get; set; }
}

/// <summary>One alert of a group, by its fingerprint: a repeat updates it, a new fingerprint is a new alert.</summary>
public sealed class AlertRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid GroupId { get; set; }

    /// <summary>The alert's fingerprint as the source gave it (or Sonae computed from its labels), hashed to a fixed length.</summary>
    public required string FingerprintHash { get; set; }

    public required string Name { get; set; }

    public string? Host { get; set; }

    public string? Severity { get; set; }

    /// <summary><c>firing</c> or <c>resolved</c>, as last heard.</summary>
    public required string Status { get; set; }

    /// <summary>Its labels as sent (JSON object), kept for the officer and the export.</summary>
    public required string Labels { get; set; }

    public DateTimeOffset FirstAt { get; set; }

    public DateTimeOffset LastAt { get; set; }

    public int Repeats { get; set; }
}
