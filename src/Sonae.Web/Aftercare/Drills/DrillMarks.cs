using Microsoft.EntityFrameworkCore;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Data;

namespace Sonae.Web.Aftercare.Drills;

/// <summary>
/// How what a drill sends is marked and kept to its participants: every notice, page and status update of a drill's
/// incident carries <see cref="TitlePrefix"/> and a first line saying it is a drill, goes only to the drill's
/// participants (never to the call tree, a role or everyone) and never to the hospital's webhooks.
/// </summary>
public static class DrillMarks
{
    /// <summary>The mark at the start of a drill's notice titles, in both languages.</summary>
    public const string TitlePrefix = "【訓練】[DRILL] ";

    /// <summary>A drill notice's title: the mark, then the title (cut to the title's limit).</summary>
    public static string Title(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var marked = title.StartsWith(TitlePrefix, StringComparison.Ordinal) ? title : TitlePrefix + title;
        return marked.Length <= TextLimits.ShortText ? marked : marked[..TextLimits.ShortText];
    }

    /// <summary>A drill notice's text: the line that says it is a drill, then the text.</summary>
    public static string Body(string body) => DrillRecord.Both(nameof(Resources.UiTexts.DrillNoticeLine)) + "\n\n" + body;

    /// <summary>The keys of a drill's participants (<c>account:…</c>, <c>person:…</c>), or null when the incident is not a drill.</summary>
    public static async Task<IReadOnlySet<string>?> Participants(SonaeDbContext db, Guid incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Incidents.AnyAsync(i => i.Id == incidentId && i.Drill, cancellationToken))
            return null;
        var json = await db.DrillRuns.Where(r => r.IncidentId == incidentId).Select(r => r.Participants).SingleOrDefaultAsync(cancellationToken);
        // A drill opened without a run (through the incidents API) has nobody to tell.
        return json is null ? new HashSet<string>() : DrillRun.ReadParticipants(json).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether a recipient is one of the participants, by their own key or by their account.</summary>
    public static bool Takes(IReadOnlySet<string> participants, Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(recipient);
        return participants.Contains(recipient.Key)
            || recipient.AccountId is { } account && participants.Contains(Audiences.AccountPrefix + account.ToString("N"));
    }
}
