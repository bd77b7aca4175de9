using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Incidents;
using Sonae.Core.Threats;
using Sonae.Data;
using Sonae.Data.Threats;
using Sonae.Web.Preparedness;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Threats;

/// <summary>
/// Changes the organization's threat information: saves advisories (imported, fetched or entered by hand; the same
/// source and id again updates the one kept), matches them against the preparedness record's lines and assets
/// (Core's <see cref="ThreatMatching"/>), and records the officer's decisions: confirm or dismiss a fuzzy match
/// (remembered for the pair), close a task.
/// </summary>
public sealed class ThreatChanges(SonaeDbContext db, LoadPreparedness preparedness, TimeProvider clock)
{
    /// <summary>The largest advisory file taken (CISA's whole catalogue is some 1.5 MB).</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An import refused whole: nothing in the file could be read.</summary>
    public sealed record Refused(IReadOnlyList<ProblemLine> Problems);

    /// <summary>Reads a KEV catalogue (JSON) or a JVNRSS feed (XML), whichever the file is, and saves what it could read.</summary>
    public async Task<OneOf> Import(byte[] file, string by, CancellationToken cancellationToken)
    {
        var read = Read(file);
        var problems = read.Problems.Select(p => new ProblemLine(p.Line, p.Text.For(CultureInfo.CurrentUICulture))).ToList();
        if (read.Advisories.Count == 0)
            return new OneOf(null, new Refused(problems.Count > 0 ? problems : [new ProblemLine(0, UiTexts.ThreatsFileEmpty)]));
        var saved = await Save(read.Advisories, by, cancellationToken);
        return new OneOf(saved with { Problems = problems }, null);
    }

    /// <summary>Either what was imported or why nothing was.</summary>
    public sealed record OneOf(ImportResult? Imported, Refused? Refused);

