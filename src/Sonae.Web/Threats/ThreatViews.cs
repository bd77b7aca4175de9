using Sonae.Core.Threats;

namespace Sonae.Web.Threats;

/// <summary>An advisory as the API and the pages show it, with how many of its matches wait for someone.</summary>
/// <param name="Id">Sonae's id of it (the address of its page).</param>
/// <param name="Source"><c>kev</c>, <c>jvn</c>, <c>mhlw</c>, <c>nisc</c> or <c>manual</c>.</param>
/// <param name="ExternalId">The source's id: the CVE, the JVNDB id, the alert's number.</param>
/// <param name="Open">Matches that are the officer's open tasks.</param>
/// <param name="Pending">Fuzzy matches waiting to be confirmed or dismissed.</param>
public sealed record AdvisoryView(
    Guid Id, string Source, string ExternalId, string Title, IReadOnlyList<AdvisoryProduct> Products, string? AffectedVersions,
    DateOnly? Published, DateOnly? DueDate, string? RequiredAction, bool KnownRansomware, string? Link, string? Description,
    DateTimeOffset AddedAt, string AddedBy, int Open, int Pending);

/// <summary>An advisory found in a line or an asset: the officer's task (or a fuzzy match to confirm or dismiss).</summary>
/// <param name="Id">The match's id.</param>
/// <param name="Advisory">Sonae's id of the advisory.</param>
/// <param name="AdvisoryId">The advisory's CVE or JVNDB id.</param>
/// <param name="TargetKind"><c>line</c> (an external line's appliance: loudest) or <c>asset</c>.</param>
/// <param name="TargetId">The line's or the asset's id.</param>
/// <param name="Device">For a line, the asset that terminates it.</param>
/// <param name="Matched">The name of ours that matched.</param>
/// <param name="Kind"><c>cpe</c>, <c>exact</c>, <c>similar-product</c> or <c>other-maker</c>.</param>
/// <param name="VersionAffected">Whether our version is among the affected ones; null when unknown.</param>
/// <param name="Status"><c>pending</c>, <c>open</c>, <c>closed</c> or <c>dismissed</c>.</param>
/// <param name="Pair">The normalised pair a confirm or dismiss decision is remembered by.</param>
public sealed record MatchView(
    Guid Id, Guid Advisory, string Source, string AdvisoryId, string AdvisoryTitle, DateOnly? DueDate, bool KnownRansomware,
    string TargetKind, string TargetId, string TargetName, string? Device, string? Maker, string Matched, string? Version,
    string Kind, bool? VersionAffected, string Status, DateTimeOffset CreatedAt, string? DecidedBy, DateTimeOffset? DecidedAt,
    string? ClosedBy, DateTimeOffset? ClosedAt, string? Note, string Pair)
{
    public bool IsLine => TargetKind == "line";

    public bool IsFuzzy => Kind is "similar-product" or "other-maker";
}

/// <summary>The scheduled fetch's settings and its last result.</summary>
public sealed record FeedView(string? KevUrl, string? JvnUrl, bool Enabled, DateTimeOffset? LastFetchAt, bool? LastOk, string? LastResult, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>What an import or a fetch did.</summary>
/// <param name="Read">Advisories read from the file.</param>
/// <param name="Added">New to the hospital.</param>
/// <param name="Updated">Already kept, updated.</param>
/// <param name="Matches">New matches (tasks or fuzzy matches to decide).</param>
/// <param name="Problems">The file's problems by line; the entries they name were left out.</param>
public sealed record ImportResult(int Read, int Added, int Updated, int Matches, IReadOnlyList<ProblemLine> Problems);

/// <summary>A problem of a file, at its line, in the caller's language.</summary>
public sealed record ProblemLine(int Line, string Message);

/// <summary>An advisory entered by hand (the ministry's or NISC's alert, a vendor's notice).</summary>
/// <param name="Source"><c>mhlw</c>, <c>nisc</c>, <c>jvn</c>, <c>kev</c> or <c>manual</c>.</param>
/// <param name="Id">The alert's id or number (a CVE where it names one).</param>
/// <param name="Vendor">The maker of the product it is about.</param>
/// <param name="Product">The product.</param>
/// <param name="Cpe">The product's CPE name, if known.</param>
/// <param name="AffectedVersions">The affected versions (<c>&lt; 6.0.5</c>, <c>6.0.0-6.0.4</c>, <c>5.6.*</c>).</param>
/// <param name="Published">The day it was published (yyyy-mm-dd).</param>
/// <param name="DueDate">The day to act by, if it gives one.</param>
public sealed record AddAdvisoryRequest(
    string? Source, string? Id, string? Title, string? Vendor, string? Product, string? Cpe, string? AffectedVersions,
    string? Published, string? DueDate, string? Link, string? Description, bool? KnownRansomware);

/// <summary>The scheduled fetch's settings: where from and whether it runs.</summary>
public sealed record FeedRequest(string? KevUrl, string? JvnUrl, bool? Enabled);

/// <summary>Closing a task: what was done.</summary>
public sealed record CloseMatchRequest(string? Note);
