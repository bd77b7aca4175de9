using Sonae.Core.Access;
using Sonae.Core.Incidents;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Incidents;

/// <summary>
/// The contact log: who called or wrote whom, which way, about what, the number the other side gave, when, and who on
/// the hospital's side spoke; and that the contacts a record held before these details existed read exactly as before.
/// </summary>
public sealed class ContactLogTests
{
    private static readonly Guid Org = Guid.Parse("0194a3b2-0000-7000-8000-000000000001");
    private static readonly Guid Incident = Guid.Parse("0194a3b2-0000-7000-8000-000000000002");

    [Fact]
    public void LogContact_WithEveryDetail_RecordsThemAll_AndWhoSpokeBesideWhoRecorded()
    {
        var incident = IncidentDriver.OpenedByHand();
        var calledAt = incident.Clock.GetUtcNow().AddMinutes(1).AddTicks(1234);

        var recorded = incident.Do(Nurse, new LogContact(" 架空県警察 サイバー犯罪対策課 ", ContactChannel.Phone, ContactResult.Reached, "被害届の準備を助言された",
            ContactDirection.Outgoing, " 被害相談 ", " 受理番号 R8-0123 ", calledAt, "院長 鈴木"));

        var e = EventChain.Parse(Assert.Single(recorded).Body);
        var contact = Assert.IsType<ContactLogged>(e.Data);
        Assert.Equal(new ContactLogged("架空県警察 サイバー犯罪対策課", ContactChannel.Phone, ContactResult.Reached, "被害届の準備を助言された",
            ContactDirection.Outgoing, "被害相談", "受理番号 R8-0123", Timestamps.Normalize(calledAt)), contact);
        // The nurse recorded it as a scribe; the director spoke.
        Assert.Equal((Nurse.Id, Role.Staff, null, "院長 鈴木"), (e.Actor.Id, e.Actor.Role, e.Actor.For, e.Actor.ForPerson));
        Assert.Equal(1, incident.Progress.ContactsLogged);
        Assert.Null(incident.Verify());
    }

