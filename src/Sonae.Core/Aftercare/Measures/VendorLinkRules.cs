namespace Sonae.Core.Aftercare.Measures;

/// <summary>Whether a vendor's link to an instruction still works.</summary>
public enum VendorLinkState
{
    /// <summary>It works: the vendor reads the instruction, acknowledges it and reports self-checks.</summary>
    Open,

    /// <summary>Its time is over; the officer makes a new one.</summary>
    Expired,

    /// <summary>The officer revoked it (a wrong address, a vendor's staff change).</summary>
    Revoked,
}

/// <summary>
/// The rules of a vendor's link to one instruction (4-8): how long it may work, and whether it works now. Unlike an
/// incident invitation it is used again and again (each periodic self-check), so it is not spent by a use.
/// </summary>
public static class VendorLinkRules
{
    /// <summary>How long a link works when the officer does not say.</summary>
    public const int DefaultDays = 90;

    /// <summary>The longest a link may work: about a year, to cover a year of periodic checks.</summary>
    public const int MaxDays = 400;

    /// <summary>The link's state at <paramref name="now"/>: a revocation wins over expiry; the end is exclusive (at <paramref name="expiresAt"/> it has expired).</summary>
    public static VendorLinkState State(DateTimeOffset expiresAt, DateTimeOffset? revokedAt, DateTimeOffset now) =>
        revokedAt is not null ? VendorLinkState.Revoked
        : now >= expiresAt ? VendorLinkState.Expired
        : VendorLinkState.Open;

    /// <summary>The state's wire name.</summary>
    public static string Id(this VendorLinkState state) => state switch
    {
        VendorLinkState.Open => "open",
        VendorLinkState.Expired => "expired",
        VendorLinkState.Revoked => "revoked",
    };
}
