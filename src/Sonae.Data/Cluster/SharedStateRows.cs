namespace Sonae.Data.Cluster;

/// <summary>
/// A count of hits (wrong keys, reports filed, setup attempts) under one key in a fixed window, kept in the database
/// so that every server on it counts together. Written by one upsert per hit (<c>INSERT … ON CONFLICT DO UPDATE</c>);
/// rows whose window ended long ago are pruned.
/// </summary>
/// <remarks>
/// Times are Unix milliseconds, not <see cref="DateTimeOffset"/>: the upsert is raw SQL, the same text on SQLite and
/// PostgreSQL, and a number compares the same in both without SQLite's text format for times.
/// </remarks>
public sealed class ThrottleRow
{
    /// <summary>What is counted and for whom: <c>sign-in:ADDRESS</c>, <c>report:key:ID</c>, <c>setup:ADDRESS</c>, <c>sign-in:alerts:ADDRESS</c>.</summary>
    public required string Key { get; set; }

    /// <summary>When the current window began, in Unix milliseconds.</summary>
    public long WindowStart { get; set; }

    /// <summary>Hits since <see cref="WindowStart"/>.</summary>
    public int Count { get; set; }
}

/// <summary>
/// A value a page keeps for a few minutes between a refused post and the page it redirects to (what a form said,
/// the problems of an import), in the database so that the next request may land on another server. Pruned once
/// expired.
/// </summary>
public sealed class KeptValueRow
{
    /// <summary>Whose and which: the kind, the organization and a random id.</summary>
    public required string Key { get; set; }

    /// <summary>The value as JSON.</summary>
    public required string Json { get; set; }

    /// <summary>When it stops being read, in Unix milliseconds (see <see cref="ThrottleRow"/> for why a number).</summary>
    public long ExpiresAt { get; set; }
}
