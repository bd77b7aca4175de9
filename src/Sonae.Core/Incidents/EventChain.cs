using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sonae.Core.Incidents;

/// <summary>One event of an incident's record, before it is written as text.</summary>
public sealed record IncidentEvent(Guid OrganizationId, Guid IncidentId, long Seq, DateTimeOffset At, EventActor Actor, EventData Data, string Prev)
{
    /// <summary>The type of its data.</summary>
    public IncidentEventType Type => Data.Type;
}

/// <summary>An event as stored: its canonical text (<see cref="Body"/>) and the SHA-256 of that text.</summary>
public sealed record RecordedEvent(Guid OrganizationId, Guid IncidentId, long Seq, IncidentEventType Type, DateTimeOffset At, string Body, string Hash);

/// <summary>The events sealed by <see cref="EventChain.Append"/>, as records and as stored text, and the new end of the chain.</summary>
public sealed record AppendResult(IReadOnlyList<IncidentEvent> Events, IReadOnlyList<RecordedEvent> Recorded, IncidentHead Head);

/// <summary>Where an incident's chain ends: what the next event must link to, and the time it must not precede.</summary>
/// <param name="LastAt">The last event's time (null before the first): the next event's is never earlier.</param>
/// <param name="OrganizationId">The organization the incident belongs to.</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="LastSeq">The last event's sequence number (0 before the first).</param>
/// <param name="HeadHash">The last event's hash (64 zeros before the first).</param>
public sealed record IncidentHead(Guid OrganizationId, Guid IncidentId, long LastSeq, string HeadHash, DateTimeOffset? LastAt = null)
{
    /// <summary>The head of an incident with no event yet.</summary>
    public static IncidentHead New(Guid organizationId, Guid incidentId) => new(organizationId, incidentId, 0, EventChain.GenesisPrev);
}

/// <summary>
/// The hash chain of an incident's record (docs/record-format.md). Each event's canonical JSON holds the
/// organization, the incident, its sequence number and the SHA-256 of the previous event's text; the first event
/// links to 64 zeros. The hash of an event is the SHA-256 of its UTF-8 text.
/// </summary>
public static class EventChain
{
    /// <summary>The version of the canonical text, written in every event (docs/record-format.md).</summary>
    public const int FormatVersion = 1;

    /// <summary>What the first event links to: 64 zeros.</summary>
    public static readonly string GenesisPrev = HashChain.Genesis;

    /// <summary>
    /// Seals a decision's events onto the end of a chain, all at one time (normalized to the millisecond): <paramref
    /// name="at"/>, or the last event's time when <paramref name="at"/> is earlier. An incident's times never run
    /// backwards, even when two servers whose clocks differ write to it: the later writer's events take the earlier
    /// one's time rather than one before it (the sequence still orders them).
    /// </summary>
    public static AppendResult Append(IncidentHead head, IEnumerable<(EventActor Actor, EventData Data)> pending, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(head);
        var time = Timestamps.Normalize(at);
        if (head.LastAt is { } last && time < last)
            time = Timestamps.Normalize(last);
        var events = new List<IncidentEvent>();
        var recordedEvents = new List<RecordedEvent>();
        foreach (var (actor, data) in pending)
        {
            var incidentEvent = new IncidentEvent(head.OrganizationId, head.IncidentId, head.LastSeq + 1, time, actor, data, head.HeadHash);
            var recorded = Seal(incidentEvent);
            events.Add(incidentEvent);
            recordedEvents.Add(recorded);
            head = head with { LastSeq = recorded.Seq, HeadHash = recorded.Hash, LastAt = time };
        }
        return new AppendResult(events, recordedEvents, head);
    }

    /// <summary>Writes an event as its canonical text and hashes it.</summary>
    public static RecordedEvent Seal(IncidentEvent incidentEvent)
    {
        var body = Canonical(incidentEvent);
        return new RecordedEvent(incidentEvent.OrganizationId, incidentEvent.IncidentId, incidentEvent.Seq, incidentEvent.Type,
            incidentEvent.At, body, Hash(body));
    }

    /// <summary>The SHA-256 of a text's UTF-8 bytes, in lower-case hexadecimal.</summary>
    public static string Hash(string body) => HashChain.Hash(body);

