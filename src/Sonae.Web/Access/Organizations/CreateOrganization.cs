using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data;
using Sonae.Data.Access;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Access;

/// <summary>
/// Makes a new organization with the built-in playbook and one API key per role. The keys are returned once and
/// only their hashes are kept. Used by first-run setup, by <c>sonae org add</c> and by the demo.
/// </summary>
public sealed class CreateOrganization(SonaeDbContext db, AddPlaybookVersion playbooks, TimeProvider clock)
{
    public sealed record IssuedKey(Role Role, string Name, string Key);

    public sealed record Created(Organization Organization, IReadOnlyList<IssuedKey> Keys);

    /// <summary>
    /// The names each role's key carries on the record until people have their own accounts: the role's short name
    /// in Japanese, as the record is kept in Japanese.
    /// </summary>
    public static IReadOnlyDictionary<Role, string> DefaultKeyNames { get; } = Roles.All.ToDictionary(r => r, r => r.ShortName().Ja);

    /// <summary>Whether a hospital's name can be kept: given, at most 200 characters, no control characters.</summary>
    public static Core.Incidents.FieldRefused? CheckName(string? name) =>
        Core.TextRules.Check("organizationName", name?.Trim(), TextLimits.ShortText, required: true);

    /// <param name="fixedKeys">Keys to use instead of random ones (the demo only, so that its keys can be printed in the README).</param>
    public async Task<Created> Run(string name, bool demo, CancellationToken cancellationToken, IReadOnlyDictionary<Role, string>? fixedKeys = null)
    {
        if (CheckName(name) is not null)
            throw new ArgumentException("An organization needs a name of at most 200 characters, without control characters.", nameof(name));
        var now = clock.GetUtcNow();
        var organization = new Organization
        {
            Id = Guid.CreateVersion7(),
            Name = name.Trim(),
            CreatedAt = now,
            DefaultPlaybookId = BuiltInPlaybooks.MhlwIncidentFlowchartId,
            IsDemo = demo,
        };
        db.Organizations.Add(organization);
        db.Scope.Enter(organization.Id);

        var keys = new List<IssuedKey>();
        foreach (var role in Roles.All)
        {
            var secret = fixedKeys?[role] ?? ApiKeySecrets.NewKey();
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7(),
                OrganizationId = organization.Id,
                Name = DefaultKeyNames[role],
                Roles = role.Id(),
                Prefix = ApiKeySecrets.Display(secret),
                SecretHash = ApiKeySecrets.Hash(secret),
                CreatedAt = now,
            });
            keys.Add(new IssuedKey(role, DefaultKeyNames[role], secret));
        }
        // All or nothing: an organization without its keys or its playbook would be stuck half made.
        using var writer = await db.EnterWriterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await playbooks.EnsureBuiltIn(organization.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Created(organization, keys);
    }
}