    /// <summary>A KEV catalogue starts with <c>{</c>, a JVNRSS feed with <c>&lt;</c> (after a byte-order mark and spaces).</summary>
    public static AdvisoryFile Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var start = file.AsSpan();
        if (start.StartsWith("\uFEFF"u8))
            start = start[3..];
        var first = start.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && start[first] == (byte)'<')
        {
            using var stream = new MemoryStream(file);
            return JvnRss.Read(stream);
        }
        return KevCatalogue.Read(start);
    }

    /// <summary>Checks an advisory a person entered; a problem's text names the field as the form does.</summary>
    public static (Advisory? Advisory, string? Field, string? Problem) Check(AddAdvisoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AdvisorySources.TryParse(request.Source, out var source))
            return (null, "source", ProblemResults.Format(ProblemTexts.FieldValueNotAllowed, Texts.Field("source"), request.Source ?? "",
                string.Join(", ", Enum.GetValues<AdvisorySource>().Select(s => s.Id()))));
        var refused = TextRules.Check("id", request.Id, 100, required: true) ?? TextRules.Check("title", request.Title, 400, required: true)
            ?? TextRules.Check("vendor", request.Vendor, TextLimits.ShortText, required: true) ?? TextRules.Check("product", request.Product, TextLimits.ShortText, required: true)
            ?? TextRules.Check("cpe", request.Cpe, TextLimits.ShortText) ?? TextRules.Check("affectedVersions", request.AffectedVersions, 400)
            ?? TextRules.Check("link", request.Link, 2_000) ?? TextRules.Check("description", request.Description, TextLimits.LongText);
        if (refused is not null)
            return (null, refused.Field, ProblemResults.Describe(refused));
        if (Day(request.Published, out var published) is false)
            return (null, "published", ProblemResults.Format(UiTexts.ThreatsNotADate, request.Published!));
        if (Day(request.DueDate, out var due) is false)
            return (null, "dueDate", ProblemResults.Format(UiTexts.ThreatsNotADate, request.DueDate!));
        if (!string.IsNullOrWhiteSpace(request.Link) && !Core.Notices.ChannelRules.IsWebAddress(request.Link))
            return (null, "link", ProblemResults.Format(UiTexts.ThreatsNotAUrl, request.Link));
        if (!string.IsNullOrWhiteSpace(request.Cpe) && Cpe.TryParse(request.Cpe) is null)
            return (null, "cpe", ProblemResults.Format(UiTexts.ThreatsNotACpe, request.Cpe));
        static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return (new Advisory(source, request.Id!.Trim(), request.Title!.Trim(), [new AdvisoryProduct(request.Vendor!.Trim(), request.Product!.Trim(), Blank(request.Cpe))],
            Blank(request.AffectedVersions), published, due, null, request.KnownRansomware == true, Blank(request.Link), Blank(request.Description)), null, null);
    }

    private static bool? Day(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        day = parsed;
        return true;
    }

    /// <summary>
    /// Saves advisories (each new one added, each kept one updated, never twice) and matches them against the
    /// preparedness record as it is now. A match already made keeps its status: a closed task is not reopened by
    /// importing the catalogue again.
    /// </summary>
    public async Task<ImportResult> Save(IReadOnlyList<Advisory> advisories, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(advisories);
        var now = Timestamps.Normalize(clock.GetUtcNow());
        // The last of two entries with one id wins, as a catalogue read top to bottom would have it.
        var unique = advisories.GroupBy(a => (a.Source, a.Id)).Select(g => g.Last()).ToList();
        var record = await preparedness.Record(cancellationToken);
        var targets = MatchTarget.From(record);
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var kept = new Dictionary<(string, string), ThreatAdvisoryRow>();
        foreach (var source in unique.GroupBy(a => a.Source.Id()))
        {
            var ids = source.Select(a => a.Id).ToList();
            foreach (var chunk in ids.Chunk(500))
            {
                foreach (var row in await db.ThreatAdvisories.Where(a => a.Source == source.Key && chunk.Contains(a.ExternalId)).ToListAsync(cancellationToken))
                    kept[(row.Source, row.ExternalId)] = row;
            }
        }
        int added = 0, updated = 0;
        var rows = new List<(ThreatAdvisoryRow Row, Advisory Advisory)>();
        foreach (var advisory in unique)
        {
            if (!kept.TryGetValue((advisory.Source.Id(), advisory.Id), out var row))
            {
                row = new ThreatAdvisoryRow
                {
                    Id = Guid.CreateVersion7(now), OrganizationId = db.Scope.OrganizationId!.Value, Source = advisory.Source.Id(), ExternalId = advisory.Id,
                    Title = "", Products = "[]", AddedAt = now, AddedBy = by,
                };
                db.ThreatAdvisories.Add(row);
                added++;
            }
            else
                updated++;
            Fill(row, advisory, now);
            rows.Add((row, advisory));
        }
        await db.SaveChangesAsync(cancellationToken);
        var matches = await MatchAll(rows, targets, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportResult(unique.Count, added, updated, matches, []);
    }

    /// <summary>Matches every advisory kept against the record as it is now (after the inventory or the lines changed).</summary>
    public async Task<int> Rematch(CancellationToken cancellationToken)
    {
        var now = Timestamps.Normalize(clock.GetUtcNow());
        var targets = MatchTarget.From(await preparedness.Record(cancellationToken));
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.ThreatAdvisories.ToListAsync(cancellationToken);
        var made = await MatchAll([.. rows.Select(r => (r, ToAdvisory(r)))], targets, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return made;
    }

    private async Task<int> MatchAll(IReadOnlyList<(ThreatAdvisoryRow Row, Advisory Advisory)> advisories, IReadOnlyList<MatchTarget> targets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var decisions = await db.ThreatDecisions.AsNoTracking().ToDictionaryAsync(d => d.Pair, d => d.Confirmed, StringComparer.Ordinal, cancellationToken);
        var ids = advisories.Select(a => a.Row.Id).ToList();
        var existing = new HashSet<(Guid, string, string)>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var m in await db.ThreatMatches.AsNoTracking().Where(m => chunk.Contains(m.AdvisoryId)).Select(m => new { m.AdvisoryId, m.TargetKind, m.TargetId }).ToListAsync(cancellationToken))
                existing.Add((m.AdvisoryId, m.TargetKind, m.TargetId));
        }
        // The CVEs each line or asset already has a match for (not dismissed), by whichever source: KEV's and JVN's
        // entries about one flaw are one task, not two.
        var covered = new Dictionary<(string, string), HashSet<string>>();
        void Cover(string kind, string target, IEnumerable<string> cves)
        {
            if (!covered.TryGetValue((kind, target), out var set))
                covered[(kind, target)] = set = new(StringComparer.Ordinal);
            set.UnionWith(cves);
        }
        var kept = await db.ThreatMatches.AsNoTracking().Where(m => m.Status != LoadThreats.Dismissed)
            .Join(db.ThreatAdvisories.AsNoTracking(), m => m.AdvisoryId, a => a.Id, (m, a) => new { m.TargetKind, m.TargetId, a.ExternalId, a.Products })
            .ToListAsync(cancellationToken);
        foreach (var m in kept)
            Cover(m.TargetKind, m.TargetId, new Advisory(AdvisorySource.Manual, m.ExternalId, "", [], Cves: LoadThreats.Cves(m.Products)).CveIds);
        var made = 0;
        foreach (var (row, advisory) in advisories)
        {
            var cves = advisory.CveIds;
            foreach (var match in ThreatMatching.Match(advisory, targets, decisions))
            {
                var kind = match.Target.Kind == TargetKind.Line ? "line" : "asset";
                if (existing.Contains((row.Id, kind, match.Target.Id)))
                    continue;
                if (cves.Count > 0 && covered.TryGetValue((kind, match.Target.Id), out var already) && cves.Any(already.Contains))
                    continue;
                existing.Add((row.Id, kind, match.Target.Id));
                Cover(kind, match.Target.Id, cves);
                var confirmed = match.Fuzzy && decisions.GetValueOrDefault(match.Pair);
                db.ThreatMatches.Add(new ThreatMatchRow
                {
                    Id = Guid.CreateVersion7(now), OrganizationId = row.OrganizationId, AdvisoryId = row.Id, TargetKind = kind, TargetId = match.Target.Id,
                    TargetName = Clip(match.Target.Name, 200)!, Device = match.Target.Device, Maker = Clip(match.Maker, 200), Matched = Clip(match.Matched, 200)!,
                    Version = Clip(match.Target.Version, 100), Kind = Localization.Wire.Name(match.Kind), Pair = Clip(match.Pair, 1_000)!, VersionAffected = match.VersionAffected,
                    Status = match.Fuzzy && !confirmed ? LoadThreats.Pending : LoadThreats.Open, CreatedAt = now,
                    DecidedAt = confirmed ? now : null, DecidedBy = confirmed ? "sonae" : null,
                });
                made++;
            }
        }
        return made;
    }

    /// <summary>
    /// Confirms (a task opens) or dismisses a fuzzy match, and remembers the decision for its pair: every other match
    /// of the same pair waiting now is decided with it, and later advisories about the pair are not asked again.
    /// </summary>
    /// <returns>How many matches the decision settled, or null when the match is not pending (or not there).</returns>
    public async Task<int?> Decide(Guid id, bool confirm, string by, CancellationToken cancellationToken)
    {
        var now = Timestamps.Normalize(clock.GetUtcNow());
        using var gate = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var match = await db.ThreatMatches.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (match is null || match.Status != LoadThreats.Pending)
            return null;
        var decision = await db.ThreatDecisions.FirstOrDefaultAsync(d => d.Pair == match.Pair, cancellationToken);
        if (decision is null)
            db.ThreatDecisions.Add(decision = new ThreatDecisionRow { OrganizationId = match.OrganizationId, Pair = match.Pair, DecidedBy = by });
        decision.Confirmed = confirm;
        decision.DecidedAt = now;
        decision.DecidedBy = by;
        var same = await db.ThreatMatches.Where(m => m.Pair == match.Pair && m.Status == LoadThreats.Pending).ToListAsync(cancellationToken);
        foreach (var m in same)
        {
            m.Status = confirm ? LoadThreats.Open : LoadThreats.Dismissed;
            m.DecidedAt = now;
            m.DecidedBy = by;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return same.Count;
    }

    /// <summary>Closes an open task (the firmware was updated, the vendor answered it is not affected).</summary>
    /// <returns>False when the match is not an open task.</returns>
    public async Task<bool> Close(Guid id, string? note, string by, CancellationToken cancellationToken)
    {
        var match = await db.ThreatMatches.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (match is null || match.Status != LoadThreats.Open)
            return false;
        match.Status = LoadThreats.Closed;
        match.ClosedAt = Timestamps.Normalize(clock.GetUtcNow());
        match.ClosedBy = by;
        match.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Checks the feed's settings: each address absent or an absolute http(s) URL on a host the operator allows
    /// (<see cref="ThreatFeedOptions.AllowedHosts"/>); turning it on needs one.
    /// </summary>
    public static (string? Field, string? Problem) Check(FeedRequest request, ThreatFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (field, url) in new[] { ("kevUrl", request.KevUrl), ("jvnUrl", request.JvnUrl) })
        {
            if (TextRules.Check(field, url, 2_000) is { } refused)
                return (field, ProblemResults.Describe(refused));
            if (!string.IsNullOrWhiteSpace(url) && !Core.Notices.ChannelRules.IsWebAddress(url))
                return (field, ProblemResults.Format(UiTexts.ThreatsNotAUrl, url));
            if (!string.IsNullOrWhiteSpace(url) && !options.Allows(new Uri(url.Trim())))
                return (field, ProblemResults.Format(UiTexts.ThreatsFeedHostNotAllowed, new Uri(url.Trim()).Host, string.Join(", ", options.Hosts)));
        }
        if (request.Enabled == true && string.IsNullOrWhiteSpace(request.KevUrl) && string.IsNullOrWhiteSpace(request.JvnUrl))
            return ("enabled", UiTexts.ThreatsFeedNeedsUrl);
        return (null, null);
    }

    public async Task SaveFeed(FeedRequest request, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var row = await db.ThreatFeeds.FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            db.ThreatFeeds.Add(row = new ThreatFeedRow { OrganizationId = db.Scope.OrganizationId!.Value, ChangedBy = by });
        row.KevUrl = string.IsNullOrWhiteSpace(request.KevUrl) ? null : request.KevUrl.Trim();
        row.JvnUrl = string.IsNullOrWhiteSpace(request.JvnUrl) ? null : request.JvnUrl.Trim();
        row.Enabled = request.Enabled == true;
        row.ChangedAt = Timestamps.Normalize(clock.GetUtcNow());
        row.ChangedBy = by;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Writes what the last fetch did, in both languages.</summary>
    public async Task SaveFetchResult(bool ok, string japanese, string english, CancellationToken cancellationToken)
    {
        var row = await db.ThreatFeeds.FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return;
        row.LastFetchAt = Timestamps.Normalize(clock.GetUtcNow());
        row.LastOk = ok;
        row.LastResult = Clip(japanese + "\n" + english, 4_000);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Fill(ThreatAdvisoryRow row, Advisory advisory, DateTimeOffset now)
    {
        row.Title = Clip(advisory.Title, 400)!;
        // The CVE ids it names ride with its products (no column of their own): a list alone when it names none.
        row.Products = ProductsJson(advisory);
        row.AffectedVersions = Clip(advisory.AffectedVersions, 400);
        row.Published = advisory.Published;
        row.DueDate = advisory.DueDate;
        row.RequiredAction = Clip(advisory.RequiredAction, 2_000);
        row.KnownRansomware = advisory.KnownRansomware;
        // A feed's link becomes a link on the page: only a web address, never javascript: or data:.
        row.Link = Core.Notices.ChannelRules.IsWebAddress(advisory.Link) ? Clip(advisory.Link, 2_000) : null;
        row.Description = Clip(advisory.Description, 8_000);
        row.UpdatedAt = now;
    }

    private static Advisory ToAdvisory(ThreatAdvisoryRow r) =>
        new(AdvisorySources.TryParse(r.Source, out var s) ? s : AdvisorySource.Manual, r.ExternalId, r.Title, LoadThreats.Products(r.Products), r.AffectedVersions,
            r.Published, r.DueDate, r.RequiredAction, r.KnownRansomware, r.Link, r.Description, LoadThreats.Cves(r.Products));

    /// <summary>
    /// The advisory's products (and the CVE ids it names) as its column keeps them: JSON within the column's 20,000
    /// characters, by keeping fewer products (a JVN entry can list hundreds of CPEs), never by cutting the text.
    /// </summary>
    private static string ProductsJson(Advisory advisory)
    {
        const int limit = 20_000;
        var products = advisory.Products;
        var cves = advisory.Cves;
        while (true)
        {
            var json = cves is { Count: > 0 }
                ? JsonSerializer.Serialize(new StoredProducts(products, cves), Json)
                : JsonSerializer.Serialize(products, Json);
            if (json.Length <= limit || (products.Count <= 1 && cves is not { Count: > 1 }))
                return json.Length <= limit ? json : "[]";
            if (products.Count > 1)
                products = [.. products.Take(products.Count / 2)];
            else
                cves = [.. cves!.Take(cves!.Count / 2)];
        }
    }

    /// <summary>Text from outside is kept whole up to the column's length; beyond it, cut (a feed's description is not the record).</summary>
    private static string? Clip(string? text, int length) => text is null ? null : TextRules.Shorten(text, length);
}
