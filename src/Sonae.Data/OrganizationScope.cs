namespace Sonae.Data;

/// <summary>
/// The organization (the tenant) that the current request or command works for. Every query on a hospital's rows
/// is filtered to it; with no organization set, those queries return nothing.
/// </summary>
public sealed class OrganizationScope
{
    public Guid? OrganizationId { get; private set; }

    /// <summary>
    /// The incidents a vendor was invited to: the only ones its queries see. Null for everyone inside the hospital.
    /// </summary>
    public Guid[]? VisibleIncidents { get; private set; }

    /// <param name="visibleIncidents">For a vendor, the incidents they were invited to (perhaps none); null for the hospital's own people.</param>
    public void Enter(Guid organizationId, IReadOnlyCollection<Guid>? visibleIncidents = null)
    {
        if (OrganizationId is { } current && current != organizationId)
            throw new InvalidOperationException("This scope already works for another organization.");
        OrganizationId = organizationId;
        VisibleIncidents = visibleIncidents?.ToArray();
    }

    /// <summary>
    /// Narrows what this scope's queries see to the incidents an outside actor is invited to right now (read inside
    /// the transaction that is about to append, so that a revocation on another server counts at once). It only ever
    /// narrows: an incident already out of sight stays out.
    /// </summary>
    public void LimitIncidentsTo(IEnumerable<Guid> invited)
    {
        if (OrganizationId is null)
            throw new InvalidOperationException("Enter an organization before limiting its incidents.");
        VisibleIncidents = VisibleIncidents is { } current ? [.. current.Intersect(invited)] : [.. invited];
    }
}

/// <summary>A row that belongs to one organization.</summary>
public interface IOrganizationOwned
{
    Guid OrganizationId { get; }
}
