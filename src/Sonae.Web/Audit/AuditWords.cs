using System.Globalization;
using System.Text.RegularExpressions;
using Sonae.Web.Resources;

namespace Sonae.Web.Audit;

/// <summary>
/// An audit entry in words, for the audit page: what the person did (「#3 にメモを追加」, "Signed in") and how it ended
/// (done, refused for their role …), in the reader's language. The entry itself keeps the raw request (method, route,
/// address, status) — the page shows it too, folded, and the CSV and `sonae verify` read it as written.
/// </summary>
public static partial class AuditWords
{
    /// <summary>Requests by their route (method and pattern as recorded), with the sentence each says; the first match wins.</summary>
    private static readonly (Regex Action, Func<string> Text)[] Routes =
    [
        (Route("POST /api/v1/incidents/"), () => UiTexts.AuditIncidentOpened),
        (Route("POST /api/v1/anomaly-reports"), () => UiTexts.AuditReported),
        (Route("POST /report"), () => UiTexts.AuditReported),
        (Route("POST /api/v1/incidents/{id}/notes"), () => UiTexts.AuditNote),
        (Route("POST /api/v1/incidents/{id}/steps/*/actions/*/complete"), () => UiTexts.AuditAction),
        (Route("POST /api/v1/incidents/{id}/steps/*/complete"), () => UiTexts.AuditStepDone),
        (Route("POST /api/v1/incidents/{id}/steps/*/skip"), () => UiTexts.AuditStepSkipped),
        (Route("* /api/v1/incidents/{id}/facts/*"), () => UiTexts.AuditFact),
        (Route("POST */incidents/*/merge"), () => UiTexts.AuditMerged),
        (Route("POST */incidents/*/attach"), () => UiTexts.AuditAttached),
        (Route("POST /api/v1/incidents/{id}/assets"), () => UiTexts.AuditAsset),
        (Route("POST /api/v1/incidents/{id}/contacts"), () => UiTexts.AuditContact),
        (Route("POST /incidents/*/contacts"), () => UiTexts.AuditContact),
        (Route("POST /api/v1/incidents/{id}/reports"), () => UiTexts.AuditReportSent),
        (Route("POST /api/v1/incidents/{id}/close"), () => UiTexts.AuditClosed),
        (Route("PUT /api/v1/incidents/{id}/reports/*/draft"), () => UiTexts.AuditDraftSaved),
        (Route("POST /api/v1/incidents/{id}/reports/*/draft/refill"), () => UiTexts.AuditDraftSaved),
        (Route("POST /api/v1/incidents/{id}/reports/*/issue"), () => UiTexts.AuditReportIssued),
        (Route("GET */incidents/{id}/reports/issued/*"), () => UiTexts.AuditIssuedDownloaded),
        (Route("POST /api/v1/incidents/{id}/reporting/assessment"), () => UiTexts.AuditReportingAssessed),
        (Route("POST /api/v1/incidents/{id}/reporting/awareness"), () => UiTexts.AuditAwarenessSet),
        (Route("POST /api/v1/incidents/{id}/reporting/rules"), () => UiTexts.AuditRulesChanged),
        (Route("POST /api/v1/incidents/{id}/reporting/figures"), () => UiTexts.AuditFigure),
        (Route("POST /incidents/*/reporting/do"), () => UiTexts.AuditReportingForm),
        (Route("POST /api/v1/incidents/{id}/evidence/"), () => UiTexts.AuditEvidenceAdded),
        (Route("POST /api/v1/incidents/{id}/evidence/*/handover"), () => UiTexts.AuditEvidenceHandedOver),
        (Route("GET /api/v1/incidents/{id}/evidence/manifest*"), () => UiTexts.AuditEvidenceManifest),
        (Route("GET /incidents/{id}/evidence/manifest*"), () => UiTexts.AuditEvidenceManifest),
        (Route("GET */incidents/{id}/evidence/*"), () => UiTexts.AuditEvidenceDownloaded),
        (Route("POST /incidents/{id}/evidence/do"), () => UiTexts.AuditEvidenceForm),
        (Route("POST /incidents/*/act"), () => UiTexts.AuditWorkspaceForm),
        (Route("POST /api/v1/incidents/{id}/command/take"), () => UiTexts.AuditCommandTaken),
        (Route("POST /api/v1/incidents/{id}/command/hand-over"), () => UiTexts.AuditCommandHandedOver),
        (Route("POST /api/v1/incidents/{id}/scribe"), () => UiTexts.AuditScribeNamed),
        (Route("POST /incidents/*/command/do"), () => UiTexts.AuditCommandForm),
        // What was done on the live workspace, which the page names itself (RequestAudit.LivePage).
        (Route("live-page complete-action"), () => UiTexts.AuditAction),
        (Route("live-page complete-step"), () => UiTexts.AuditStepDone),
        (Route("live-page skip-step"), () => UiTexts.AuditStepSkipped),
        (Route("live-page record-fact"), () => UiTexts.AuditFact),
        (Route("live-page add-note"), () => UiTexts.AuditNote),
        (Route("live-page change-asset-status"), () => UiTexts.AuditAsset),
        (Route("live-page log-contact"), () => UiTexts.AuditContact),
        (Route("live-page close-incident"), () => UiTexts.AuditClosed),
        (Route("live-page *"), () => UiTexts.AuditWorkspaceForm),
        (Route("* */incidents/*/invitations*"), () => UiTexts.AuditInvitations),
        (Route("GET /binder.pdf"), () => UiTexts.AuditBinder),
        (Route("POST /poster.pdf"), () => UiTexts.AuditPosterLink),
        (Route("GET /incidents/*/situation.pdf"), () => UiTexts.AuditSituationSheet),
        (Route("GET /preparedness/ledgers/*"), () => UiTexts.AuditLedger),
        (Route("GET /api/v1/preparedness/ledgers/*"), () => UiTexts.AuditLedger),
        (Route("* */preparedness/*"), () => UiTexts.AuditPreparedness),
        (Route("POST /settings/people/*"), () => UiTexts.AuditPeople),
        (Route("* */settings/channels*"), () => UiTexts.AuditChannels),
        (Route("* */reporting-links*"), () => UiTexts.AuditReportingLinks),
        // The settings page's own form, and the API, set the number staff phone.
        (Route("POST /settings"), () => UiTexts.AuditEmergencyContact),
        (Route("PUT /api/v1/emergency-contact"), () => UiTexts.AuditEmergencyContact),
        (Route("POST /settings*"), () => UiTexts.AuditSettings),
        (Route("* /api/v1/playbooks*"), () => UiTexts.AuditPlaybook),
        (Route("* /api/v1/checkpoints*"), () => UiTexts.AuditCheckpoint),
        (Route("POST /api/v1/setup*"), () => UiTexts.AuditSetup),
        (Route("POST /setup*"), () => UiTexts.AuditSetup),
        (Route("POST /account/*"), () => UiTexts.AuditOwnAccount),
        (Route("POST /signout"), () => UiTexts.AuditSignedOut),
    ];

