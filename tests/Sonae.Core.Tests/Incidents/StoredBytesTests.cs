using System.Text;
using System.Text.Json.Nodes;
using Sonae.Core.Access;
using Sonae.Core.Audit;
using Sonae.Core.Incidents;

namespace Sonae.Core.Tests.Incidents;

/// <summary>
/// The chains as <c>sonae verify</c> reads them from the database: UTF-8 as stored, checked without making strings.
/// The string path is the definition; the bytes must be decided exactly as it decides them.
/// </summary>
public sealed class StoredBytesTests
{
    private static readonly Guid Org = Guid.Parse("0194a3b2-0000-7000-8000-000000000001");
    private static readonly Guid Incident = Guid.Parse("0194a3b2-0000-7000-8000-000000000002");
    private static readonly EventActor Officer = new("key-so", "田中 \"IT\"", Role.SecurityOfficer);
    private static readonly DateTimeOffset At = new(2026, 11, 24, 14, 3, 7, 123, TimeSpan.FromHours(9));

    [Fact]
    public void FormatUtf8_WritesWhatFormatWrites()
    {
        var random = new Random(16);
        var instants = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue.AddHours(9), DateTimeOffset.MaxValue.AddHours(-9), DateTimeOffset.UnixEpoch, At,
            new(2028, 2, 29, 23, 59, 59, 999, TimeSpan.FromHours(9)), new(999, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        instants.AddRange(Enumerable.Range(0, 2000).Select(_ => new DateTimeOffset(random.NextInt64(DateTime.MinValue.AddDays(1).Ticks, DateTime.MaxValue.AddDays(-1).Ticks), TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60)))));
        Span<byte> utf8 = stackalloc byte[Timestamps.Utf8Length];

