using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

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
/// An event as its row stores it, its texts as UTF-8 as the database holds them: what <see cref="ChainVerifier"/>
/// checks without making a string of each column (a record of millions is checked this way). Valid only as long as the
/// row it was read from.
/// </summary>
public readonly ref struct StoredEventUtf8
{
    /// <summary>The sequence number column.</summary>
    public long Seq { get; init; }

    /// <summary>The type column.</summary>
    public ReadOnlySpan<byte> Type { get; init; }

    /// <summary>The time column.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The canonical text, which the hash covers.</summary>
    public ReadOnlySpan<byte> Body { get; init; }

    /// <summary>The stored hash.</summary>
    public ReadOnlySpan<byte> Hash { get; init; }

    /// <summary>The organization column.</summary>
    public Guid OrganizationId { get; init; }
}

/// <summary>
/// Told of an event once it is checked: its number, its type and its canonical text (UTF-8, valid only during the
/// call). Returns false when it cannot read the text as its type says (a count-only event is not read by the check
/// itself): the record is then unreadable at that event.
/// </summary>
public delegate bool CheckedEvent(long seq, IncidentEventType type, ReadOnlySpan<byte> body);

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
public sealed class ChainVerifier(Guid organizationId, Guid incidentId, CheckedEvent? checkedEvent = null)
{
    private static readonly byte[] SeqName = "seq"u8.ToArray();
    private static readonly byte[] PrevName = "prev"u8.ToArray();
    private static readonly byte[] TypeName = "type"u8.ToArray();
    private static readonly byte[] AtName = "at"u8.ToArray();
    private static readonly byte[] OrgName = "org"u8.ToArray();
    private static readonly byte[] IncidentName = "incident"u8.ToArray();

    private readonly byte[] _organization = Encoding.UTF8.GetBytes(organizationId.ToString("D"));
    private readonly byte[] _incident = Encoding.UTF8.GetBytes(incidentId.ToString("D"));
    private readonly HashChainVerifier _chain = new();
    private IncidentProgress _progress = IncidentProgress.Empty;
    private IncidentEventType? _counting;
    private int _counted;
    private (long Seq, DateTimeOffset At)? _previous;

    /// <summary>The first break found, or null while the chain holds.</summary>
    public ChainBreak? Break { get; private set; }

    /// <summary>How many events were checked.</summary>
    public long EventsChecked => _chain.LinksChecked;

    /// <summary>The first event whose time runs before the one before it (<see cref="EventTimes"/>): not a break, since times are hashed with their events.</summary>
    public BackwardsTime? Backwards { get; private set; }

