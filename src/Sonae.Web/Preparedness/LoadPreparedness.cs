using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Preparedness;

namespace Sonae.Web.Preparedness;

/// <summary>A version of a section: its content and who saved it when (version 0 and no author before the first save).</summary>
public sealed record SectionRevision(PreparednessSection Section, int Version, object? Content, string? Note, DateTimeOffset? ChangedAt, string? ChangedBy)
{
    public T As<T>() where T : class => (T)(Content ?? Section.Initial()!);
}

/// <summary>Reads the organization's preparedness record: the newest version of each section, or any older one.</summary>
public sealed class LoadPreparedness(SonaeDbContext db, TimeProvider clock)
{
    /// <summary>Today in Japan, the day readiness is judged on.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().ToJst().DateTime);

    public async Task<SectionRevision> Current(PreparednessSection section, CancellationToken cancellationToken)
    {
        var row = await db.PreparednessRevisions.AsNoTracking()
            .Where(r => r.Section == section.Id())
            .OrderByDescending(r => r.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? new SectionRevision(section, 0, section.Initial(), null, null, null) : View(section, row);
    }

    public async Task<SectionRevision?> Version(PreparednessSection section, int version, CancellationToken cancellationToken)
    {
        var row = await db.PreparednessRevisions.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Section == section.Id() && r.Version == version, cancellationToken);
        return row is null ? null : View(section, row);
    }

    /// <summary>
    /// What changed from one version of the network or the inventory to another (version 0 is the empty start);
    /// null when either version does not exist.
    /// </summary>
    public async Task<IReadOnlyList<ItemChange>?> Compare(PreparednessSection section, int from, int to, CancellationToken cancellationToken)
    {
        var before = from == 0 ? new SectionRevision(section, 0, section.Initial(), null, null, null) : await Version(section, from, cancellationToken);
        var after = await Version(section, to, cancellationToken);
        if (before is null || after is null)
            return null;
        return section == PreparednessSection.Network
            ? VersionComparison.Compare(before.As<NetworkConfiguration>(), after.As<NetworkConfiguration>())
            : VersionComparison.Compare(before.As<Inventory>(), after.As<Inventory>());
    }

    /// <summary>Every version of a section, newest first, without content.</summary>
    public async Task<IReadOnlyList<SectionRevision>> History(PreparednessSection section, CancellationToken cancellationToken) =>
        (await db.PreparednessRevisions.AsNoTracking()
            .Where(r => r.Section == section.Id())
            .OrderByDescending(r => r.Version)
            .Select(r => new { r.Version, r.Note, r.ChangedAt, r.ChangedBy })
            .ToListAsync(cancellationToken))
        .Select(r => new SectionRevision(section, r.Version, null, r.Note, r.ChangedAt, r.ChangedBy))
        .ToList();

    /// <summary>The whole record as of now: the newest version of every section.</summary>
    public async Task<PreparednessRecord> Record(CancellationToken cancellationToken) => (await Sections(cancellationToken)).Record;

    /// <summary>The whole record as it stood at a moment: the newest version of every section saved by then.</summary>
    public async Task<PreparednessRecord> RecordAt(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var then = await db.PreparednessRevisions.AsNoTracking()
            .Where(r => r.ChangedAt <= at && r.Version == db.PreparednessRevisions.Where(o => o.Section == r.Section && o.ChangedAt <= at).Max(o => o.Version))
            .ToListAsync(cancellationToken);
        return Assemble(PreparednessSections.All.ToDictionary(s => s, s => then.FirstOrDefault(r => r.Section == s.Id()) is { } row ? View(s, row) : new SectionRevision(s, 0, s.Initial(), null, null, null)));
    }

    /// <summary>
    /// The whole record and the version of each section it was read from, in one query: a change made from it
    /// saves against exactly those versions, so a save that came in between is a conflict, never overwritten.
    /// </summary>
    public async Task<(PreparednessRecord Record, IReadOnlyDictionary<PreparednessSection, int> Versions)> Sections(CancellationToken cancellationToken)
    {
        var latest = await db.PreparednessRevisions.AsNoTracking()
            .Where(r => r.Version == db.PreparednessRevisions.Where(o => o.Section == r.Section).Max(o => o.Version))
            .ToListAsync(cancellationToken);
        var sections = PreparednessSections.All.ToDictionary(s => s, s => latest.FirstOrDefault(r => r.Section == s.Id()) is { } row ? View(s, row) : new SectionRevision(s, 0, s.Initial(), null, null, null));
        return (Assemble(sections), sections.ToDictionary(s => s.Key, s => s.Value.Version));
    }

    private static PreparednessRecord Assemble(Dictionary<PreparednessSection, SectionRevision> sections)
    {
        var inventory = sections[PreparednessSection.Inventory];
        return new PreparednessRecord(
            (OrganizationProfile?)sections[PreparednessSection.Profile].Content,
            sections[PreparednessSection.People].As<PeopleDirectory>(),
            sections[PreparednessSection.Parties].As<ExternalPartyList>(),
            sections[PreparednessSection.Inventory].As<Inventory>(),
            sections[PreparednessSection.Network].As<NetworkConfiguration>(),
            sections[PreparednessSection.Drills].As<DrillLog>(),
            inventory.ChangedAt is { } changed ? DateOnly.FromDateTime(changed.ToJst().DateTime) : null);
    }

    private static SectionRevision View(PreparednessSection section, PreparednessRevision row) =>
        new(section, row.Version, PreparednessSections.Deserialize(section, row.Content), row.Note, row.ChangedAt, row.ChangedBy);
}
