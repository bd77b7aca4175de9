using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Sonae.Core.Incidents;

/// <summary>What is wrong with an incident's record, at the first event where it goes wrong.</summary>
public enum ChainBreakKind
{
    /// <summary>The event's text was changed: it matches neither the hash stored with it nor the one the next event names.</summary>
    Altered,

    /// <summary>
    /// The hash stored with the event was changed: its text is as recorded (it still hashes to what the next event,
    /// or the incident's head, names), but the stored hash column says otherwise.
    /// </summary>
    HashAltered,

    /// <summary>The event does not link to the hash of the event before it.</summary>
    Relinked,

    /// <summary>Events are missing before this one (a gap in the sequence numbers).</summary>
    Missing,

    /// <summary>A stored column (sequence, type, time, organization, incident) disagrees with the event's text.</summary>
    Mismatch,

    /// <summary>The event's text cannot be read as an event.</summary>
    Unreadable,

    /// <summary>The record ends before the incident's last recorded event: events were removed from the end.</summary>
    Truncated,

    /// <summary>The incident's current state (what people see and act on) is not what its record adds up to.</summary>
    StateMismatch,

    /// <summary>An issued report's kept file does not match the SHA-256 its event recorded, or is missing.</summary>
    IssuedFileMismatch,

    /// <summary>A file of the evidence locker named by an <c>evidence-added</c> event is missing or no longer hashes to its SHA-256.</summary>
    EvidenceFileMismatch,

    /// <summary>A merge or attach event whose other half, on the other incident's record, is missing or says something else.</summary>
    CounterpartMismatch,
}

/// <summary>Where an incident's chain first breaks: the event's sequence number and what is wrong there.</summary>
public sealed record ChainBreak(long Seq, ChainBreakKind Kind);

/// <summary>The columns stored beside an event's text, as read back from the database.</summary>
public readonly record struct StoredEvent(long Seq, string Type, DateTimeOffset At, string Body, string Hash, Guid OrganizationId);

/// <summary>
/// Checks one incident's record, event by event in sequence order, and stops at the first break: the hash chain
/// (<see cref="HashChainVerifier"/>, the rule the audit log's chains keep too), then each event's text against the
/// columns stored beside it. Also checks that the chain ends where the incident's projection says it ends, which is
/// how events removed from the end show, and that the projection's state is what the events add up to.
/// </summary>
/// <param name="organizationId">The organization the record belongs to.</param>
/// <param name="incidentId">The incident.</param>
/// <param name="checkedEvent">
/// Told of each event once it is checked (linked, its columns as its text says, folded), so that a caller with more to
/// check of some events (kept files, the other half of a join) needs no second reading of the record.
/// </param>
public sealed class ChainVerifier(Guid organizationId, Guid incidentId, Action<StoredEvent>? checkedEvent = null)
{
    private static readonly byte[] SeqName = "seq"u8.ToArray();
    private static readonly byte[] PrevName = "prev"u8.ToArray();
    private static readonly byte[] TypeName = "type"u8.ToArray();
    private static readonly byte[] AtName = "at"u8.ToArray();
    private static readonly byte[] OrgName = "org"u8.ToArray();
    private static readonly byte[] IncidentName = "incident"u8.ToArray();

    private readonly string _organization = organizationId.ToString("D");
    private readonly string _incident = incidentId.ToString("D");
    private readonly HashChainVerifier _chain = new();
    private IncidentProgress _progress = IncidentProgress.Empty;

    /// <summary>The first break found, or null while the chain holds.</summary>
    public ChainBreak? Break { get; private set; }

    /// <summary>How many events were checked.</summary>
    public long EventsChecked => _chain.LinksChecked;

    /// <summary>The first event whose time runs before the one before it (<see cref="EventTimes"/>): not a break, since times are hashed with their events.</summary>
    public BackwardsTime? Backwards { get; private set; }

    private StoredEvent? _previous;

