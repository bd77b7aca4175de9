using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Core.Preparedness;
using Sonae.Core.Tests.Preparedness;

namespace Sonae.Core.Tests.Notices;

/// <summary>The phone call sheet: the call tree in calling order, each person's numbers and latest result, and who is next.</summary>
public sealed class CallSheetTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static long _seq;

    private static CallMade Call(Person person, ContactResult result, string? number = null) =>
        new(person.Name, result, number, null, At.AddMinutes(_seq), "当直 看護師", ++_seq);

    [Fact]
    public void TheSheet_IsTheCallTreeInCallingOrder_WithPhoneNumbersOnly()
    {
        var sheet = CallSheet.Of(Prepared.People, []);

        Assert.Equal(["p-officer", "p-director", "p-vice", "p-deputy"], sheet.People.Select(p => p.Person.Id));
        var officer = sheet.People[0];
        Assert.Equal([("5101", null, true), ("090-0000-0001", "tel:09000000001", false)],
            officer.Numbers.Select(n => (n.Channel.Value, n.Tel, n.InsideOnly)));
        // The director's e-mail is no number to call.
        Assert.Equal(["090-0000-0003"], sheet.People[1].Numbers.Select(n => n.Channel.Value));
        Assert.All(sheet.People, p => Assert.Equal(CallState.NotCalled, p.State));
        Assert.Equal("p-officer", sheet.Next?.Person.Id);
    }

    [Fact]
    public void NoAnswer_KeepsThePersonNext_Reached_MovesOn()
    {
        var noAnswer = CallSheet.Of(Prepared.People, [Call(Prepared.Officer, ContactResult.NoAnswer)]);
        Assert.Equal(CallState.Tried, noAnswer.People[0].State);
        Assert.Equal("p-officer", noAnswer.Next?.Person.Id);

        var reached = CallSheet.Of(Prepared.People, [Call(Prepared.Officer, ContactResult.NoAnswer), Call(Prepared.Officer, ContactResult.Reached)]);
        Assert.Equal(CallState.Reached, reached.People[0].State);
        Assert.Equal(ContactResult.Reached, reached.People[0].Latest?.Result);
        Assert.Equal("p-director", reached.Next?.Person.Id);
        Assert.Equal(1, reached.Reached);
    }

    [Fact]
    public void ReachedOnce_IsDone_EvenAfterALaterCallWentUnanswered()
    {
        var sheet = CallSheet.Of(Prepared.People, [Call(Prepared.Officer, ContactResult.Reached), Call(Prepared.Officer, ContactResult.NoAnswer)]);

        Assert.Equal(CallState.Reached, sheet.People[0].State);
        Assert.Equal(ContactResult.NoAnswer, sheet.People[0].Latest?.Result);
        Assert.Equal("p-director", sheet.Next?.Person.Id);
    }

    [Fact]
    public void AWrongNumber_IsAProblemToFix_AndTheSheetMovesPastIt()
    {
        var sheet = CallSheet.Of(Prepared.People, [Call(Prepared.Officer, ContactResult.Reached), Call(Prepared.Director, ContactResult.WrongNumber, "090-0000-0003")]);

        Assert.Equal(CallState.WrongNumber, sheet.People[1].State);
        Assert.Equal("090-0000-0003", sheet.People[1].Latest?.Number);
        Assert.Equal(["p-director"], sheet.ToFix.Select(p => p.Person.Id));
        Assert.Equal("p-vice", sheet.Next?.Person.Id);
    }

    [Fact]
    public void APersonWithoutAPhone_IsNotNext_AndIsAProblemToFix()
    {
        var people = Prepared.People.WithPerson(Prepared.Director with { Channels = [new(ChannelKind.Email, "director@example.jp")] });

        var sheet = CallSheet.Of(people, [Call(Prepared.Officer, ContactResult.Reached)]);

        Assert.Empty(sheet.People[1].Numbers);
        Assert.Equal(["p-director"], sheet.ToFix.Select(p => p.Person.Id));
        Assert.Equal("p-vice", sheet.Next?.Person.Id);
    }

    [Fact]
    public void EveryoneReached_NobodyIsNext_AndContactsWithOthersAreLeftAlone()
    {
        var calls = new[] { Prepared.Officer, Prepared.Director, Prepared.Vice, Prepared.Deputy }.Select(p => Call(p, ContactResult.Reached))
            .Append(new CallMade("架空県警察", ContactResult.Reached, null, null, At, "田中", ++_seq));

        var sheet = CallSheet.Of(Prepared.People, calls);

        Assert.Null(sheet.Next);
        Assert.Equal(4, sheet.Reached);
        Assert.All(sheet.People, p => Assert.Single(p.Calls));
    }

    [Fact]
    public void NoCallTree_MakesAnEmptySheet()
    {
        var sheet = CallSheet.Of(Prepared.People with { CallTreeRoot = null }, []);

        Assert.Empty(sheet.People);
        Assert.Null(sheet.Next);
    }

    [Theory]
    [InlineData(ChannelKind.Phs, ContactChannel.Phs)]
    [InlineData(ChannelKind.Extension, ContactChannel.Extension)]
    [InlineData(ChannelKind.Mobile, ContactChannel.Mobile)]
    [InlineData(ChannelKind.Home, ContactChannel.Phone)]
    [InlineData(ChannelKind.Office, ContactChannel.Phone)]
    [InlineData(ChannelKind.Hotline24h, ContactChannel.Phone)]
    public void ACall_IsRecordedByTheKindOfNumberCalled(ChannelKind kind, ContactChannel channel)
    {
        Assert.Equal(channel, CallSheet.ChannelOf(kind));
    }

    [Fact]
    public void WrongNumber_IsWrittenAsWrongNumber_AndOldResultsReadAsBefore()
    {
        var text = System.Text.Json.JsonSerializer.Serialize(new ContactLogged("山田 一郎", ContactChannel.Mobile, ContactResult.WrongNumber, null), RecordJson.Options);

        Assert.Equal("""{"channel":"mobile","party":"山田 一郎","result":"wrong-number"}""", CanonicalJson.Write(System.Text.Json.Nodes.JsonNode.Parse(text)!));
        Assert.Equal(ContactResult.NoAnswer, System.Text.Json.JsonSerializer.Deserialize<ContactLogged>("""{"party":"IPA","channel":"phone","result":"no-answer"}""", RecordJson.Options)!.Result);
    }
}
