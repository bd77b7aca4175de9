using Sonae.Core.Incidents;

namespace Sonae.Core.Reporting;

/// <summary>What the moment of awareness was taken from.</summary>
public enum AwarenessBasis
{
    /// <summary>The incident was opened (by hand or from an alert).</summary>
    Opened,

    /// <summary>A staff member reported it.</summary>
    Reported,

    /// <summary>A staff member's report said the problem was there since this time: someone saw it then.</summary>
    NoticedSince,

    /// <summary>Management set it, with a reason.</summary>
    SetByManagement,
}

/// <summary>When the organization, any of its departments, became aware of the situation; the legal clocks start here.</summary>
public sealed record Awareness(DateTimeOffset At, AwarenessBasis Basis, string? Reason = null)
{
    /// <summary>
    /// The earliest moment the record shows someone in the hospital knew: the incident's opening, a staff report, or
    /// the time a report says the problem was seen since. The earliest is the safe default (a deadline counted from it
    /// is never late); management can set another with a reason, which the record keeps.
    /// </summary>
    public static Awareness? FromRecord(IEnumerable<IncidentEvent> events)
    {
        Awareness? earliest = null;
        foreach (var e in events)
        {
            var candidate = e.Data switch
            {
                IncidentOpened => new Awareness(e.At, AwarenessBasis.Opened),
                AnomalyReported { Since: { } since } when since < e.At => new Awareness(since, AwarenessBasis.NoticedSince),
                AnomalyReported => new Awareness(e.At, AwarenessBasis.Reported),
                _ => null,
            };
            if (candidate is not null && (earliest is null || candidate.At < earliest.At))
                earliest = candidate;
        }
        return earliest;
    }
}
