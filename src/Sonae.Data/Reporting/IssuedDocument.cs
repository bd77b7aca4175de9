namespace Sonae.Data.Reporting;

/// <summary>
/// A report exactly as it was issued: the file's bytes, kept beside the <c>report-issued</c> event that names its
/// SHA-256. Append-only, like the record: the database refuses to change or delete a row. A download checks the
/// bytes against the record's hash every time.
/// </summary>
public sealed class IssuedDocument : IOrganizationOwned
{
    public Guid IncidentId { get; set; }

    /// <summary>The sequence number of the incident's <c>report-issued</c> event.</summary>
    public long Seq { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The report's id (<c>privacy-preliminary</c>, <c>police</c>…).</summary>
    public required string Report { get; set; }

    /// <summary><c>pdf</c>, <c>docx</c> or <c>text</c>.</summary>
    public required string Format { get; set; }

    public required string MediaType { get; set; }

    public required string FileName { get; set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>, as the event says.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
}
