using Microsoft.EntityFrameworkCore;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Playbooks;

namespace Sonae.Web.Playbooks;

/// <summary>
/// Stores a new version of a playbook for an organization: the YAML exactly as given, after the loader accepts
/// it. The same id as an existing playbook makes its next version; incidents already open keep theirs.
/// </summary>
public sealed class AddPlaybookVersion(SonaeDbContext db, TimeProvider clock)
{
    public abstract record Outcome;

    public sealed record Added(PlaybookVersion Version) : Outcome;

    public sealed record Invalid(IReadOnlyList<PlaybookProblem> Problems) : Outcome;

    public async Task<Outcome> Run(Guid organizationId, string yaml, string addedBy, bool builtIn, CancellationToken cancellationToken)
    {
        var loaded = PlaybookLoader.Load(yaml);
        if (loaded.Playbook is not { } playbook)
            return new Invalid(loaded.Problems);

        // Two uploads at once would take the same next number: the unique index refuses one, which tries again.
        for (var attempt = 1; ; attempt++)
        {
            // Inside a caller's transaction the caller already holds the writer's turn (and taking it again would wait forever).
            using var writer = db.Database.CurrentTransaction is null ? await db.EnterWriterAsync(cancellationToken) : null;
            var latest = await db.PlaybookVersions.IgnoreQueryFilters([SonaeDbContext.TenantFilter])
                .Where(v => v.OrganizationId == organizationId && v.PlaybookId == playbook.Id)
                .MaxAsync(v => (int?)v.Version, cancellationToken);
            var version = new PlaybookVersion
            {
                Id = Guid.CreateVersion7(),
                OrganizationId = organizationId,
                PlaybookId = playbook.Id,
                Version = (latest ?? 0) + 1,
                Title = playbook.Title.Ja,
                Yaml = yaml,
                Sha256 = playbook.Sha256,
                BuiltIn = builtIn,
                AddedAt = clock.GetUtcNow(),
                AddedBy = addedBy,
            };
            db.PlaybookVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new Added(version);
            }
            catch (DbUpdateException e) when (StorageRegistration.IsUniqueViolation(e) && attempt < 5)
            {
                db.Entry(version).State = EntityState.Detached;
            }
        }
    }

    /// <summary>
    /// Gives an organization the playbook shipped with this Sonae, as a new version when its text changed since
    /// the last one shipped, unless the organization has uploaded its own version of it since.
    /// </summary>
    public async Task<PlaybookVersion?> EnsureBuiltIn(Guid organizationId, CancellationToken cancellationToken)
    {
        // The shipped text's digest, not the loaded playbook: at start an organization almost always has this version,
        // and loading the YAML would hold the start up for nothing.
        var latest = await db.PlaybookVersions.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).AsNoTracking()
            .Where(v => v.OrganizationId == organizationId && v.PlaybookId == BuiltInPlaybooks.MhlwIncidentFlowchartId)
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is not null && (latest.Sha256 == BuiltInPlaybooks.MhlwIncidentFlowchartSha256 || !latest.BuiltIn))
            return null;
        var outcome = await Run(organizationId, BuiltInPlaybooks.MhlwIncidentFlowchartYaml, "Sonae", builtIn: true, cancellationToken);
        return ((Added)outcome).Version;
    }
}
