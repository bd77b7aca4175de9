using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Incidents;

public sealed class EventChainTests
{
    private static readonly Guid Org = Guid.Parse("0194a3b2-0000-7000-8000-000000000001");
    private static readonly Guid Incident = Guid.Parse("0194a3b2-0000-7000-8000-000000000002");
    private static readonly EventActor Officer = new("key-so", "田中 \"IT\"", Role.SecurityOfficer);
    private static readonly DateTimeOffset At = new(2026, 11, 24, 14, 3, 7, 123, TimeSpan.FromHours(9));

    public static TheoryData<EventData> EveryEventType() =>
    [
        new IncidentOpened(7, "電子カルテ停止", IncidentSource.AnomalyReport, new PlaybookRef("mhlw-incident-flowchart", 2, new string('a', 64)), Drill: true, "説明"),
        new AnomalyReported("3階西病棟", "ナースステーション", "PC-01", [AnomalySign.RansomNote, AnomalySign.SlowOrFrozen], At, "画面に脅迫文", "佐藤", "PHS 3021"),
        new ActionDone(new StepId("1-2"), "unplug", "抜いた"),
        new StepCompleted(new StepId("2-1"), null),
        new StepSkipped(new StepId("2-3"), "不要"),
        new FactRecorded(new FactId("cause"), "cyber-attack", new StepId("2-1")),
        new FactRevised(new FactId("cause"), "network", "cyber-attack", "誤検知", new StepId("2-1")),
        new NoteAdded("line1\nline2\t\"quoted\" \\ 😀", new StepId("2-1")),
        new AssetStatusChanged("EHR-DB-01", AssetStatus.Isolated, null),
        new ContactLogged("IPA", ContactChannel.Phone, ContactResult.NoAnswer, "留守電"),
        new ContactLogged("架空県警察", ContactChannel.Phone, ContactResult.Reached, null, ContactDirection.Incoming, "被害相談の受理", "受理番号 R8-0123", At),
        new ReportIssued("police", new string('b', 64), "県警サイバー犯罪相談窓口", ContactChannel.InPerson, null),
        new IncidentClosed(IncidentOutcome.ClosedEarly, "重複"),
        new IncidentOpened(8, "電子カルテ停止", IncidentSource.Manual, new PlaybookRef("mhlw-incident-flowchart", 2, new string('a', 64)), false, null,
            new Core.Reporting.ReportingRules(4, Core.Reporting.DayCount.IncludingFirstDay)),
        new ReportingRulesChanged(new Core.Reporting.ReportingRules(5), new Core.Reporting.ReportingRules(3, Core.Reporting.DayCount.IncludingFirstDay), "委員会の窓口と調整"),
        new ContactLogged("山田 一郎", ContactChannel.Mobile, ContactResult.WrongNumber, "別人が出た", ContactDirection.Outgoing, "090-0000-0001"),
        new StatusPosted("電子カルテのサーバーが暗号化された", "遮断済み、ベンダが調査中", At.AddHours(1)),
        new StatusPosted("最終報告", null, null),
    ];

    [Theory]
    [MemberData(nameof(EveryEventType))]
    public void Parse_EveryEventType_RoundTripsThroughItsCanonicalText(EventData data)
    {
        var original = new IncidentEvent(Org, Incident, 3, Timestamps.Normalize(At), Officer, data, new string('0', 64));

        var text = EventChain.Canonical(original);
        var parsed = EventChain.Parse(text);

        Assert.Equal(text, EventChain.Canonical(parsed));
        Assert.Equal(original with { Data = parsed.Data }, parsed);
        Assert.Equal(data.GetType(), parsed.Data.GetType());
    }

