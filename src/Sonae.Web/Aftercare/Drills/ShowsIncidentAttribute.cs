namespace Sonae.Web.Aftercare.Drills;

/// <summary>What a page's <c>Number</c> route value names.</summary>
public enum ShownBy
{
    /// <summary>The incident's own number (<c>/incidents/{Number}/…</c>, <c>/report/sent/{Number}</c>).</summary>
    Incident,

    /// <summary>A notice's number (<c>/notices/{Number}</c>): the page shows the notice's incident, if it has one.</summary>
    Notice,
}

/// <summary>
/// Says that a page shows one incident, named by its <c>Number</c> route value: the layout's
/// <see cref="Pages.DrillBand"/> reads it from the page's endpoint, so every page that says so carries the 訓練 band
/// when that incident is a drill. A new page of an incident needs this line and nothing else.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ShowsIncidentAttribute(ShownBy by = ShownBy.Incident) : Attribute
{
    /// <summary>What the page's <c>Number</c> names.</summary>
    public ShownBy By { get; } = by;
}
