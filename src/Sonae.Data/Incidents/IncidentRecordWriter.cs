using System.Text.Json;
using Sonae.Core.Incidents;

namespace Sonae.Data.Incidents;

/// <summary>Appends sealed events and moves the incident's projection in the same unit of work.</summary>
public static class IncidentRecordWriter
{
    public static IncidentProgress ReadProgress(this Incident incident) =>
        JsonSerializer.Deserialize<IncidentProgress>(incident.Progress, RecordJson.Options)
            ?? throw new InvalidOperationException($"Incident {incident.Id} has no progress.");

    public static string WriteProgress(IncidentProgress progress) => JsonSerializer.Serialize(progress, RecordJson.Options);

    /// <summary>
    /// Adds the events to the record and brings the projection up to date. Saving does the rest: the
    /// (incident, sequence) key and the <see cref="Incident.LastSeq"/> token make a racing writer fail.
    /// </summary>
    /// <param name="request">The request's idempotency key, when it sent one: its receipt is written with the events.</param>
    public static (IReadOnlyList<IncidentEventRow> Rows, IncidentProgress Progress) Append(this SonaeDbContext db, Incident incident, IncidentProgress progress, AppendResult appended, RequestKey? request)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(appended);
        var rows = new List<IncidentEventRow>(appended.Recorded.Count);
        for (var i = 0; i < appended.Recorded.Count; i++)
        {
            var row = IncidentEventRow.From(appended.Recorded[i]);
            db.IncidentEvents.Add(row);
            rows.Add(row);
            progress = progress.Apply(appended.Events[i]);
        }
        if (request is not null && rows.Count > 0)
        {
            db.RequestReceipts.Add(new RequestReceipt
            {
                OrganizationId = incident.OrganizationId,
                RequestId = request.Id,
                Fingerprint = request.Fingerprint,
                IncidentId = incident.Id,
                FirstSeq = rows[0].Seq,
                LastSeq = rows[^1].Seq,
                At = rows[^1].At,
            });
        }
        incident.LastSeq = appended.Head.LastSeq;
        incident.HeadHash = appended.Head.HeadHash;
        incident.Progress = WriteProgress(progress);
        incident.Status = progress.Status;
        incident.Outcome = progress.Outcome;
        incident.ClosedAt = progress.ClosedAt;
        if (appended.Events.Count > 0)
            incident.UpdatedAt = appended.Events[^1].At;
        return (rows, progress);
    }
}
