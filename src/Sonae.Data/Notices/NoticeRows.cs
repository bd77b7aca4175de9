namespace Sonae.Data.Notices;

/// <summary>
/// Something Sonae told people: a page that wakes the security officer, an instruction to stop using a system, the
/// news that it is back, an update of the situation. Who it went to and who acknowledged it are its
/// <see cref="NoticeRecipientRow"/>s; each message to a channel is an <see cref="OutboxMessageRow"/>.
/// </summary>
public sealed class NoticeRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>1, 2, 3… per organization: what people say and the page's address shows.</summary>
    public int Number { get; set; }

    /// <summary>The incident it is about; null for a notice of the hospital's own (a drill, a reminder of measures).</summary>
    public Guid? IncidentId { get; set; }

    /// <summary>The kind's wire name (<c>page</c>, <c>stop-use</c>, <c>recovery</c>, <c>measures</c>, <c>decision</c>, <c>ad-hoc</c>, <c>status-update</c>).</summary>
    public required string Kind { get; set; }

    public required string Title { get; set; }

    public required string Body { get; set; }

    /// <summary>Whom it was addressed to, as the sender chose (JSON of the audience: everyone, departments, roles, people).</summary>
    public required string Audience { get; set; }

    /// <summary>
    /// What made Sonae send it by itself (<c>incident-opened</c>, <c>step-overdue:2-1</c>, <c>clock:…</c>); null for one a
    /// person sent. Unique per incident, so that two servers that notice the same thing page once.
    /// </summary>
    public string? Trigger { get; set; }

    /// <summary>The actor id of the person who sent it, or <c>sonae</c> for what Sonae sent by itself.</summary>
    public required string SentBy { get; set; }

    public required string SentByName { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>Until when its acknowledgement links work.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>For a page: the tier of its escalation paged last (0: the first people called).</summary>
    public int Tier { get; set; }

    /// <summary>For a page: when the next tier is paged if nobody acknowledges; null once acknowledged, stopped or at the end.</summary>
    public DateTimeOffset? EscalateAt { get; set; }

    /// <summary>When the first recipient acknowledged it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>When the sender stopped it (a page no longer needed, a notice withdrawn).</summary>
    public DateTimeOffset? StoppedAt { get; set; }
}

/// <summary>One person a notice went to (or, for a page, will go to when its tier comes), and their acknowledgement.</summary>
public sealed class NoticeRecipientRow : IOrganizationOwned
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid NoticeId { get; set; }

    /// <summary>Who they are to Sonae: <c>person:&lt;id&gt;</c> (the people record) or <c>account:&lt;id&gt;</c>.</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Department { get; set; }

    /// <summary>Where their e-mail goes, as the people record or their account said when the notice was made; null without one.</summary>
    public string? Email { get; set; }

    /// <summary>For a page: the role they were paged in (<c>security-officer</c>, <c>management</c>), which the record names when they acknowledge.</summary>
    public string? Role { get; set; }

    /// <summary>The account that sees it in the application (home page, header badge); null for someone without one.</summary>
    public Guid? AccountId { get; set; }

    /// <summary>For a page: the tier of the escalation they belong to (0 first); 0 for a notice.</summary>
    public int Tier { get; set; }

    /// <summary>When messages went out to them; null while their tier has not come.</summary>
    public DateTimeOffset? NotifiedAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>How: <c>link</c> (the personal link), <c>app</c> (signed in), <c>phone</c> (the caller of the call sheet recorded it).</summary>
    public string? AcknowledgedVia { get; set; }

    /// <summary>When they were last reminded; null if never.</summary>
    public DateTimeOffset? RemindedAt { get; set; }

    public int Reminders { get; set; }
}

/// <summary>
/// One message for one channel, written in the same transaction as what caused it and sent afterwards by whichever
/// server claims it first (<see cref="LeasedBy"/> until <see cref="LeasedUntil"/>): a crash loses none, and a lease
/// keeps two servers from sending it at once. A failed send is tried again at <see cref="DueAt"/>, later each time.
/// </summary>
public sealed class OutboxMessageRow : IOrganizationOwned
{
    public long Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid? NoticeId { get; set; }

    public Guid? RecipientId { get; set; }

    /// <summary>The channel's wire name: <c>email</c> or <c>webhook</c>.</summary>
    public required string Channel { get; set; }

    /// <summary>Where to: an e-mail address, or the id of one of the hospital's webhooks.</summary>
    public required string Target { get; set; }

    public required string Subject { get; set; }

    /// <summary>The text as the recipient reads it (with their acknowledgement link, if any).</summary>
    public required string Body { get; set; }

    /// <summary>The link the recipient acknowledges with, when there is one (a webhook shows it as a button).</summary>
    public string? Link { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it is to be sent next.</summary>
    public DateTimeOffset DueAt { get; set; }

    public int Attempts { get; set; }

    public string? LeasedBy { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Why the last attempt failed, as the channel said.</summary>
    public string? LastError { get; set; }

    /// <summary>When Sonae stopped trying (too many failures over too long); the notice's page shows it.</summary>
    public DateTimeOffset? GaveUpAt { get; set; }
}

/// <summary>A hospital's channels: its mail server and its webhooks, as the settings page keeps them (JSON each).</summary>
public sealed class ChannelSettingsRow : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    /// <summary>The SMTP settings (JSON), the password protected by the installation's data protection keys; null when none.</summary>
    public string? Mail { get; set; }

    /// <summary>The webhooks (JSON array: id, name, format, address), empty when none.</summary>
    public required string Webhooks { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public required string ChangedBy { get; set; }
}