    /// <summary>What the person did, in words: the named act, or the request's route in words, naming its incident as #n.</summary>
    public static string What(AuditEntryView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.Action.Contains(' ', StringComparison.Ordinal))
            return UiTexts.ResourceManager.GetString("Audit_" + entry.Action, CultureInfo.CurrentUICulture) ?? UiTexts.AuditOther;
        var incident = entry.Incident is { } number ? string.Format(CultureInfo.CurrentCulture, UiTexts.AuditIncidentNumber, number) : UiTexts.AuditAnIncident;
        foreach (var (action, text) in Routes)
        {
            if (action.IsMatch(entry.Action))
                return string.Format(CultureInfo.CurrentCulture, text(), incident);
        }
        return UiTexts.AuditOther;
    }

    /// <summary>How it ended, in words (the status stays in the raw details).</summary>
    public static string Result(int status) => status switch
    {
        < 400 => UiTexts.AuditDone,
        401 => UiTexts.AuditRefusedSignIn,
        403 => UiTexts.AuditRefusedRole,
        404 => UiTexts.AuditNotFound,
        409 => UiTexts.AuditConflict,
        429 => UiTexts.AuditLimited,
        >= 500 => UiTexts.AuditFailed,
        _ => UiTexts.AuditBadInput,
    };

    /// <summary>How the address names an incident (its number or its id), or null when it names none.</summary>
    public static string? IncidentIn(string target) =>
        IncidentSegment().Match(target) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The incident's number: written in the address, or found for its id in <paramref name="numbers"/>.</summary>
    public static int? NumberOf(string? named, IReadOnlyDictionary<string, int> numbers) =>
        named is null ? null
        : int.TryParse(named, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : numbers.TryGetValue(named, out var found) ? found : null;

    /// <summary>A recorded action's pattern: <c>*</c> stands for any part of it, the rest is literal.</summary>
    private static Regex Route(string pattern) =>
        new("^" + string.Join("[^ ]*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex("/incidents/([^/?#]+)")]
    private static partial Regex IncidentSegment();
}