    /// <summary>Checks the next event; returns false once the chain is broken (later events are not checked).</summary>
    public bool Add(StoredEvent stored)
    {
        if (Break is not null)
            return false;
        var length = Encoding.UTF8.GetMaxByteCount(stored.Body.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(stored.Body, buffer);
            var body = buffer.AsSpan(0, written);
            var fields = ReadFields(body);
            // A readable event without a prev names nothing, which no hash matches.
            switch (_chain.Add(stored.Seq, body, stored.Hash, fields is null ? null : fields.Value.Prev ?? ""))
            {
                case LinkCheck.Broken:
                    Break = Of(_chain.Break!);
                    return false;
                case LinkCheck.Undecided:
                    return true;
                case LinkCheck.Linked:
                    break;
            }

            var (seq, _, type, at, org, incident) = fields!.Value;
            if (seq != stored.Seq
                || stored.OrganizationId != organizationId
                || !string.Equals(type, stored.Type, StringComparison.Ordinal)
                || !string.Equals(at, Timestamps.Format(stored.At), StringComparison.Ordinal)
                || !string.Equals(org, _organization, StringComparison.Ordinal)
                || !string.Equals(incident, _incident, StringComparison.Ordinal))
                return Fail(stored.Seq, ChainBreakKind.Mismatch);

            if (!Fold(stored))
                return Fail(stored.Seq, ChainBreakKind.Unreadable);
            if (Backwards is null && _previous is { } before)
                Backwards = EventTimes.Between(before, stored);
            _previous = stored;
            checkedEvent?.Invoke(stored);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Ends the check against where the incident says its record ends and what it says its state is
    /// (<paramref name="expectedState"/> null when the stored state cannot be read or contradicts itself).
    /// </summary>
    public ChainBreak? Finish(long expectedLastSeq, string expectedHeadHash, IncidentProgress? expectedState)
    {
        if (Break is null && _chain.Finish(expectedLastSeq, expectedHeadHash) is { } broken)
            Break = Of(broken);
        if (Break is null && (expectedState is null || !expectedState.SameAs(_progress)))
            Break = new ChainBreak(_chain.LastSeq, ChainBreakKind.StateMismatch);
        return Break;
    }

    /// <summary>A break of the hash chain, as the incident record names it.</summary>
    private static ChainBreak Of(LinkBroken broken) => new(broken.Seq, broken.Kind switch
    {
        LinkBreak.Missing => ChainBreakKind.Missing,
        LinkBreak.OutOfOrder => ChainBreakKind.Mismatch,
        LinkBreak.Altered => ChainBreakKind.Altered,
        LinkBreak.HashAltered => ChainBreakKind.HashAltered,
        LinkBreak.Unreadable => ChainBreakKind.Unreadable,
        LinkBreak.Relinked => ChainBreakKind.Relinked,
        LinkBreak.Truncated => ChainBreakKind.Truncated,
    });

    /// <summary>Adds the event to the state the record adds up to; reads its text only when it changes more than a count.</summary>
    private bool Fold(StoredEvent stored)
    {
        if (!IncidentEventTypes.TryParse(stored.Type, out var type))
            return false;
        try
        {
            _progress = IncidentProgress.OnlyCounts(type) ? _progress.Counted(type) : _progress.Apply(EventChain.Parse(stored.Body));
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private bool Fail(long seq, ChainBreakKind kind)
    {
        Break = new ChainBreak(seq, kind);
        return false;
    }

    private static (long Seq, string? Prev, string? Type, string? At, string? Org, string? Incident)? ReadFields(ReadOnlySpan<byte> body)
    {
        long? seq = null;
        string? prev = null, type = null, at = null, org = null, incident = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.CurrentDepth != 1)
                    return null;
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual(SeqName) && reader.TokenType == JsonTokenType.Number)
                    seq = reader.GetInt64();
                else if (name.SequenceEqual(PrevName))
                    prev = reader.GetString();
                else if (name.SequenceEqual(TypeName))
                    type = reader.GetString();
                else if (name.SequenceEqual(AtName))
                    at = reader.GetString();
                else if (name.SequenceEqual(OrgName))
                    org = reader.GetString();
                else if (name.SequenceEqual(IncidentName))
                    incident = reader.GetString();
                else
                    reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        return seq is null ? null : (seq.Value, prev, type, at, org, incident);
    }
}
