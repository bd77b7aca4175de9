using Microsoft.EntityFrameworkCore;
using Sonae.Core.Preparedness;
using Sonae.Data;

namespace Sonae.Web.Preparedness;

/// <summary>
/// Sets the number staff call (the settings page): the people record's security officer on duty gets it as their
/// first phone line, saved as the people record's next version with who changed it and why, like any other edit
/// of the record. Once saved, the old settings field is emptied: its number now lives in the record.
/// </summary>
public sealed class SetEmergencyContact(SonaeDbContext db, LoadPreparedness load, SavePreparednessSection save)
{
    /// <param name="baseVersion">The people record's version the form showed: a save made since is a conflict, never overwritten.</param>
    /// <param name="name">The officer's name, needed only when the record has no security officer yet.</param>
    public async Task<SavePreparednessSection.Outcome> Run(
        Guid organizationId, int baseVersion, string? name, ChannelKind kind, string number, string note, string by, CancellationToken cancellationToken)
    {
        var current = await load.Current(PreparednessSection.People, cancellationToken);
        if (current.Version != baseVersion)
            return new SavePreparednessSection.Conflict(baseVersion, current.Version);
        var people = EmergencyContacts.WithNumber(current.As<PeopleDirectory>(), name, kind, number);
        var outcome = await save.Run(organizationId, PreparednessSection.People, baseVersion, people, note, by, cancellationToken);
        if (outcome is SavePreparednessSection.Saved)
        {
            // After the record's save, not with it: should this fail, the record already wins over the old field.
            using var writer = await db.EnterWriterAsync(cancellationToken);
            await db.Organizations.Where(o => o.Id == organizationId && (o.EmergencyContactName != null || o.EmergencyContactPhone != null))
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.EmergencyContactName, (string?)null).SetProperty(x => x.EmergencyContactPhone, (string?)null), cancellationToken);
        }
        return outcome;
    }
}
