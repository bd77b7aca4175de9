using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Preparedness;
using Sonae.Data;
using Sonae.Data.Preparedness;

namespace Sonae.Web.Preparedness;

/// <summary>
/// Saves a section of the preparedness record as its next version, with a note, if the editor worked from the
/// newest version: two people editing the network at once do not overwrite each other, the second is told.
/// </summary>
public sealed class SavePreparednessSection(SonaeDbContext db, TimeProvider clock)
{
    public const int MaxNoteLength = 2000;

    public abstract record Outcome;

    public sealed record Saved(int Version) : Outcome;

    /// <summary>Someone saved version <paramref name="Current"/> since the editor loaded <paramref name="Base"/>.</summary>
    public sealed record Conflict(int Base, int Current) : Outcome;

    public sealed record Invalid(IReadOnlyList<ContentProblem> Problems) : Outcome;

    /// <param name="baseVersion">The version the editor started from (0 before the first save).</param>
    public async Task<Outcome> Run(Guid organizationId, PreparednessSection section, int baseVersion, object content, string? note, string by, CancellationToken cancellationToken)
    {
        var problems = SectionValidation.Check(content, DateOnly.FromDateTime(clock.GetUtcNow().ToJst().DateTime)).ToList();
        if (note?.Length > MaxNoteLength)
            problems.Add(new ContentProblem("note", "too-long", Bilingual.Format(PreparednessTexts.ResourceManager, "Content_too_long", "note", MaxNoteLength)));
        else if (TextRules.HasUnfitCharacters(note))
            problems.Add(new ContentProblem("note", "control-characters", Bilingual.Format(PreparednessTexts.ResourceManager, "Content_control_characters", "note", null)));
        if (problems.Count > 0)
            return new Invalid(problems);
        using var writer = await db.EnterWriterAsync(cancellationToken);
        var current = await db.PreparednessRevisions.Where(r => r.Section == section.Id()).MaxAsync(r => (int?)r.Version, cancellationToken) ?? 0;
        if (current != baseVersion)
            return new Conflict(baseVersion, current);
        var revision = new PreparednessRevision
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Section = section.Id(),
            Version = current + 1,
            Content = PreparednessSections.Serialize(section, content),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            ChangedAt = clock.GetUtcNow(),
            ChangedBy = by,
        };
        db.PreparednessRevisions.Add(revision);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new Saved(revision.Version);
        }
        catch (DbUpdateException e) when (StorageRegistration.IsUniqueViolation(e))
        {
            // Another server saved the same next version between our read and our write (PostgreSQL, several servers).
            db.Entry(revision).State = EntityState.Detached;
            return new Conflict(baseVersion, current + 1);
        }
    }
}