    [Fact]
    public void Canonical_SortsKeysLeavesOutNullsAndEscapesOnlyWhatJsonRequires()
    {
        var e = new IncidentEvent(Org, Incident, 1, At, Officer, new NoteAdded("改行\n\"引用\" 😀 \u001f", null), EventChain.GenesisPrev);

        var text = EventChain.Canonical(e);

        Assert.Equal(
            """{"actor":{"id":"key-so","name":"田中 \"IT\"","role":"security-officer"},"at":"2026-11-24T05:03:07.123Z","data":{"text":"改行\n\"引用\" 😀 \u001f"},"incident":"0194a3b2-0000-7000-8000-000000000002","org":"0194a3b2-0000-7000-8000-000000000001","prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"type":"note-added","v":1}""",
            text);
    }

    [Fact]
    public void Append_LinksEachEventToTheHashOfThePreviousText()
    {
        var head = IncidentHead.New(Org, Incident);
        var result = EventChain.Append(head, [(Officer, new NoteAdded("一", null)), (Officer, new NoteAdded("二", null))], At);

        var first = result.Recorded[0];
        var second = result.Recorded[1];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(first.Body))), first.Hash);
        Assert.Equal(first.Hash, (string?)JsonNode.Parse(second.Body)!["prev"]);
        Assert.Equal(EventChain.GenesisPrev, (string?)JsonNode.Parse(first.Body)!["prev"]);
        Assert.Equal(new IncidentHead(Org, Incident, 2, second.Hash, second.At), result.Head);
    }

    private static List<StoredEvent> Chain(int count)
    {
        var head = IncidentHead.New(Org, Incident);
        var events = Enumerable.Range(1, count).Select(i => (Officer, (EventData)new NoteAdded($"メモ {i}", null)));
        return EventChain.Append(head, events, At).Recorded.Select(r => new StoredEvent(r.Seq, r.Type.WireName(), r.At, r.Body, r.Hash, Org)).ToList();
    }

    private static ChainBreak? Verify(IEnumerable<StoredEvent> events, long lastSeq, string headHash)
    {
        var verifier = new ChainVerifier(Org, Incident);
        foreach (var e in events)
        {
            if (!verifier.Add(e))
                break;
        }
        return verifier.Finish(lastSeq, headHash, IncidentProgress.Empty with { Notes = (int)lastSeq });
    }

    [Fact]
    public void Verify_UntouchedChain_HasNoBreak()
    {
        var chain = Chain(5);
        Assert.Null(Verify(chain, 5, chain[^1].Hash));
    }

    [Fact]
    public void Verify_TextChanged_IsAlteredAtThatEvent()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Body = chain[2].Body.Replace("メモ 3", "メモ X", StringComparison.Ordinal) };
        Assert.Equal(new ChainBreak(3, ChainBreakKind.Altered), Verify(chain, 5, chain[^1].Hash));
    }

    [Fact]
    public void Verify_StoredHashChanged_NamesTheHashNotTheText()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Hash = new string('0', 64) };
        Assert.Equal(new ChainBreak(3, ChainBreakKind.HashAltered), Verify(chain, 5, chain[^1].Hash));
        var last = Chain(5);
        var head = last[4].Hash;
        last[4] = last[4] with { Hash = new string('f', 64) };
        Assert.Equal(new ChainBreak(5, ChainBreakKind.HashAltered), Verify(last, 5, head));
        var lastText = Chain(5);
        lastText[4] = lastText[4] with { Body = lastText[4].Body.Replace("メモ 5", "メモ X", StringComparison.Ordinal) };
        Assert.Equal(new ChainBreak(5, ChainBreakKind.Altered), Verify(lastText, 5, lastText[^1].Hash));
    }

    [Fact]
    public void Verify_TextAndHashRewritten_BreaksTheNextLink()
    {
        var chain = Chain(5);
        var body = chain[2].Body.Replace("メモ 3", "メモ X", StringComparison.Ordinal);
        chain[2] = chain[2] with { Body = body, Hash = EventChain.Hash(body) };
        Assert.Equal(new ChainBreak(4, ChainBreakKind.Relinked), Verify(chain, 5, chain[^1].Hash));
    }

    [Fact]
    public void Verify_EventRemovedFromTheMiddle_IsMissing()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Missing), Verify(chain, 5, chain[^1].Hash));
    }

    [Fact]
    public void Verify_EventsRemovedFromTheEnd_AreTruncated()
    {
        var chain = Chain(5);
        var head = chain[^1].Hash;
        chain.RemoveRange(3, 2);
        Assert.Equal(new ChainBreak(4, ChainBreakKind.Truncated), Verify(chain, 5, head));
    }

    [Fact]
    public void Verify_ColumnDisagreesWithText_IsMismatch()
    {
        var chain = Chain(3);
        chain[1] = chain[1] with { Type = "closed" };
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Mismatch), Verify(chain, 3, chain[^1].Hash));
    }

    [Fact]
    public void Verify_StateThatIsNotWhatTheRecordAddsUpTo_IsAStateMismatch()
    {
        var chain = Chain(3);
        var verifier = new ChainVerifier(Org, Incident);
        chain.ForEach(e => verifier.Add(e));

        Assert.Equal(new ChainBreak(3, ChainBreakKind.StateMismatch), verifier.Finish(3, chain[^1].Hash, IncidentProgress.Empty with { Notes = 2 }));
    }

    [Fact]
    public void Verify_EventStoredUnderAnotherOrganization_IsMismatch()
    {
        var chain = Chain(2);
        chain[1] = chain[1] with { OrganizationId = Guid.NewGuid() };
        Assert.Equal(new ChainBreak(2, ChainBreakKind.Mismatch), Verify(chain, 2, chain[^1].Hash));
    }

    [Fact]
    public void Verify_EventOfAnotherIncident_IsMismatch()
    {
        var chain = Chain(2);
        var verifier = new ChainVerifier(Org, Guid.NewGuid());
        verifier.Add(chain[0]);
        Assert.Equal(new ChainBreak(1, ChainBreakKind.Mismatch), verifier.Break);
    }

    [Fact]
    public void Append_ClockBehindTheLastEvent_TakesTheLastEventsTime()
    {
        var first = EventChain.Append(IncidentHead.New(Org, Incident), [(Officer, new NoteAdded("速い時計のサーバー", null))], At);

        // Another server whose clock runs three minutes behind appends next.
        var second = EventChain.Append(first.Head, [(Officer, new NoteAdded("遅い時計のサーバー", null)), (Officer, new NoteAdded("同じ判断", null))], At.AddMinutes(-3));
        var third = EventChain.Append(second.Head, [(Officer, new NoteAdded("あとで", null))], At.AddMinutes(1));

        Assert.All(second.Events, e => Assert.Equal(Timestamps.Normalize(At), e.At));
        Assert.Equal(Timestamps.Normalize(At.AddMinutes(1)), Assert.Single(third.Events).At);
        Assert.Null(EventTimes.FirstBackwards(first.Recorded.Concat(second.Recorded).Concat(third.Recorded).Select(Stored)));
    }

    [Fact]
    public void FirstBackwards_ATimeEarlierThanTheOneBefore_IsNamedWithBoth()
    {
        var times = new[] { At, At, At.AddMinutes(2), At.AddMinutes(1), At.AddMinutes(-5) };
        var events = times.Select((t, i) => new StoredEvent(i + 1, "note-added", t, "{}", new string('0', 64), Org));

        var backwards = EventTimes.FirstBackwards(events);

        Assert.Equal(new BackwardsTime(4, At.AddMinutes(1), 3, At.AddMinutes(2)), backwards);
        Assert.Null(EventTimes.FirstBackwards(events.Take(3)));
        Assert.Null(EventTimes.FirstBackwards([]));
    }

    private static StoredEvent Stored(RecordedEvent e) => new(e.Seq, e.Type.WireName(), e.At, e.Body, e.Hash, e.OrganizationId);
}