    [Fact]
    public void LogContact_SpokenByWhoeverRecords_NamesNoOneElse()
    {
        var incident = IncidentDriver.OpenedByHand();

        var recorded = incident.Do(Officer, new LogContact("IPA", ContactChannel.Email, ContactResult.Sent, SpokeBy: Officer.Name));

        var e = EventChain.Parse(Assert.Single(recorded).Body);
        Assert.Null(e.Actor.ForPerson);
        Assert.DoesNotContain("forPerson", Assert.Single(recorded).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void LogContact_EveryRoleThatMayAddToTheRecord_MayLogOne()
    {
        var incident = IncidentDriver.OpenedByHand();

        foreach (var actor in new[] { Nurse, Vendor, Officer, Director })
            incident.Do(actor, new LogContact("みなとメディカルシステムズ", ContactChannel.Phone, ContactResult.Reached, Direction: ContactDirection.Incoming));

        Assert.Equal(4, incident.Progress.ContactsLogged);
        Assert.All([Role.Staff, Role.Vendor, Role.SecurityOfficer, Role.Management], role => Assert.Contains(role, Permissions.RolesFor(Operation.AddToRecord)));
    }

    [Fact]
    public void LogContact_InTheFuture_IsRefused_AFewMinutesOfDriftAreNot()
    {
        var incident = IncidentDriver.OpenedByHand();
        var now = incident.Clock.GetUtcNow();

        var refusal = incident.Refused(Officer, new LogContact("IPA", ContactChannel.Phone, ContactResult.Reached, At: now.AddMinutes(6)));

        Assert.Equal(new FieldRefused("at", FieldProblem.InTheFuture), refusal);
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.True(IncidentRules.Decide(incident.Playbook, incident.Progress, Officer,
            new LogContact("IPA", ContactChannel.Phone, ContactResult.Reached, At: now.AddMinutes(4)), now, incident.OpenedAt).IsAccepted);
    }

    [Fact]
    public void LogContact_BeforeTheIncidentOpened_IsRefused_NamingTheOpening()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Clock.Advance(TimeSpan.FromHours(2));
        var opened = incident.OpenedAt;

        var refusal = incident.Refused(Officer, new LogContact("IPA", ContactChannel.Phone, ContactResult.Reached, At: opened.AddMinutes(-1)));

        Assert.Equal(new TimeBeforeOpening("at", opened), refusal);
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
    }

    [Fact]
    public void LogContact_TypedToTheMinuteTheIncidentOpenedIn_IsAccepted()
    {
        // Opened at 14:03:27.5; a call typed on a form as 14:03 is that minute, not before it.
        var opened = new DateTimeOffset(2026, 11, 24, 5, 3, 27, 500, TimeSpan.Zero);
        var playbook = Core.Playbooks.BuiltInPlaybooks.MhlwIncidentFlowchart;
        var command = new LogContact("IPA", ContactChannel.Phone, ContactResult.Reached, At: new DateTimeOffset(2026, 11, 24, 14, 3, 0, TimeSpan.FromHours(9)));

        var decision = IncidentRules.Decide(playbook, IncidentProgress.Empty, Officer, command, opened.AddMinutes(10), opened);

        Assert.True(decision.IsAccepted, decision.Refusal?.ToString());
        Assert.Equal(new TimeBeforeOpening("at", opened), IncidentRules.Decide(playbook, IncidentProgress.Empty, Officer,
            command with { At = new DateTimeOffset(2026, 11, 24, 14, 2, 59, TimeSpan.FromHours(9)) }, opened.AddMinutes(10), opened).Refusal);
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("reference")]
    [InlineData("spokeBy")]
    [InlineData("party")]
    public void LogContact_TextTooLong_NamesTheFieldAndLimit(string field)
    {
        var incident = IncidentDriver.OpenedByHand();
        var tooLong = new string('あ', TextLimits.ShortText + 1);
        var command = new LogContact("IPA", ContactChannel.Phone, ContactResult.Reached);
        command = field switch
        {
            "subject" => command with { Subject = tooLong },
            "reference" => command with { Reference = tooLong },
            "spokeBy" => command with { SpokeBy = tooLong },
            _ => command with { Party = tooLong },
        };

        Assert.Equal(new FieldRefused(field, FieldProblem.TooLong, TextLimits.ShortText), incident.Refused(Officer, command));
    }

    [Fact]
    public void LogContact_ReferenceWithANulCharacter_IsRefused()
    {
        var incident = IncidentDriver.OpenedByHand();

        var refusal = incident.Refused(Officer, new LogContact("IPA", ContactChannel.Phone, ContactResult.Reached, Reference: "R-1\u0000"));

        Assert.Equal(new FieldRefused("reference", FieldProblem.ControlCharacters), refusal);
    }

    /// <summary>The final report to the privacy commission, and its receipt number, often come after the incident is closed.</summary>
    [Fact]
    public void LogContact_OnAClosedIncident_IsRecorded()
    {
        var incident = IncidentDriver.OpenedByHand();
        incident.Do(Officer, new CloseIncident("誤報"));

        var recorded = Assert.Single(incident.Do(Officer, new LogContact("個人情報保護委員会", ContactChannel.Email, ContactResult.Reached, Reference: "R-1")));
        var logged = Assert.IsType<ContactLogged>(EventChain.Parse(recorded.Body).Data);

        Assert.Equal("R-1", logged.Reference);
        Assert.Equal(IncidentStatus.Closed, incident.Progress.Status);
    }

    /// <summary>A contact as Sonae wrote it before direction, subject, reference and time existed: byte for byte.</summary>
    private const string WrittenBefore =
        """{"actor":{"id":"key-so","name":"情報システム課 田中","role":"security-officer"},"at":"2026-11-24T05:03:07.123Z","data":{"channel":"phone","comment":"留守電","party":"IPA","result":"no-answer"},"incident":"0194a3b2-0000-7000-8000-000000000002","org":"0194a3b2-0000-7000-8000-000000000001","prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"type":"contact-logged","v":1}""";

    [Fact]
    public void AContactWrittenBefore_ParsesWithoutTheNewDetails_AndWritesTheSameText()
    {
        var parsed = EventChain.Parse(WrittenBefore);

        Assert.Equal(new ContactLogged("IPA", ContactChannel.Phone, ContactResult.NoAnswer, "留守電"), parsed.Data);
        Assert.Equal(WrittenBefore, EventChain.Canonical(parsed));
        // And one made now without them is the same text: the new members are left out, not written as null.
        var now = new IncidentEvent(Org, Incident, 1, parsed.At, new EventActor("key-so", "情報システム課 田中", Role.SecurityOfficer),
            new ContactLogged("IPA", ContactChannel.Phone, ContactResult.NoAnswer, "留守電"), EventChain.GenesisPrev);
        Assert.Equal(WrittenBefore, EventChain.Canonical(now));
    }

    [Fact]
    public void AContactWrittenBefore_StillVerifies_WithOnesWrittenNowAfterIt()
    {
        var old = EventChain.Parse(WrittenBefore);
        var head = new IncidentHead(Org, Incident, 1, EventChain.Hash(WrittenBefore), old.At);
        var later = EventChain.Append(head, [(new EventActor("key-staff", "看護師 佐藤", Role.Staff, ForPerson: "院長 鈴木"),
            (EventData)new ContactLogged("架空損害保険", ContactChannel.Phone, ContactResult.Reached, null, ContactDirection.Outgoing, "事故の届出", "CY-2026-000123", old.At))], old.At.AddMinutes(5));
        var verifier = new ChainVerifier(Org, Incident);
        verifier.Add(new StoredEvent(1, "contact-logged", old.At, WrittenBefore, EventChain.Hash(WrittenBefore), Org));
        verifier.Add(new StoredEvent(2, "contact-logged", later.Recorded[0].At, later.Recorded[0].Body, later.Recorded[0].Hash, Org));

        Assert.Null(verifier.Break ?? verifier.Finish(2, later.Head.HeadHash, IncidentProgress.Empty with { ContactsLogged = 2 }));
        Assert.Contains("\"direction\":\"outgoing\"", later.Recorded[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"reference\":\"CY-2026-000123\"", later.Recorded[0].Body, StringComparison.Ordinal);
    }
}
