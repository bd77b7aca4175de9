using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Playbooks;

namespace Sonae.Web.Playbooks;

/// <summary>A stored playbook version and its playbook, parsed.</summary>
public sealed record StoredPlaybook(PlaybookVersion Version, Playbook Playbook);

/// <summary>Reads the playbook versions the organization holds (for the API, the binder and whatever shows a playbook).</summary>
public sealed class LoadPlaybooks(SonaeDbContext db, PlaybookCache cache)
{
    /// <summary>Every version, by playbook and newest first; the latest version of the organization's default playbook is marked.</summary>
    public async Task<IReadOnlyList<PlaybookVersionSummary>> Versions(Guid organizationId, CancellationToken cancellationToken)
    {
        var defaultId = await DefaultId(organizationId, cancellationToken);
        var versions = await db.PlaybookVersions.AsNoTracking().OrderBy(v => v.PlaybookId).ThenByDescending(v => v.Version).ToListAsync(cancellationToken);
        var latest = versions.GroupBy(v => v.PlaybookId).ToDictionary(g => g.Key, g => g.Max(v => v.Version));
        return [.. versions.Select(v => new PlaybookVersionSummary(
            v.PlaybookId, v.Version, v.Title, v.Sha256, v.BuiltIn, v.PlaybookId == defaultId && v.Version == latest[v.PlaybookId], v.AddedAt.ToJst(), v.AddedBy))];
    }

    /// <summary>The latest version of a playbook, or null when the organization holds none of it.</summary>
    public async Task<StoredPlaybook?> Latest(string playbookId, CancellationToken cancellationToken) =>
        Stored(await db.PlaybookVersions.AsNoTracking().Where(v => v.PlaybookId == playbookId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken));

    public async Task<StoredPlaybook?> Version(string playbookId, int version, CancellationToken cancellationToken) =>
        Stored(await db.PlaybookVersions.AsNoTracking().SingleOrDefaultAsync(v => v.PlaybookId == playbookId && v.Version == version, cancellationToken));

    /// <summary>The latest version of the organization's default playbook (every organization is given one when it is made).</summary>
    public async Task<StoredPlaybook> Default(Guid organizationId, CancellationToken cancellationToken) =>
        await Latest(await DefaultId(organizationId, cancellationToken), cancellationToken)
        ?? throw new InvalidOperationException($"Organization {organizationId} holds no version of its default playbook.");

    private Task<string> DefaultId(Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.Where(o => o.Id == organizationId).Select(o => o.DefaultPlaybookId).SingleAsync(cancellationToken);

    private StoredPlaybook? Stored(PlaybookVersion? version) => version is null ? null : new StoredPlaybook(version, cache.Get(version));
}
