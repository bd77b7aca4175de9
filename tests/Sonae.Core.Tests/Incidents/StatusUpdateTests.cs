using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Incidents;

/// <summary>
/// Status updates on a rhythm: who posts one, what it must say, when the next is due and when it is overdue, and the
/// event on the record.
/// </summary>
public sealed class StatusUpdateTests
{
    private static readonly TimeSpan Hourly = TimeSpan.FromMinutes(60);

    private static StatusPosted Posted(IReadOnlyList<RecordedEvent> recorded) => Assert.IsType<StatusPosted>(EventChain.Parse(Assert.Single(recorded).Body).Data);

    [Fact]
    public void TheOfficer_PostsAnUpdate_TheProjectionKeepsItAndWhenTheNextComes()
    {
        var incident = OpenedByHand();
        var next = incident.Clock.GetUtcNow().AddMinutes(63);

        var posted = Posted(incident.Do(Officer, new PostStatusUpdate("  電子カルテのサーバー2台が暗号化された  ", " 外部との接続を遮断し、ベンダと調査中 ", next)));

        Assert.Equal(new StatusPosted("電子カルテのサーバー2台が暗号化された", "外部との接続を遮断し、ベンダと調査中", Timestamps.Normalize(next)), posted);
        var latest = incident.Progress.LatestStatus!;
        Assert.Equal((incident.Head.LastSeq, Officer.Name, Role.SecurityOfficer, Timestamps.Normalize(next)), (latest.Seq, latest.By, latest.Role, latest.NextAt));
        Assert.Equal(1, incident.Progress.StatusUpdates);
        Assert.Null(incident.Verify());
    }

    [Fact]
    public void Management_PostsToo_StaffAndVendorsMayNot()
    {
        var incident = OpenedByHand();
        incident.Do(Director, new PostStatusUpdate("院長として状況を確認した", null, incident.Clock.GetUtcNow().AddHours(1)));

        foreach (var actor in new[] { Nurse, Vendor })
        {
            var refusal = Assert.IsType<RoleRequired>(incident.Refused(actor, new PostStatusUpdate("x", null, incident.Clock.GetUtcNow().AddHours(1))));
            Assert.Equal([Role.SecurityOfficer, Role.Management], refusal.Allowed);
            Assert.False(StatusUpdates.MayPost(actor, incident.Progress));
        }
        Assert.True(StatusUpdates.MayPost(Officer, incident.Progress));
    }

    [Fact]
    public void AnUpdate_SaysWhatIsKnown_AndWhenTheNextComesWhileOpen()
    {
        var incident = OpenedByHand();
        var now = incident.Clock.GetUtcNow();

        Assert.Equal(new FieldRefused("known", FieldProblem.Required), incident.Refused(Officer, new PostStatusUpdate("  ", "調査中", now.AddHours(1))));
        Assert.Equal(new FieldRefused("known", FieldProblem.TooLong, TextLimits.LongText), incident.Refused(Officer, new PostStatusUpdate(new string('あ', 4001), null, now.AddHours(1))));
        Assert.Equal(new FieldRefused("doing", FieldProblem.ControlCharacters), incident.Refused(Officer, new PostStatusUpdate("状況", "a\0b", now.AddHours(1))));
        Assert.Equal(new FieldRefused("nextAt", FieldProblem.Required), incident.Refused(Officer, new PostStatusUpdate("状況", null, null)));
        Assert.Equal(new FieldRefused("nextAt", FieldProblem.NotAhead), incident.Refused(Officer, new PostStatusUpdate("状況", null, now.AddMinutes(-2))));
        Assert.Equal(new FieldRefused("nextAt", FieldProblem.TooFarAhead, 7), incident.Refused(Officer, new PostStatusUpdate("状況", null, now.AddDays(7).AddMinutes(1))));
    }