        foreach (var instant in instants)
        {
            Timestamps.FormatUtf8(instant, utf8);
            Assert.Equal(Timestamps.Format(instant), Encoding.UTF8.GetString(utf8));
        }
    }

    public static TheoryData<string> Texts() =>
    [
        "",
        "plain ASCII",
        "引用符 \" 逆斜線 \\ スラッシュ / 改行\n復帰\r タブ\t バックスペース\b 改ページ\f",
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\u007f",
        "絵文字 🏥🧑‍⚕️ 結合 が ｶﾞ 異体字 葛󠄀",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Utf8FlatObject_WritesWhatFlatObjectWrites(string text)
    {
        var expected = new CanonicalJson.FlatObject().Add("a", text).Add("b", (string?)null).Add("c", -42).Add("d", text + text).ToString();

        var written = new CanonicalJson.Utf8FlatObject().Start().Add("a"u8, Encoding.UTF8.GetBytes(text)).Add("b"u8, default(Utf8Column))
            .Add("c"u8, -42).Add("d"u8, new Utf8Column(Encoding.UTF8.GetBytes(text + text))).End();

        Assert.Equal(expected, Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void Utf8FlatObject_RefusesMembersOutOfKeyOrder_AndStartsAnew()
    {
        var writer = new CanonicalJson.Utf8FlatObject();
        Assert.Throws<ArgumentException>(() => writer.Start().Add("b"u8, "1"u8).Add("a"u8, "2"u8));
        Assert.Throws<ArgumentException>(() => writer.Start().Add("a"u8, "1"u8).Add("a"u8, "2"u8));
        Assert.Throws<ArgumentException>(() => writer.Start().Add("\""u8, "1"u8));

        Assert.Equal("{\"a\":1,\"ab\":\"x\"}", Encoding.UTF8.GetString(writer.Start().Add("a"u8, 1).Add("ab"u8, "x"u8).End()));
    }

    private static List<(AuditEntry Entry, string Hash)> AuditChain(string? actor, string? name, string? address, int count = 4)
    {
        var head = AuditHead.New(Org);
        var chain = new List<(AuditEntry, string)>();
        for (var i = 0; i < count; i++)
        {
            var (entry, hash, next) = head.Append(At.AddSeconds(i), actor, name, "POST /api/v1/incidents/{id}/notes", $"/api/v1/incidents/{i}/notes?q=\"{name}\"", 200 + i, address);
            chain.Add((entry, hash));
            head = next;
        }
        return chain;
    }

    /// <summary>An entry as its row stores it: each text its UTF-8, a null column null.</summary>
    private static StoredAuditEntry Stored(AuditEntry e, string hash) => new()
    {
        Organization = e.Organization,
        Seq = e.Seq,
        At = e.At,
        ActorId = Column(e.ActorId),
        ActorName = Column(e.ActorName),
        Action = Encoding.UTF8.GetBytes(e.Action),
        Target = Encoding.UTF8.GetBytes(e.Target),
        Status = e.Status,
        Address = Column(e.Address),
        Prev = Encoding.UTF8.GetBytes(e.Prev),
        Hash = Encoding.UTF8.GetBytes(hash),
    };

    private static Utf8Column Column(string? text) => text is null ? default : new Utf8Column(Encoding.UTF8.GetBytes(text));

    private static AuditBreak? CheckStored(Guid organization, IEnumerable<(AuditEntry Entry, string Hash)> chain)
    {
        var check = new AuditChainCheck(organization);
        foreach (var (entry, hash) in chain)
        {
            if (!check.Add(Stored(entry, hash)))
                break;
        }
        return check.Finish();
    }

    [Theory]
    [InlineData("key:so", "田中 一郎", "10.0.0.5")]
    [InlineData(null, null, null)]
    [InlineData("", "", "")]
    [InlineData("key:\"quoted\"\\", "改行\nタブ\t制御\u0001\u001f", "::1")]
    [InlineData("key:x", "絵文字 🏥", "2001:db8::1")]
    public void AuditEntryAsStored_IsDecidedAsTheEntry(string? actor, string? name, string? address)
    {
        // Sealed through the string path: any byte the stored path wrote differently would change the hash.
        var chain = AuditChain(actor, name, address);
        Assert.Null(CheckStored(Org, chain));

        var edited = AuditChain(actor, name, address);
        edited[2] = (edited[2].Entry with { Status = 403 }, edited[2].Hash);
        var rehashed = AuditChain(actor, name, address);
        var forged = rehashed[1].Entry with { ActorName = "だれか" };
        rehashed[1] = (forged, forged.Hash());
        var gap = AuditChain(actor, name, address);
        gap.RemoveAt(1);
        var nulled = AuditChain(actor, name, address);
        nulled[3] = (nulled[3].Entry with { Address = nulled[3].Entry.Address is null ? "" : null }, nulled[3].Hash);
        foreach (var tampered in new[] { edited, rehashed, gap, nulled })
        {
            Assert.NotNull(CheckStored(Org, tampered));
            Assert.Equal(AuditVerifier.Check(Org, tampered), CheckStored(Org, tampered));
        }
    }

    [Fact]
    public void AuditEntryAsStored_BytesThatAreNotUtf8_AreReadAsAStringReadsThem()
    {
        // A string read from those bytes holds U+FFFD where they are not UTF-8: the entry sealed with it checks out.
        var (entry, hash, _) = AuditHead.New(Org).Append(At, "key:so", "名前\uFFFD", "sign-in-failed", "/signin", 401, null);
        var stored = Stored(entry, hash) with { ActorName = new Utf8Column([.. Encoding.UTF8.GetBytes("名前"), 0xFF]) };
        var check = new AuditChainCheck(Org);

        Assert.True(check.Add(stored));
        Assert.Null(check.Finish());
    }

    private sealed record Link(long Seq, string Text, string Hash, string? Prev);

    [Fact]
    public void HashChain_HashesAsBytes_AreDecidedAsStrings()
    {
        var links = new List<Link>();
        var prev = HashChain.Genesis;
        for (var seq = 1; seq <= 4; seq++)
        {
            var text = $"{{\"prev\":\"{prev}\",\"seq\":{seq}}}";
            links.Add(new Link(seq, text, HashChain.Hash(text), prev));
            prev = links[^1].Hash;
        }
        List<Link>[] cases =
        [
            links,
            [links[0], links[1] with { Text = links[1].Text + " " }, links[2], links[3]],
            [links[0], links[1] with { Hash = new string('0', 64) }, links[2], links[3]],
            [links[0], links[1] with { Prev = null }, links[2], links[3]],
            [links[0], links[1] with { Prev = "" }, links[2], links[3]],
            [links[0], links[1] with { Prev = links[1].Prev!.ToUpperInvariant(), Hash = links[1].Hash.ToUpperInvariant() }, links[2], links[3]],
            [links[0], links[1] with { Hash = "not hex" }, links[2]],
            [links[0], links[2], links[3]],
            [links[0], links[1], links[1], links[2]],
        ];

        foreach (var chain in cases)
        {
            var strings = new HashChainVerifier();
            var bytes = new HashChainVerifier();
            foreach (var link in chain)
            {
                var text = Encoding.UTF8.GetBytes(link.Text);
                Assert.Equal(strings.Add(link.Seq, text, link.Hash, link.Prev),
                    bytes.Add(link.Seq, text, Encoding.UTF8.GetBytes(link.Hash), Encoding.UTF8.GetBytes(link.Prev ?? ""), readable: link.Prev is not null));
            }
            Assert.Equal(strings.Finish(4, links[^1].Hash), bytes.Finish(4, links[^1].Hash));
            Assert.Equal(strings.Head, bytes.Head);
        }
    }

    /// <summary>A record of notes whose last event's text is rewritten (and hashed again) by <paramref name="rewrite"/>.</summary>
    private static (List<StoredEvent> Events, string Head) RecordWithLastText(Func<string, string> rewrite)
    {
        var recorded = EventChain.Append(IncidentHead.New(Org, Incident), [(Officer, new NoteAdded("一", null)), (Officer, new NoteAdded("二", null))], At).Recorded;
        var events = recorded.Select(r => new StoredEvent(r.Seq, r.Type.WireName(), r.At, r.Body, r.Hash, Org)).ToList();
        var body = rewrite(events[^1].Body);
        events[^1] = events[^1] with { Body = body, Hash = EventChain.Hash(body) };
        return (events, events[^1].Hash);
    }

    private static ChainBreak? Verify(List<StoredEvent> events, string head, CheckedEvent? checkedEvent = null)
    {
        var verifier = new ChainVerifier(Org, Incident, checkedEvent);
        foreach (var e in events)
        {
            if (!verifier.Add(e))
                break;
        }
        return verifier.Finish(events.Count, head, IncidentProgress.Empty with { Notes = events.Count });
    }

    private static ChainBreak? VerifyWithLastText(Func<string, string> rewrite)
    {
        var (events, head) = RecordWithLastText(rewrite);
        return Verify(events, head);
    }

    /// <summary>The hash the text names for the event before it.</summary>
    private static string PrevOf(string body) => (string)JsonNode.Parse(body)!["prev"]!;

    [Fact]
    public void EventText_ItsTopLevelReadUnescaped_AsAStringReadsIt()
    {
        // Escapes a reader undoes: the values are those a string would hold.
        Assert.Null(VerifyWithLastText(body =>
        {
            var prev = PrevOf(body);
            var escaped = $"\\u{(int)prev[0]:x4}{prev[1..]}";
            return body.Replace("\"type\":\"note-added\"", "\"type\":\"note\\u002dadded\"", StringComparison.Ordinal)
                .Replace($"\"prev\":\"{prev}\"", $"\"prev\":\"{escaped}\"", StringComparison.Ordinal);
        }));
        Assert.Contains("\\u002d", RecordWithLastText(body => body.Replace("note-added", "note\\u002dadded", StringComparison.Ordinal)).Events[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ACountedEventsText_ThatItsReaderCannotRead_IsUnreadableThere_NotAnException()
    {
        // Notes are only counted by the check itself; a caller that reads their text (sonae verify reads issued
        // reports and joins) says so, and the record is unreadable at that event.
        var (events, head) = RecordWithLastText(b => b.Replace("\"text\":\"二\"", "\"text\":5", StringComparison.Ordinal));
        var read = new List<long>();

        Assert.Null(Verify(events, head));
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Unreadable), Verify(events, head, (seq, _, body) =>
        {
            read.Add(seq);
            return EventChain.TryParse(body) is not null;
        }));
        Assert.Equal([1L, 2L], read);
    }

    [Fact]
    public void EventText_PrevNullOrMissing_IsRelinked_AndValuesThatAreNoStrings_AreUnreadable()
    {
        static string Prev(string body) => $"\"prev\":\"{PrevOf(body)}\"";

        Assert.Equal(new ChainBreak(2, ChainBreakKind.Relinked), VerifyWithLastText(b => b.Replace(Prev(b), "\"prev\":null", StringComparison.Ordinal)));
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Relinked), VerifyWithLastText(b => b.Replace(Prev(b) + ",", "", StringComparison.Ordinal)));
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Unreadable), VerifyWithLastText(b => b.Replace(Prev(b), "\"prev\":7", StringComparison.Ordinal)));
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Unreadable), VerifyWithLastText(b => b.Replace("\"type\":\"note-added\"", "\"type\":[]", StringComparison.Ordinal)));
        // A seq that is no whole number cannot be read (it stopped verify with an exception before).
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Unreadable), VerifyWithLastText(b => b.Replace("\"seq\":2", "\"seq\":2.5", StringComparison.Ordinal)));
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Mismatch), VerifyWithLastText(b => b.Replace("\"type\":\"note-added\"", "\"type\":null", StringComparison.Ordinal)));
    }

    [Fact]
    public void EventAsStored_IsDecidedAsTheEvent_AndBytesThatAreNotUtf8_AsAStringReadsThem()
    {
        var recorded = EventChain.Append(IncidentHead.New(Org, Incident), [(Officer, new NoteAdded("一", null)), (Officer, new NoteAdded("名前\uFFFD", null))], At).Recorded;
        StoredEventUtf8 Stored(RecordedEvent e, byte[] body) => new()
        {
            Seq = e.Seq, Type = Encoding.UTF8.GetBytes(e.Type.WireName()), At = e.At, Body = body, Hash = Encoding.UTF8.GetBytes(e.Hash), OrganizationId = Org,
        };
        var notUtf8 = Encoding.UTF8.GetBytes(recorded[1].Body.Replace("\uFFFD", "\u0001", StringComparison.Ordinal));
        notUtf8[Array.IndexOf(notUtf8, (byte)1)] = 0xFF;
        var verifier = new ChainVerifier(Org, Incident);

        Assert.True(verifier.Add(Stored(recorded[0], Encoding.UTF8.GetBytes(recorded[0].Body))));
        Assert.True(verifier.Add(Stored(recorded[1], notUtf8)));
        Assert.Null(verifier.Finish(2, recorded[1].Hash, IncidentProgress.Empty with { Notes = 2 }));
    }

    [Fact]
    public void EventTypes_ReadFromUtf8_AsFromTheirNames()
    {
        foreach (var type in IncidentEventTypes.All)
        {
            Assert.True(IncidentEventTypes.TryParse(Encoding.UTF8.GetBytes(type.WireName()), out var read));
            Assert.Equal(type, read);
        }
        Assert.False(IncidentEventTypes.TryParse("Note-Added"u8, out _));
        Assert.False(IncidentEventTypes.TryParse(""u8, out _));
    }

    [Theory]
    [MemberData(nameof(EventChainTests.EveryEventType), MemberType = typeof(EventChainTests))]
    public void Parse_FromUtf8_IsParseFromTheString(EventData data)
    {
        var text = EventChain.Canonical(new IncidentEvent(Org, Incident, 3, Timestamps.Normalize(At), Officer, data, new string('0', 64)));

        var fromBytes = EventChain.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal(EventChain.Canonical(EventChain.Parse(text)), EventChain.Canonical(fromBytes));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => EventChain.Parse(Encoding.UTF8.GetBytes(text + "{}")));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => EventChain.Parse(text + "{}"));
    }
}