    /// <summary>The canonical text of an event: exactly what is hashed, stored and exported.</summary>
    public static string Canonical(IncidentEvent e)
    {
        var actor = new JsonObject
        {
            ["id"] = e.Actor.Id,
            ["name"] = e.Actor.Name,
            ["role"] = JsonSerializer.SerializeToNode(e.Actor.Role, RecordJson.Options),
        };
        if (e.Actor.For is { } forRole)
            actor["for"] = JsonSerializer.SerializeToNode(forRole, RecordJson.Options);
        if (e.Actor.ForPerson is { } forPerson)
            actor["forPerson"] = forPerson;

        var body = new JsonObject
        {
            ["v"] = FormatVersion,
            ["org"] = e.OrganizationId.ToString("D"),
            ["incident"] = e.IncidentId.ToString("D"),
            ["seq"] = e.Seq,
            ["type"] = e.Type.WireName(),
            ["at"] = Timestamps.Format(e.At),
            ["actor"] = actor,
            ["data"] = JsonSerializer.SerializeToNode(e.Data, e.Data.GetType(), RecordJson.Options),
            ["prev"] = e.Prev,
        };
        return CanonicalJson.Write(body);
    }

    /// <summary>Reads an event back from its canonical text.</summary>
    /// <exception cref="JsonException">The text is not an event of this format.</exception>
    public static IncidentEvent Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        return Read(document.RootElement);
    }

    /// <summary>Reads an event back from its canonical text given as UTF-8 (as the database holds it).</summary>
    /// <exception cref="JsonException">The text is not an event of this format.</exception>
    public static IncidentEvent Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        if (reader.Read())
            throw new JsonException("The text goes on after the event.");
        return Read(document.RootElement);
    }

    /// <summary>
    /// Reads an event back from its canonical text, or null when the text is not an event of this format (only an
    /// edit of the database makes one: <c>sonae verify</c> reports it as unreadable rather than stopping).
    /// </summary>
    public static IncidentEvent? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            return Parse(body);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static IncidentEvent Read(JsonElement root)
    {
        var typeName = root.GetProperty("type").GetString();
        if (!IncidentEventTypes.TryParse(typeName, out var type))
            throw new JsonException($"'{typeName}' is not an event type.");
        var actor = root.GetProperty("actor");
        return new IncidentEvent(
            root.GetProperty("org").GetGuid(),
            root.GetProperty("incident").GetGuid(),
            root.GetProperty("seq").GetInt64(),
            Timestamps.Parse(root.GetProperty("at").GetString()!),
            new EventActor(
                actor.GetProperty("id").GetString()!,
                actor.GetProperty("name").GetString()!,
                actor.GetProperty("role").Deserialize<Access.Role>(RecordJson.Options),
                actor.TryGetProperty("for", out var forRole) ? forRole.Deserialize<Access.Role>(RecordJson.Options) : null,
                actor.TryGetProperty("forPerson", out var forPerson) ? forPerson.GetString() : null),
            (EventData)root.GetProperty("data").Deserialize(DataType(type), RecordJson.Options)!,
            root.GetProperty("prev").GetString()!);
    }

    /// <summary>The record type that holds the data of an event type, for reading an event back.</summary>
    public static Type DataType(IncidentEventType type) => type switch
    {
        IncidentEventType.Opened => typeof(IncidentOpened),
        IncidentEventType.AnomalyReported => typeof(AnomalyReported),
        IncidentEventType.ActionDone => typeof(ActionDone),
        IncidentEventType.StepCompleted => typeof(StepCompleted),
        IncidentEventType.StepSkipped => typeof(StepSkipped),
        IncidentEventType.FactRecorded => typeof(FactRecorded),
        IncidentEventType.FactRevised => typeof(FactRevised),
        IncidentEventType.NoteAdded => typeof(NoteAdded),
        IncidentEventType.AssetStatusChanged => typeof(AssetStatusChanged),
        IncidentEventType.ContactLogged => typeof(ContactLogged),
        IncidentEventType.ReportIssued => typeof(ReportIssued),
        IncidentEventType.Closed => typeof(IncidentClosed),
        IncidentEventType.ReportingAssessed => typeof(ReportingAssessed),
        IncidentEventType.AwarenessSet => typeof(AwarenessSet),
        IncidentEventType.FigureRecorded => typeof(FigureRecorded),
        IncidentEventType.ReportDrafted => typeof(ReportDrafted),
        IncidentEventType.EvidenceAdded => typeof(EvidenceAdded),
        IncidentEventType.EvidenceHandedOver => typeof(EvidenceHandedOver),
        IncidentEventType.ReportMoved => typeof(ReportMoved),
        IncidentEventType.ReportAttached => typeof(ReportAttached),
        IncidentEventType.MergedInto => typeof(MergedInto),
        IncidentEventType.IncidentMerged => typeof(IncidentMerged),
        IncidentEventType.ReportingRulesChanged => typeof(ReportingRulesChanged),
        IncidentEventType.CommandTaken => typeof(CommandTaken),
        IncidentEventType.CommandHandedOver => typeof(CommandHandedOver),
        IncidentEventType.ScribeNamed => typeof(ScribeNamed),
        IncidentEventType.NoticeSent => typeof(NoticeSent),
        IncidentEventType.PageAcknowledged => typeof(PageAcknowledged),
        IncidentEventType.StatusPosted => typeof(StatusPosted),
    };
}
