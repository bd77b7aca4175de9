using System.Text.Json;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Incidents;

/// <summary>The commander and the scribe: who may take command, hand it over and name a scribe, and what the record keeps.</summary>
public sealed class IncidentRolesTests
{
    private static readonly Actor Deputy = new("key-so2", "情報システム課 木村", new HashSet<Role> { Role.SecurityOfficer });

    private static readonly Nominee Yamamoto = new("山本 直子", [Role.Management], Person: "p-yamamoto");

    private static Nominee AccountOf(Actor actor) => new(actor.Name, [.. actor.Roles], actor.Id);

    private static T Data<T>(IReadOnlyList<RecordedEvent> recorded) => Assert.IsType<T>(EventChain.Parse(Assert.Single(recorded).Body).Data);

    [Fact]
    public void AnIncident_HasNoCommander_UntilSomeoneTakesCommand()
    {
        var incident = OpenedByHand();
        Assert.Null(incident.Progress.Commander);

        var taken = Data<CommandTaken>(incident.Do(Officer, new TakeCommand()));

        Assert.Null(taken.From);
        var commander = incident.Progress.Commander!;
        Assert.Equal(new IncidentPerson(Officer.Name, Role.SecurityOfficer, Officer.Id), commander.Person);
        Assert.Equal(incident.Head.LastSeq, commander.Seq);
        Assert.True(IncidentRoles.IsCommander(incident.Progress, Officer));
        Assert.False(IncidentRoles.IsCommander(incident.Progress, Director));
        Assert.Null(incident.Verify());
    }