    /// <summary>Checks the next event; returns false once the chain is broken (later events are not checked).</summary>
    public bool Add(StoredEvent stored)
    {
        var body = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(stored.Body.Length));
        var columns = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(stored.Type.Length + stored.Hash.Length));
        try
        {
            var type = Encoding.UTF8.GetBytes(stored.Type, columns);
            var hash = Encoding.UTF8.GetBytes(stored.Hash, columns.AsSpan(type));
            return Add(new StoredEventUtf8
            {
                Seq = stored.Seq,
                Type = columns.AsSpan(0, type),
                At = stored.At,
                Body = body.AsSpan(0, Encoding.UTF8.GetBytes(stored.Body, body)),
                Hash = columns.AsSpan(type, hash),
                OrganizationId = stored.OrganizationId,
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(columns);
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Checks the next event as its row stores it; returns false once the chain is broken (later events are not checked).</summary>
    public bool Add(in StoredEventUtf8 stored)
    {
        if (Break is not null)
            return false;
        // A text that is not UTF-8 (only an edit can put one there) is read as a string would read it.
        if (!Utf8.IsValid(stored.Body) || !Utf8.IsValid(stored.Type))
            return Add(new StoredEvent(stored.Seq, Encoding.UTF8.GetString(stored.Type), stored.At, Encoding.UTF8.GetString(stored.Body), Encoding.UTF8.GetString(stored.Hash), stored.OrganizationId));

        Span<byte> at = stackalloc byte[Timestamps.Utf8Length];
        Timestamps.FormatUtf8(stored.At, at);
        Span<byte> prev = stackalloc byte[64];
        var fields = ReadFields(stored.Body, stored.Type, at, prev);
        // A readable event without a prev names nothing, which no hash matches.
        switch (_chain.Add(stored.Seq, stored.Body, stored.Hash, prev[..fields.PrevLength], fields.Readable))
        {
            case LinkCheck.Broken:
                Break = Of(_chain.Break!);
                return false;
            case LinkCheck.Undecided:
                return true;
            case LinkCheck.Linked:
                break;
        }

        if (fields.Seq != stored.Seq || stored.OrganizationId != organizationId || !fields.SameColumns)
            return Fail(stored.Seq, ChainBreakKind.Mismatch);

        if (!IncidentEventTypes.TryParse(stored.Type, out var type) || !Fold(type, stored.Body))
            return Fail(stored.Seq, ChainBreakKind.Unreadable);
        if (Backwards is null && _previous is { } before)
            Backwards = EventTimes.Between(before.Seq, before.At, stored.Seq, stored.At);
        _previous = (stored.Seq, stored.At);
        if (checkedEvent is not null && !checkedEvent(stored.Seq, type, stored.Body))
            return Fail(stored.Seq, ChainBreakKind.Unreadable);
        return true;
    }

    /// <summary>
    /// Ends the check against where the incident says its record ends and what it says its state is
    /// (<paramref name="expectedState"/> null when the stored state cannot be read or contradicts itself).
    /// </summary>
    public ChainBreak? Finish(long expectedLastSeq, string expectedHeadHash, IncidentProgress? expectedState)
    {
        FoldCounted();
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

    /// <summary>
    /// Adds the event to the state the record adds up to; reads its text only when it changes more than a count, and
    /// counts a run of events of one such type at once (a new state for every note of a million was most of the
    /// memory verify asked for).
    /// </summary>
    private bool Fold(IncidentEventType type, ReadOnlySpan<byte> body)
    {
        if (IncidentProgress.OnlyCounts(type))
        {
            if (_counting != type)
                FoldCounted();
            _counting = type;
            _counted++;
            return true;
        }
        FoldCounted();
        if (EventChain.TryParse(body) is not { } parsed)
            return false;
        try
        {
            _progress = _progress.Apply(parsed);
            return true;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Readable, but not an event the state can take where it stands.
            return false;
        }
    }

    private void FoldCounted()
    {
        if (_counting is { } type)
            _progress = _progress.Counted(type, _counted);
        _counting = null;
        _counted = 0;
    }

    private bool Fail(long seq, ChainBreakKind kind)
    {
        Break = new ChainBreak(seq, kind);
        return false;
    }

    /// <summary>What an event's text says at its top level, as far as the chain and its columns go.</summary>
    /// <param name="Readable">Whether the text is an object with a whole-number seq; when false, it says nothing.</param>
    /// <param name="Seq">Its seq.</param>
    /// <param name="PrevLength">How many bytes of its prev (unescaped) were written; 0 when it has none, or one longer than a hash.</param>
    /// <param name="SameColumns">Whether its type, time, organization and incident are those stored beside it and checked for.</param>
    private readonly record struct Fields(bool Readable, long Seq, int PrevLength, bool SameColumns);

    /// <summary>
    /// Reads the top level of an event's text in one pass, comparing as it goes (no string is made): its seq, its prev
    /// (written into <paramref name="prev"/>), and whether its type, time, organization and incident are the expected
    /// ones. A member given twice counts as its last.
    /// </summary>
    private Fields ReadFields(ReadOnlySpan<byte> body, ReadOnlySpan<byte> type, ReadOnlySpan<byte> at, Span<byte> prev)
    {
        long? seq = null;
        var prevLength = 0;
        bool sameType = false, sameAt = false, sameOrg = false, sameIncident = false;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.CurrentDepth != 1)
                    return default;
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual(SeqName) && reader.TokenType == JsonTokenType.Number)
                    seq = reader.GetInt64();
                else if (name.SequenceEqual(PrevName))
                    prevLength = Text(ref reader, prev);
                else if (name.SequenceEqual(TypeName))
                    sameType = Equals(ref reader, type);
                else if (name.SequenceEqual(AtName))
                    sameAt = Equals(ref reader, at);
                else if (name.SequenceEqual(OrgName))
                    sameOrg = Equals(ref reader, _organization);
                else if (name.SequenceEqual(IncidentName))
                    sameIncident = Equals(ref reader, _incident);
                else
                    reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return default;
        }
        return seq is { } number ? new Fields(true, number, prevLength, sameType && sameAt && sameOrg && sameIncident) : default;
    }

    /// <summary>Whether the string value is <paramref name="expected"/> (a null value is nothing); not a string cannot be read.</summary>
    private static bool Equals(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected) =>
        reader.TokenType != JsonTokenType.Null && reader.ValueTextEquals(expected);

    /// <summary>The string value, unescaped, when it fits <paramref name="destination"/>; 0 when null or too long (it then names no hash).</summary>
    private static int Text(ref Utf8JsonReader reader, Span<byte> destination)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return 0;
        if (reader.TokenType != JsonTokenType.String)
            throw new InvalidOperationException("Not a string.");
        if (!reader.ValueIsEscaped)
            return reader.ValueSpan.Length <= destination.Length && reader.ValueSpan.TryCopyTo(destination) ? reader.ValueSpan.Length : 0;
        var text = reader.GetString()!;
        return Encoding.UTF8.GetByteCount(text) <= destination.Length ? Encoding.UTF8.GetBytes(text, destination) : 0;
    }
}
