namespace Sonae.Data.Access;

/// <summary>A hospital or clinic: the tenant. Every row of its data carries its id.</summary>
public sealed class Organization
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The playbook a new incident follows unless the request names another.</summary>
    public required string DefaultPlaybookId { get; set; }

    /// <summary>A fictional hospital made by <c>--demo</c>.</summary>
    public bool IsDemo { get; set; }

    /// <summary>
    /// Whom staff call, as the settings page kept it before the people record held the emergency contact. Read only
    /// while the people record has no number for its security officer; emptied when the settings page moves it.
    /// </summary>
    public string? EmergencyContactName { get; set; }

    /// <summary>The number that went with <see cref="EmergencyContactName"/> (free text); likewise.</summary>
    public string? EmergencyContactPhone { get; set; }

    /// <summary>
    /// Management, the security officer and whoever administers accounts must sign in with a second factor unless
    /// the organization relaxed that (a setting only management may change, with a reason, in the audit log).
    /// </summary>
    public bool MfaRelaxed { get; set; }
}
