using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Web.Access;
using Sonae.Data;

namespace Sonae.Web.Preparedness;

/// <summary>
/// Sets the number staff call (the settings page): the people record's security officer on duty gets it as their
/// first phone line, saved as the people record's next version with who changed it and why, like any other edit
/// of the record. Once saved, the old settings field is emptied: its number now lives in the record.
/// </summary>
public sealed class SetEmergencyContact(SonaeDbContext db, LoadPreparedness load, SavePreparednessSection save)
{
    /// <summary>The form refused before anything was saved: who may not, or which field is wrong and why.</summary>
    public sealed record Refused(IReadOnlyList<Refusal> Refusals) : SavePreparednessSection.Outcome;

    /// <param name="baseVersion">The people record's version the form showed: a save made since is a conflict, never overwritten.</param>
    /// <param name="name">The officer's name, needed only when the record has no security officer yet.</param>
    public async Task<SavePreparednessSection.Outcome> Run(
        Caller caller, int baseVersion, string? name, ChannelKind kind, string? number, string note, CancellationToken cancellationToken)
    {
        // The number lives in the people record: whoever sets it edits that record.
        if (Permissions.Check(caller.Actor, Operation.EditPreparedness) is { } notAllowed)
            return new Refused([notAllowed]);
        var current = await load.Current(PreparednessSection.People, cancellationToken);
        var needsName = EmergencyContacts.OnDutyOfficer(current.As<PeopleDirectory>()) is null;
        var problems = new List<Refusal>();
        foreach (var (field, value, required) in new[] { ("contactName", name, needsName), ("contactPhone", number, true) })
        {
            if (TextRules.Check(field, value, TextLimits.ShortText, required) is { } bad)
                problems.Add(bad);
        }
        // Only a crafted form sends a line that is not a phone (the page's list offers none).
        if (!kind.IsPhone())
            problems.Add(new FieldRefused("contactKind", FieldProblem.InvalidId));
        if (problems.Count > 0)
            return new Refused(problems);
        if (current.Version != baseVersion)
            return new SavePreparednessSection.Conflict(baseVersion, current.Version);
        var people = EmergencyContacts.WithNumber(current.As<PeopleDirectory>(), needsName ? name : null, kind, number!);
        var outcome = await save.Run(caller.OrganizationId, PreparednessSection.People, baseVersion, people, note, caller.Actor.Name, cancellationToken);
        if (outcome is SavePreparednessSection.Saved)
        {
            // After the record's save, not with it: should this fail, the record already wins over the old field.
            using var writer = await db.EnterWriterAsync(cancellationToken);
            await db.Organizations.Where(o => o.Id == caller.OrganizationId && (o.EmergencyContactName != null || o.EmergencyContactPhone != null))
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.EmergencyContactName, (string?)null).SetProperty(x => x.EmergencyContactPhone, (string?)null), cancellationToken);
        }
        return outcome;
    }
}
