using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Threats;
using Sonae.Data;
using Sonae.Data.Threats;

namespace Sonae.Web.Threats;

/// <summary>
/// Reads the organization's threat information: its advisories, the matches in its lines and assets in the order the
/// officer reads them (external lines first), the feed's settings, and which lines are threatened (for readiness).
/// </summary>
public sealed class LoadThreats(SonaeDbContext db)
{
    public const string Pending = "pending";
    public const string Open = "open";
    public const string Closed = "closed";
    public const string Dismissed = "dismissed";

    public async Task<IReadOnlyList<AdvisoryView>> Advisories(CancellationToken cancellationToken)
    {
        var rows = await db.ThreatAdvisories.AsNoTracking().ToListAsync(cancellationToken);
        var counts = await Counts(cancellationToken);
        return [.. rows.Select(r => View(r, counts)).OrderByDescending(a => a.Open + a.Pending > 0).ThenByDescending(a => a.Published).ThenBy(a => a.ExternalId, StringComparer.Ordinal)];
    }

    public async Task<AdvisoryView?> Advisory(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.ThreatAdvisories.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return row is null ? null : View(row, await Counts(cancellationToken));
    }

    /// <summary>
    /// The matches still waiting for someone, in reading order: open tasks on external lines, then on other assets
    /// (each by CISA's due date, the earliest first), then fuzzy matches to confirm or dismiss. With
    /// <paramref name="advisory"/>, that advisory's matches of every status.
    /// </summary>
    public async Task<IReadOnlyList<MatchView>> Matches(Guid? advisory, CancellationToken cancellationToken)
    {
        var query = db.ThreatMatches.AsNoTracking();
        query = advisory is { } id ? query.Where(m => m.AdvisoryId == id) : query.Where(m => m.Status == Open || m.Status == Pending);
        var rows = await query.ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.AdvisoryId).Distinct().ToList();
        var advisories = await db.ThreatAdvisories.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        return [.. rows.Select(r => View(r, advisories[r.AdvisoryId]))
            .OrderBy(m => StatusOrder(m.Status)).ThenBy(m => m.IsLine ? 0 : 1).ThenBy(m => m.DueDate ?? DateOnly.MaxValue)
            .ThenBy(m => m.AdvisoryId, StringComparer.Ordinal).ThenBy(m => m.TargetId, StringComparer.Ordinal)];
    }

    public async Task<MatchView?> Match(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.ThreatMatches.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (row is null)
            return null;
        var advisory = await db.ThreatAdvisories.AsNoTracking().FirstAsync(a => a.Id == row.AdvisoryId, cancellationToken);
        return View(row, advisory);
    }

    /// <summary>The external lines (by id) whose appliance an open advisory matches: readiness lists each first.</summary>
    public async Task<IReadOnlyCollection<string>> ThreatenedLines(CancellationToken cancellationToken) =>
        await db.ThreatMatches.AsNoTracking().Where(m => m.Status == Open && m.TargetKind == "line").Select(m => m.TargetId).Distinct().ToListAsync(cancellationToken);

    public async Task<FeedView> Feed(CancellationToken cancellationToken)
    {
        var row = await db.ThreatFeeds.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? new FeedView(null, null, false, null, null, null, null, null)
            : new FeedView(row.KevUrl, row.JvnUrl, row.Enabled, row.LastFetchAt, row.LastOk, row.LastResult, row.ChangedAt, row.ChangedBy);
    }

    private async Task<Dictionary<Guid, (int Open, int Pending)>> Counts(CancellationToken cancellationToken) =>
        (await db.ThreatMatches.AsNoTracking().Where(m => m.Status == Open || m.Status == Pending)
            .GroupBy(m => new { m.AdvisoryId, m.Status }).Select(g => new { g.Key.AdvisoryId, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken))
        .GroupBy(c => c.AdvisoryId)
        .ToDictionary(g => g.Key, g => (g.Where(c => c.Status == Open).Sum(c => c.Count), g.Where(c => c.Status == Pending).Sum(c => c.Count)));

    private static int StatusOrder(string status) => status switch { Open => 0, Pending => 1, Closed => 2, _ => 3 };

    /// <summary>Which of the advisory's products a match is about (the first part of its pair).</summary>
    public static AdvisoryProduct? ProductOf(AdvisoryView advisory, MatchView match) =>
        advisory?.Products.FirstOrDefault(p => match.Pair.StartsWith(ThreatMatch.VendorKey(p) + "|" + Names.Key(p.Product) + "|", StringComparison.Ordinal));

    /// <summary>
    /// The products of an advisory's <c>Products</c> column: a JSON list of them, or, for an advisory that names CVE
    /// ids apart from its own id (JVN's), an object with the list and the ids (<see cref="StoredProducts"/>).
    /// </summary>
    internal static IReadOnlyList<AdvisoryProduct> Products(string json) => Stored(json).Products;

    /// <summary>The CVE ids an advisory names apart from its own id, from its <c>Products</c> column.</summary>
    internal static IReadOnlyList<string>? Cves(string json) => Stored(json).Cves;

    internal static StoredProducts Stored(string json) => json.TrimStart().StartsWith('{')
        ? JsonSerializer.Deserialize<StoredProducts>(json, ThreatChanges.Json) ?? new([], null)
        : new(JsonSerializer.Deserialize<List<AdvisoryProduct>>(json, ThreatChanges.Json) ?? [], null);

    private static AdvisoryView View(ThreatAdvisoryRow r, Dictionary<Guid, (int Open, int Pending)> counts)
    {
        var (open, pending) = counts.GetValueOrDefault(r.Id);
        return new(r.Id, r.Source, r.ExternalId, r.Title, Products(r.Products), r.AffectedVersions, r.Published, r.DueDate, r.RequiredAction,
            r.KnownRansomware, r.Link, r.Description, r.AddedAt, r.AddedBy, open, pending);
    }

    private static MatchView View(ThreatMatchRow m, ThreatAdvisoryRow a) => new(
        m.Id, a.Id, a.Source, a.ExternalId, a.Title, a.DueDate, a.KnownRansomware, m.TargetKind, m.TargetId, m.TargetName, m.Device, m.Maker,
        m.Matched, m.Version, m.Kind, m.VersionAffected, m.Status, m.CreatedAt, m.DecidedBy, m.DecidedAt, m.ClosedBy, m.ClosedAt, m.Note, m.Pair);
}

/// <summary>An advisory's products with the CVE ids it names, as kept in its <c>Products</c> column when it names any.</summary>
internal sealed record StoredProducts(IReadOnlyList<AdvisoryProduct> Products, IReadOnlyList<string>? Cves);
