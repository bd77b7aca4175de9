using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Audit;
using Sonae.Data;

namespace Sonae.Web.Audit;

/// <summary>What the audit page filters by: words in the act or its address, a name, days in Japan (both inclusive), failures only.</summary>
public sealed record AuditFilter(string? Text = null, string? Who = null, DateOnly? From = null, DateOnly? To = null, bool FailuresOnly = false);

/// <summary>An entry of the log as the page shows it.</summary>
/// <param name="Incident">The number of the incident the entry's address names (by number or by id), when it names one.</param>
public sealed record AuditEntryView(long Seq, DateTimeOffset At, string? ActorName, string Action, string Target, int Status, string? Address, int? Incident = null);

/// <param name="End">The chain's end now (its last sequence and hash), whatever the filter.</param>
/// <param name="Entries">The newest entries that match, newest first, at most <see cref="LoadAudit.Limit"/>.</param>
public sealed record AuditSearch(AuditHead End, IReadOnlyList<AuditEntryView> Entries);

/// <summary>
/// Reads an organization's audit log, from the PostgreSQL replica where one is set (<see cref="ReadDatabase"/>): the
/// log is written behind the requests it records in any case, so a search may lag a moment without anyone's own
/// write going missing from what they just did.
/// </summary>
public sealed class LoadAudit(ReadDatabase read)
{
    /// <summary>The most entries one search shows.</summary>
    public const int Limit = 200;

    public Task<AuditSearch> Search(Guid organizationId, AuditFilter filter, CancellationToken cancellationToken) =>
        read.Read(db => Search(db, organizationId, filter, cancellationToken), cancellationToken);

    private static async Task<AuditSearch> Search(SonaeDbContext db, Guid organizationId, AuditFilter filter, CancellationToken cancellationToken)
    {
        var end = await AuditChains.End(db, organizationId, cancellationToken);
        // No kept text holds a control character, so a search for one finds nothing (and PostgreSQL refuses U+0000).
        if (Core.TextRules.HasUnfitCharacters(filter.Text) || Core.TextRules.HasUnfitCharacters(filter.Who))
            return new AuditSearch(end, []);
        // The log is not filtered by tenancy (entries of no organization live there too): the organization is named here.
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organizationId);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            entries = entries.Where(e => e.Action.Contains(text) || e.Target.Contains(text));
        }
        if (!string.IsNullOrWhiteSpace(filter.Who))
        {
            var who = filter.Who.Trim();
            entries = entries.Where(e => e.ActorName != null && e.ActorName.Contains(who));
        }
        if (filter.From is { } from)
        {
            var start = StartInJapan(from);
            entries = entries.Where(e => e.At >= start);
        }
        if (filter.To is { } to)
        {
            var until = StartInJapan(to.AddDays(1));
            entries = entries.Where(e => e.At < until);
        }
        if (filter.FailuresOnly)
            entries = entries.Where(e => e.Status >= 400);
        var rows = await entries.OrderByDescending(e => e.Seq).Take(Limit)
            .Select(e => new AuditEntryView(e.Seq, e.At, e.ActorName, e.Action, e.Target, e.Status, e.Address)).ToListAsync(cancellationToken);
        // The API names an incident by its id; the page says its number, as people know it.
        var ids = rows.Select(r => AuditWords.IncidentIn(r.Target)).OfType<string>().Select(i => Guid.TryParse(i, out var id) ? id : Guid.Empty).Where(i => i != Guid.Empty).Distinct().ToList();
        var numbers = ids.Count == 0 ? [] : await db.Incidents.AsNoTracking().IgnoreQueryFilters().Where(i => i.OrganizationId == organizationId && ids.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id.ToString(), i => i.Number, StringComparer.OrdinalIgnoreCase, cancellationToken);
        return new AuditSearch(end, [.. rows.Select(r => r with { Incident = AuditWords.NumberOf(AuditWords.IncidentIn(r.Target), numbers) })]);
    }

    /// <summary>The start of a day in Japan, in UTC: Npgsql takes no other offset for a timestamptz parameter.</summary>
    private static DateTimeOffset StartInJapan(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), JapanTime.Offset).ToUniversalTime();
}
