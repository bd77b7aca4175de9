namespace Sonae.Data;

/// <summary>
/// The organization (the tenant) that the current request or command works for. Every query on a hospital's rows
/// is filtered to it; with no organization set, those queries return nothing.
/// </summary>
public sealed class OrganizationScope
{
    public Guid? OrganizationId { get; private set; }

    public void Enter(Guid organizationId)
    {
        if (OrganizationId is { } current && current != organizationId)
            throw new InvalidOperationException("This scope already works for another organization.");
        OrganizationId = organizationId;
    }
}

/// <summary>A row that belongs to one organization.</summary>
public interface IOrganizationOwned
{
    Guid OrganizationId { get; }
}
