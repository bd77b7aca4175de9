using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Sonae.Core.Incidents;
using Sonae.Data;

namespace Sonae.Web.Incidents;

/// <summary>What an export wrote: how many events, and the hash of the last (the genesis hash when there were none).</summary>
public sealed record ExportedRecord(long Events, string LastHash);

/// <summary>
/// The operator's export of an incident's record (<c>sonae export</c>). The operator is nobody's caller, so it reads
/// across organizations, as <see cref="VerifyRecords"/> does; a number is one per organization, so with several
/// organizations it needs the organization too. Copies each event's text as the database holds it (<see cref="RecordReader"/>),
/// so memory stays flat however long a record is and a record is written about as fast as the database reads it.
/// </summary>
public sealed class ExportRecord(IOptions<StorageOptions> storage)
{
    /// <summary>The incidents named <paramref name="id"/> (an id, or a number within <paramref name="organizationId"/> when given): one, none, or several when a number is ambiguous.</summary>
    public async Task<IReadOnlyList<StoredIncident>> Named(string id, Guid? organizationId, CancellationToken cancellationToken)
    {
        using var reader = RecordReader.Open(storage.Value);
        return Guid.TryParse(id, out var guid)
            ? await reader.IncidentsNamedAsync(guid, null, null, cancellationToken)
            : int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? await reader.IncidentsNamedAsync(null, number, organizationId, cancellationToken)
                : [];
    }

    /// <summary>
    /// Writes the incident's events in order, each its canonical text byte for byte as hashed (UTF-8, no byte-order
    /// mark) followed by a line feed.
    /// </summary>
    public ExportedRecord Write(StoredIncident incident, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(output);
        var lastHash = new byte[64];
        var lastHashLength = 0;
        long written = 0;
        using var reader = RecordReader.Open(storage.Value);
        using var rows = reader.Events(incident.Id);
        // Not disposed: that would close the caller's stream; flushed at the end instead.
        var buffered = new BufferedStream(output, 1 << 16);
        while (rows.Read())
        {
            if ((written & 0xFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var row = rows.Current;
            // A text that is not UTF-8 (only an edit can put one there) is written as a string would write it.
            buffered.Write(Utf8.IsValid(row.Body) ? row.Body : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(row.Body)));
            buffered.WriteByte((byte)'\n');
            written++;
            if (lastHash.Length < row.Hash.Length)
                lastHash = new byte[row.Hash.Length];
            row.Hash.CopyTo(lastHash);
            lastHashLength = row.Hash.Length;
        }
        buffered.Flush();
        return new ExportedRecord(written, written == 0 ? EventChain.GenesisPrev : Encoding.UTF8.GetString(lastHash, 0, lastHashLength));
    }
}
