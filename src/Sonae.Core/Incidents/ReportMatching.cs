using System.Text;

namespace Sonae.Core.Incidents;

/// <summary>A report an open incident holds, as matching reads it: where, which device, what was seen, when it was filed.</summary>
/// <param name="Department">The department or ward.</param>
/// <param name="Device">The device, if named.</param>
/// <param name="Signs">What was seen.</param>
/// <param name="At">When it was filed.</param>
public sealed record ReportSeen(string Department, string? Device, IReadOnlyList<AnomalySign> Signs, DateTimeOffset At);

/// <summary>An open incident that a new report may belong to.</summary>
/// <param name="Incident">Its number and id.</param>
/// <param name="Title">Its title.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="Reports">The reports it holds (its own and those attached or merged into it).</param>
public sealed record MatchCandidate(IncidentLink Incident, string Title, DateTimeOffset OpenedAt, IReadOnlyList<ReportSeen> Reports);

/// <summary>What a new report has in common with an incident.</summary>
public enum MatchBasis
{
    /// <summary>The same department or ward.</summary>
    Department,

    /// <summary>The same device.</summary>
    Device,
}

/// <summary>An open incident a new report probably belongs to, with what people need to recognise it.</summary>
/// <param name="Candidate">The incident.</param>
/// <param name="Basis">What the report has in common with it.</param>
/// <param name="LastReportAt">When its latest report was filed (its opening when it has none).</param>
/// <param name="Departments">The departments its reports came from, as first written.</param>
/// <param name="Signs">Everything its reports saw.</param>
public sealed record IncidentMatch(MatchCandidate Candidate, MatchBasis Basis, DateTimeOffset LastReportAt, IReadOnlyList<string> Departments, IReadOnlyList<AnomalySign> Signs);

/// <summary>
/// "Same as #3?": which open incidents a report being filed probably belongs to, so that five reports from one ward
/// become one incident. An incident matches when it is recent — opened, or given a report, within
/// <see cref="Window"/> — and one of its reports came from the same department or named the same device. Names are
/// compared as people type them on different terminals: full-width and half-width alike (NFKC), case and spaces
/// ignored ("3階 西病棟" is "３階西病棟"). The most recently reported come first, at most <see cref="MaxMatches"/>.
/// </summary>
public static class ReportMatching
{
    /// <summary>How recent an incident must be to be offered: a ward's second report comes within hours of its first.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(24);

    /// <summary>The most incidents offered: more than a few is no longer a question a nurse can answer at 3 a.m.</summary>
    public const int MaxMatches = 3;

    /// <summary>The open incidents that a report from <paramref name="department"/> about <paramref name="device"/> probably belongs to.</summary>
    public static IReadOnlyList<IncidentMatch> Matches(string? department, string? device, IEnumerable<MatchCandidate> candidates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var wantedDepartment = Key(department);
        var wantedDevice = Key(device);
        if (wantedDepartment is null && wantedDevice is null)
            return [];
        var since = now - Window;
        var matches = new List<IncidentMatch>();
        foreach (var candidate in candidates)
        {
            var last = candidate.Reports.Select(r => r.At).DefaultIfEmpty(candidate.OpenedAt).Max();
            if (last < since && candidate.OpenedAt < since)
                continue;
            MatchBasis? basis =
                wantedDepartment is not null && candidate.Reports.Any(r => Key(r.Department) == wantedDepartment) ? MatchBasis.Department
                : wantedDevice is not null && candidate.Reports.Any(r => Key(r.Device) == wantedDevice) ? MatchBasis.Device
                : null;
            if (basis is { } found)
            {
                matches.Add(new IncidentMatch(candidate, found, last,
                    [.. candidate.Reports.Select(r => r.Department).DistinctBy(Key)],
                    [.. candidate.Reports.SelectMany(r => r.Signs).Distinct().Order()]));
            }
        }
        return [.. matches.OrderByDescending(m => m.LastReportAt).ThenByDescending(m => m.Candidate.Incident.Number).Take(MaxMatches)];
    }

    /// <summary>A name as matching compares it: NFKC, no spaces, upper case; null for a blank one.</summary>
    public static string? Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return null;
        var normalized = name.Normalize(NormalizationForm.FormKC);
        var key = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (!char.IsWhiteSpace(c))
                key.Append(char.ToUpperInvariant(c));
        }
        return key.ToString();
    }
}

/// <summary>What became of a staff member's report, as their home says it.</summary>
public enum ReportFate
{
    /// <summary>Recorded; nobody who runs the response has acted on its incident yet.</summary>
    Received,

    /// <summary>The security officer or management has acted on its incident.</summary>
    Confirmed,

    /// <summary>It was attached to another incident.</summary>
    Joined,

    /// <summary>Its incident joined another one.</summary>
    Merged,

    /// <summary>Its incident was closed.</summary>
    Closed,
}

/// <summary>The rule of <see cref="ReportFate"/>: where the report went first, then how its incident stands.</summary>
public static class ReportFates
{
    /// <summary>
    /// The fate of the report at <paramref name="reportSeq"/> on an incident in state <paramref name="progress"/>, and
    /// the incident it went to, if any. <paramref name="responseActed"/>: whether anyone who runs the response acted
    /// on the incident after the report.
    /// </summary>
    public static (ReportFate Fate, IncidentLink? To) Of(long reportSeq, IncidentProgress progress, bool responseActed)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.MovedReports.GetValueOrDefault(reportSeq) is { } to)
            return (ReportFate.Joined, to);
        if (progress.MergedInto is { } into)
            return (ReportFate.Merged, into);
        if (progress.Status == IncidentStatus.Closed)
            return (ReportFate.Closed, null);
        return (responseActed ? ReportFate.Confirmed : ReportFate.Received, null);
    }
}
