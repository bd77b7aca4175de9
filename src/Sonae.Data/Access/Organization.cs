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
}