    [Fact]
    public void TakingCommandFromSomeoneElse_SaysFromWhom_WithTheNote()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());

        var taken = Data<CommandTaken>(incident.Do(Director, new TakeCommand("  院長が到着したため  ")));

        Assert.Equal(new IncidentPerson(Officer.Name, Role.SecurityOfficer, Officer.Id), taken.From);
        Assert.Equal("院長が到着したため", taken.Note);
        Assert.Equal((Director.Id, Role.Management), (incident.Progress.Commander!.Person.Actor, incident.Progress.Commander.Person.Role));
        Assert.Null(incident.Verify());
    }

    [Fact]
    public void StaffAndVendors_MayNotLead()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());
        IncidentCommand[] commands = [new TakeCommand(), new HandOverCommand(Yamamoto, "引き継ぎ"), new NameScribe(AccountOf(Deputy))];

        foreach (var actor in new[] { Nurse, Vendor })
        {
            foreach (var command in commands)
            {
                var refusal = Assert.IsType<RoleRequired>(incident.Refused(actor, command));
                Assert.Equal([Role.SecurityOfficer, Role.Management], refusal.Allowed);
                Assert.Equal(RefusalKind.Forbidden, refusal.Kind);
            }
        }
        Assert.False(IncidentRoles.MayTakeCommand(Nurse, incident.Progress));
        Assert.False(IncidentRoles.MayTakeCommand(Vendor, incident.Progress));
    }

    [Fact]
    public void TakingCommandOneHoldsAlready_IsRefused()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());

        var refusal = Assert.IsType<AlreadyInCommand>(incident.Refused(Officer, new TakeCommand()));

        Assert.Equal(incident.Progress.Commander!.Since, refusal.Since);
        Assert.False(IncidentRoles.MayTakeCommand(Officer, incident.Progress));
        Assert.True(IncidentRoles.MayTakeCommand(Director, incident.Progress));
    }

    [Fact]
    public void HandingOver_NamesTheNextCommander_AndKeepsTheNote()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());

        var handedOver = Data<CommandHandedOver>(incident.Do(Officer, new HandOverCommand(Yamamoto, "3階西病棟の端末を隔離済み。警察への相談は未了。")));

        Assert.Equal(new IncidentPerson("山本 直子", Role.Management, null, "p-yamamoto"), handedOver.To);
        Assert.Equal("3階西病棟の端末を隔離済み。警察への相談は未了。", handedOver.Note);
        Assert.Equal(handedOver.To, incident.Progress.Commander!.Person);
        // No acceptance is asked: the named person is the commander at once, and the one who handed over is not.
        Assert.False(IncidentRoles.IsCommander(incident.Progress, Officer));
        Assert.Equal("山本 直子", Assert.IsType<NotTheCommander>(incident.Refused(Officer, new HandOverCommand(AccountOf(Director), "再度"))).Commander.Name);
        Assert.Null(incident.Verify());
    }

    [Fact]
    public void HandingOverToAnAccount_MakesThatPersonTheCommanderTheyAreRecognisedAs()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());

        incident.Do(Officer, new HandOverCommand(AccountOf(Director), "朝の引き継ぎ"));

        Assert.True(IncidentRoles.IsCommander(incident.Progress, Director));
        Assert.True(IncidentRoles.MayDirect(Director, incident.Progress));
        Assert.False(IncidentRoles.MayDirect(Officer, incident.Progress));
        incident.Do(Director, new NameScribe(AccountOf(Deputy)));
        Assert.Equal(Deputy.Id, incident.Progress.Scribe!.Person.Actor);
    }

    [Fact]
    public void HandingOver_BadRequests_AreRefusedEachWithItsReason()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());

        var toStaff = Assert.IsType<MayNotLead>(incident.Refused(Officer, new HandOverCommand(new Nominee("佐藤 美咲", [Role.Staff], Person: "p-sato"), "引き継ぎ")));
        Assert.Equal(("佐藤 美咲", RefusalKind.Invalid), (toStaff.Name, toStaff.Kind));
        Assert.IsType<MayNotLead>(incident.Refused(Officer, new HandOverCommand(new Nominee("ベンダ 高橋", [Role.Vendor], "key-vendor"), "引き継ぎ")));
        Assert.Equal(new FieldRefused("note", FieldProblem.Required), incident.Refused(Officer, new HandOverCommand(Yamamoto, "  ")));
        Assert.Equal(new FieldRefused("name", FieldProblem.Required), incident.Refused(Officer, new HandOverCommand(new Nominee(" ", [Role.Management]), "引き継ぎ")));
        Assert.Equal(new FieldRefused("name", FieldProblem.TooLong, TextLimits.ShortText),
            incident.Refused(Officer, new HandOverCommand(new Nominee(new string('名', 201), [Role.Management]), "引き継ぎ")));
        Assert.Equal(new FieldRefused("note", FieldProblem.ControlCharacters), incident.Refused(Officer, new HandOverCommand(Yamamoto, "引き\0継ぎ")));
        Assert.IsType<HandOverToSelf>(incident.Refused(Officer, new HandOverCommand(AccountOf(Officer), "自分へ")));
        Assert.Equal("情報システム課 田中", Assert.IsType<NotTheCommander>(incident.Refused(Director, new HandOverCommand(Yamamoto, "引き継ぎ"))).Commander.Name);
    }

    [Fact]
    public void HandingOverOrNamingAScribe_WithNobodyInCommand_AsksToTakeCommandFirst()
    {
        var incident = OpenedByHand();

        Assert.Equal(RefusalKind.Conflict, Assert.IsType<NoCommander>(incident.Refused(Officer, new HandOverCommand(Yamamoto, "引き継ぎ"))).Kind);
        Assert.IsType<NoCommander>(incident.Refused(Officer, new NameScribe(AccountOf(Deputy))));
    }

    [Fact]
    public void TheCommander_NamesAScribe_WhoRecordsForTheCommanderByDefault()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());
        var nurse = AccountOf(Nurse) with { Person = "p-sato" };

        var named = Data<ScribeNamed>(incident.Do(Officer, new NameScribe(nurse)));

        Assert.Equal(new IncidentPerson(Nurse.Name, Role.Staff, Nurse.Id, "p-sato"), named.Scribe);
        Assert.True(IncidentRoles.IsScribe(incident.Progress, Nurse));
        Assert.Equal(Officer.Name, IncidentRoles.RecordsFor(incident.Progress, Nurse));
        Assert.Null(IncidentRoles.RecordsFor(incident.Progress, Officer));
        Assert.Null(IncidentRoles.RecordsFor(incident.Progress, Director));
        // Naming the same scribe again records nothing.
        Assert.Empty(incident.Do(Officer, new NameScribe(nurse)));

        // What the scribe records for the commander says so on the record, the commander named as the one it was for.
        var note = EventChain.Parse(Assert.Single(incident.Do(Nurse, new AddNote("院長へ電話で報告済み", ForPerson: Officer.Name))).Body);
        Assert.Equal((Nurse.Id, Role.Staff, (Role?)null, Officer.Name), (note.Actor.Id, note.Actor.Role, note.Actor.For, note.Actor.ForPerson));
        Assert.Null(incident.Verify());
    }

    [Fact]
    public void AFactRecordedForSomeone_NamesThemOnTheRecord()
    {
        var incident = OpenedByHand();

        var recorded = EventChain.Parse(Assert.Single(incident.Do(Nurse, new RecordFact(new FactId("infection-signs"), "yes", ForPerson: "情報システム課 田中"))).Body);

        Assert.Equal("情報システム課 田中", recorded.Actor.ForPerson);
        Assert.Equal(new FieldRefused("forPerson", FieldProblem.TooLong, TextLimits.ShortText),
            incident.Refused(Nurse, new AddNote("メモ", ForPerson: new string('名', 201))));
    }

    [Fact]
    public void NamingAScribe_BadRequests_AreRefusedEachWithItsReason()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());

        Assert.Equal("高橋", Assert.IsType<MayNotScribe>(incident.Refused(Officer, new NameScribe(new Nominee("高橋", [Role.Vendor], "account:v")))).Name);
        Assert.Equal(new FieldRefused("account", FieldProblem.Required), incident.Refused(Officer, new NameScribe(new Nominee("木村 真理", [Role.SecurityOfficer], Person: "p-kimura"))));
        Assert.IsType<ScribeIsCommander>(incident.Refused(Officer, new NameScribe(AccountOf(Officer))));
        Assert.IsType<NotTheCommander>(incident.Refused(Director, new NameScribe(AccountOf(Deputy))));
    }

    [Fact]
    public void AScribeWhoTakesCommand_IsNoLongerTheScribe_AndAHandoverKeepsTheScribe()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());
        incident.Do(Officer, new NameScribe(AccountOf(Deputy)));

        incident.Do(Officer, new HandOverCommand(AccountOf(Director), "引き継ぎ"));
        Assert.Equal(Deputy.Id, incident.Progress.Scribe!.Person.Actor);
        Assert.Equal(Director.Name, IncidentRoles.RecordsFor(incident.Progress, Deputy));

        incident.Do(Deputy, new TakeCommand("院長は記者対応へ"));
        Assert.Null(incident.Progress.Scribe);
        Assert.True(IncidentRoles.IsCommander(incident.Progress, Deputy));
        Assert.Null(IncidentRoles.RecordsFor(incident.Progress, Deputy));
        Assert.Null(incident.Verify());
    }

    [Fact]
    public void AClosedIncident_TakesNoRoleChanges()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());
        incident.Do(Officer, new CloseIncident("誤報: 端末の再起動で解消"));

        Assert.IsType<IncidentIsClosed>(incident.Refused(Director, new TakeCommand()));
        Assert.IsType<IncidentIsClosed>(incident.Refused(Officer, new HandOverCommand(Yamamoto, "引き継ぎ")));
        Assert.IsType<IncidentIsClosed>(incident.Refused(Officer, new NameScribe(AccountOf(Deputy))));
        Assert.False(IncidentRoles.MayTakeCommand(Director, incident.Progress));
        Assert.False(IncidentRoles.MayDirect(Officer, incident.Progress));
        // The last commander stays on the closed incident.
        Assert.Equal(Officer.Id, incident.Progress.Commander!.Person.Actor);
    }

    [Fact]
    public void TheProjection_OfAnIncidentKeptBeforeRoles_ReadsAsNobodyInCommand()
    {
        // A projection as Sonae stored it before the roles: no commander, no scribe, and it reads back the same.
        var before = JsonSerializer.Serialize(OpenedByHand().Progress, RecordJson.Options);
        Assert.DoesNotContain("commander", before, StringComparison.Ordinal);

        var read = JsonSerializer.Deserialize<IncidentProgress>(before, RecordJson.Options)!;
        Assert.Null(read.Commander);
        Assert.Null(read.Scribe);

        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());
        incident.Do(Officer, new NameScribe(AccountOf(Deputy)));
        var again = JsonSerializer.Deserialize<IncidentProgress>(JsonSerializer.Serialize(incident.Progress, RecordJson.Options), RecordJson.Options)!;
        Assert.True(again.SameAs(incident.Progress));
        Assert.False(again.SameAs(incident.Progress with { Scribe = null }));
    }

    [Fact]
    public void TheRoleEvents_AreWrittenAsTheRecordFormatSays()
    {
        var incident = OpenedByHand();
        incident.Do(Officer, new TakeCommand());

        var body = Assert.Single(incident.Do(Officer, new HandOverCommand(Yamamoto, "引き継ぎメモ"))).Body;

        Assert.Contains("\"type\":\"command-handed-over\"", body, StringComparison.Ordinal);
        Assert.Contains("\"data\":{\"note\":\"引き継ぎメモ\",\"to\":{\"name\":\"山本 直子\",\"person\":\"p-yamamoto\",\"role\":\"management\"}}", body, StringComparison.Ordinal);
        Assert.Contains("\"data\":{}", incident.Record[1].Body, StringComparison.Ordinal);
    }
}