    [Fact]
    public void TheMinuteItIsNow_IsNotInThePast_ForATimeTypedOnAForm()
    {
        var incident = OpenedByHand();
        incident.Clock.Advance(TimeSpan.FromSeconds(50));
        var now = incident.Clock.GetUtcNow();
        var typed = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMinute));

        Assert.Null(new IncidentDriverProbe(incident).Refusal(Officer, new PostStatusUpdate("状況", null, typed)));
    }

    [Fact]
    public void WithoutATime_TheNextComesOneRhythmAfterItIsRecorded_WhileOpen()
    {
        var incident = OpenedByHand();

        var posted = Posted(incident.Do(Officer, new PostStatusUpdate("状況", null, null, TimeSpan.FromMinutes(30))));

        Assert.Equal(StatusUpdates.DefaultNextAt(incident.Clock.GetUtcNow(), TimeSpan.FromMinutes(30)), posted.NextAt);
    }

    [Fact]
    public void AfterClosing_ALastUpdateIsPosted_WithoutANextOne_AndNothingIsDue()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new CloseIncident("訓練のため終了"));

        var posted = Posted(incident.Do(Director, new PostStatusUpdate("復旧を確認した。最終報告とする", null, null, Hourly)));

        Assert.Null(posted.NextAt);
        Assert.Null(StatusUpdates.NextDue(incident.Progress, incident.OpenedAt, Hourly));
        Assert.False(StatusUpdates.IsOverdue(incident.Progress, incident.OpenedAt, Hourly, incident.Clock.GetUtcNow().AddDays(3)));
        Assert.Null(incident.Verify());
    }

    [Fact]
    public void AMergedIncident_TakesNoUpdate_LikeItsContacts()
    {
        var merged = OpenedByHand();
        var into = OpenedByHand();
        var decision = IncidentJoins.Merge(Officer, merged.Side(1), [], into.Side(2), "同じ攻撃");
        merged.Append(decision.Source);

        Assert.IsType<IncidentIsClosed>(merged.Refused(Officer, new PostStatusUpdate("状況", null, null)));
        Assert.False(StatusUpdates.MayPost(Officer, merged.Progress));
    }

    [Fact]
    public void TheFirstUpdate_IsDueOneRhythmAfterOpening_ThenWhenTheLatestSaid()
    {
        var incident = OpenedByHand();
        var opened = incident.OpenedAt;

        Assert.Equal(opened.AddMinutes(60), StatusUpdates.NextDue(incident.Progress, opened, Hourly));
        Assert.False(StatusUpdates.IsOverdue(incident.Progress, opened, Hourly, opened.AddMinutes(59)));
        Assert.True(StatusUpdates.IsOverdue(incident.Progress, opened, Hourly, opened.AddMinutes(60)));

        var promised = incident.Clock.GetUtcNow().AddMinutes(30);
        incident.Do(Officer, new PostStatusUpdate("状況", null, promised));

        Assert.Equal(Timestamps.Normalize(promised), StatusUpdates.NextDue(incident.Progress, opened, Hourly));
        Assert.False(StatusUpdates.IsOverdue(incident.Progress, opened, Hourly, promised.AddSeconds(-1)));
        Assert.True(StatusUpdates.IsOverdue(incident.Progress, opened, Hourly, promised));
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(60, true)]
    [InlineData(1440, true)]
    [InlineData(1441, false)]
    public void TheHospitalsRhythm_IsTenMinutesToADay(int minutes, bool valid)
    {
        var profile = new OrganizationProfile("みなと市立病院", FacilityKind.Hospital, 300, Operator.LocalGovernment, false, UpdateEveryMinutes: minutes);

        var problems = SectionValidation.Check(profile);

        if (valid)
        {
            Assert.Empty(problems);
            Assert.Equal(TimeSpan.FromMinutes(minutes), profile.UpdateRhythm);
        }
        else
        {
            var problem = Assert.Single(problems);
            Assert.Equal(("updateEveryMinutes", "update-rhythm"), (problem.Path, problem.Code));
            Assert.Contains("10〜1440 分", problem.Message.Ja, StringComparison.Ordinal);
            Assert.Contains("between 10 and 1440 minutes", problem.Message.En, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AProfileSavedBeforeTheRhythm_ReadsAsHourly()
    {
        var profile = System.Text.Json.JsonSerializer.Deserialize<OrganizationProfile>("""{"name":"みなと市立病院","kind":"hospital","operator":"private","largeOrRegional":false}""", RecordJson.Options)!;

        Assert.Equal(60, profile.UpdateEveryMinutes);
        Assert.Equal(Hourly, profile.UpdateRhythm);
    }

    [Fact]
    public void TheFormsNextTime_IsOneRhythmFromNow_ToTheMinute()
    {
        var now = new DateTimeOffset(2026, 11, 24, 5, 12, 40, 500, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 6, 12, 0, TimeSpan.Zero), StatusUpdates.DefaultNextAt(now, Hourly));
    }

    [Fact]
    public void TheEvent_IsWrittenExactly_AndARecordWithoutUpdatesReadsAsBefore()
    {
        var at = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
        var e = new IncidentEvent(Guid.Parse("0194a3b2-0000-7000-8000-000000000001"), Guid.Parse("0194a3b2-0000-7000-8000-000000000002"), 4, at,
            new EventActor("account:7", "田中 一郎", Role.SecurityOfficer), new StatusPosted("暗号化を確認", "遮断済み", at.AddHours(1)), new string('0', 64));

        Assert.Equal(
            """{"actor":{"id":"account:7","name":"田中 一郎","role":"security-officer"},"at":"2026-11-24T05:00:00.000Z","data":{"doing":"遮断済み","known":"暗号化を確認","nextAt":"2026-11-24T06:00:00.000Z"},"incident":"0194a3b2-0000-7000-8000-000000000002","org":"0194a3b2-0000-7000-8000-000000000001","prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":4,"type":"status-posted","v":1}""",
            EventChain.Canonical(e));
        Assert.Equal("""{"known":"最終報告"}""", CanonicalJson.Write(System.Text.Json.JsonSerializer.SerializeToNode(new StatusPosted("最終報告", null, null), RecordJson.Options)!));
        // A projection stored before updates existed has none, and reads as such.
        var old = System.Text.Json.JsonSerializer.Deserialize<IncidentProgress>("""{"status":"open","notes":2}""", RecordJson.Options)!;
        Assert.Null(old.LatestStatus);
        Assert.Equal(0, old.StatusUpdates);
    }

    /// <summary>Asks the rules without recording (the driver's Refused insists on a refusal).</summary>
    private sealed class IncidentDriverProbe(IncidentDriver incident)
    {
        public Refusal? Refusal(Actor actor, IncidentCommand command) =>
            IncidentRules.Decide(incident.Playbook, incident.Progress, actor, command, incident.Clock.GetUtcNow(), incident.OpenedAt).Refusal;
    }
}
