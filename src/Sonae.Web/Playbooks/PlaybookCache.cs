using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Playbooks;

namespace Sonae.Web.Playbooks;

/// <summary>A stored playbook version, parsed.</summary>
public sealed record LoadedPlaybook(Guid VersionId, string PlaybookId, int Version, string Sha256, Playbook Playbook);

/// <summary>
/// Parsed playbook versions, by version id. A stored version never changes, so an entry never goes stale.
/// </summary>
public sealed class PlaybookCache
{
    private readonly ConcurrentDictionary<Guid, LoadedPlaybook> _playbooks = new();

    public async Task<LoadedPlaybook> Load(SonaeDbContext db, Guid versionId, CancellationToken cancellationToken)
    {
        if (_playbooks.TryGetValue(versionId, out var cached))
            return cached;
        var version = await db.PlaybookVersions.AsNoTracking().SingleAsync(v => v.Id == versionId, cancellationToken);
        return Load(version);
    }

    public async Task<Playbook> Get(SonaeDbContext db, Guid versionId, CancellationToken cancellationToken) =>
        (await Load(db, versionId, cancellationToken)).Playbook;

    public LoadedPlaybook Load(PlaybookVersion version) => _playbooks.GetOrAdd(version.Id, _ => Parse(version));

    public Playbook Get(PlaybookVersion version) => Load(version).Playbook;

    private static LoadedPlaybook Parse(PlaybookVersion version)
    {
        // A stored version may predate today's rules (a version of the built-in playbook without bindings): it loads
        // as it ran, so that its incidents keep their reports.
        var result = PlaybookLoader.LoadStored(version.Yaml);
        var playbook = result.Playbook ?? throw new InvalidOperationException(
            $"Stored playbook version {version.Id} no longer loads: {string.Join("; ", result.Problems.Select(p => p.Message.En))}");
        return new LoadedPlaybook(version.Id, version.PlaybookId, version.Version, version.Sha256, playbook);
    }
}
