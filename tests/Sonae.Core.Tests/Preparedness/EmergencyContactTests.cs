using Sonae.Core.Access;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

/// <summary>The one rule for the number staff phone: the people record's security officer on duty, then the old setting.</summary>
public sealed class EmergencyContactTests
{
    private static readonly Person Tanaka = new("p-1", "田中 一郎", null, null, [Role.SecurityOfficer], "p-2",
        [new(ChannelKind.Email, "tanaka@example.jp"), new(ChannelKind.Phs, "2100"), new(ChannelKind.Fax, "03-0000-0000"), new(ChannelKind.Mobile, "090-0000-2100", "夜間"), new(ChannelKind.Home, "03-0000-2101")]);

    private static readonly Person Suzuki = new("p-2", "鈴木 花子", null, null, [Role.SecurityOfficer], null, [new(ChannelKind.Extension, "3300")]);

    private static readonly Person Director = new("p-3", "佐藤 院長", null, null, [Role.Management], null, [new(ChannelKind.Mobile, "090-0000-0003")]);

    private static PeopleDirectory People(string? root, params Person[] people) => new(people, [], root, []);

    [Fact]
    public void Of_RootIsAnOfficer_IsTheRootsFirstTwoPhoneLines()
    {
        var contact = EmergencyContacts.Of(People("p-2", Tanaka, Suzuki))!;

        Assert.Equal(("鈴木 花子", "p-2", EmergencyContactSource.People), (contact.Name, contact.PersonId, contact.Source));
        Assert.Equal([new ContactNumber(ChannelKind.Extension, "3300")], contact.Numbers);
    }

    [Fact]
    public void Of_RootIsNoOfficer_IsTheFirstOfficer_WithoutMailOrFax()
    {
        var contact = EmergencyContacts.Of(People("p-3", Director, Tanaka, Suzuki))!;

        Assert.Equal("p-1", contact.PersonId);
        Assert.Equal([new ContactNumber(ChannelKind.Phs, "2100"), new ContactNumber(ChannelKind.Mobile, "090-0000-2100", "夜間")], contact.Numbers);
    }

    [Fact]
    public void Of_RecordHasANumber_WinsOverTheOldSetting()
    {
        var contact = EmergencyContacts.Of(People(null, Tanaka), new OldContactSetting("情報システム課", "院内PHS 9999"))!;

        Assert.Equal(EmergencyContactSource.People, contact.Source);
        Assert.Equal("2100", contact.Numbers[0].Value);
    }

    [Fact]
    public void Of_RecordHasNoNumber_UsesTheOldSettingUntilItIsMoved()
    {
        var silent = Tanaka with { Channels = [new(ChannelKind.Email, "tanaka@example.jp")] };

        var contact = EmergencyContacts.Of(People("p-1", silent), new OldContactSetting(" 情報システム課 田中 ", " 院内PHS 2100 "))!;

        Assert.Equal(("情報システム課 田中", null, EmergencyContactSource.OldSetting), (contact.Name, contact.PersonId, contact.Source));
        Assert.Equal([new ContactNumber(null, "院内PHS 2100")], contact.Numbers);
        Assert.Equal("田中 一郎", EmergencyContacts.Of(People("p-1", silent), new OldContactSetting(null, "2100"))!.Name);
    }

    [Fact]
    public void Of_NobodyWithANumber_IsTheOfficerWithoutNumbers_OrNone()
    {
        var silent = Suzuki with { Channels = [] };

        var contact = EmergencyContacts.Of(People(null, silent), new OldContactSetting("名前だけ", " "))!;

        Assert.Equal(("鈴木 花子", "p-2", EmergencyContactSource.People), (contact.Name, contact.PersonId, contact.Source));
        Assert.Empty(contact.Numbers);
        Assert.Null(EmergencyContacts.Of(People(null, Director)));
        Assert.Null(EmergencyContacts.Of(PeopleDirectory.Empty));
    }

    [Fact]
    public void WithNumber_Officer_ReplacesTheFirstPhoneLine_KeepingTheOthersAndTheirOrder()
    {
        var people = EmergencyContacts.WithNumber(People("p-1", Tanaka, Suzuki), "無視される名前", ChannelKind.Phs, " 2199 ");

        var tanaka = people.Find("p-1")!;
        Assert.Equal([Tanaka.Channels[0], new Channel(ChannelKind.Phs, "2199"), .. Tanaka.Channels.Skip(2)], tanaka.Channels);
        Assert.Equal("田中 一郎", tanaka.Name);
        Assert.Equal(Suzuki, people.Find("p-2"));
        Assert.Equal("2199", EmergencyContacts.Of(people)!.Numbers[0].Value);
    }

    [Fact]
    public void WithNumber_AnotherKind_DropsTheOldLinesNote()
    {
        var noted = Tanaka with { Channels = [new(ChannelKind.Mobile, "090-0000-2100", "夜間")] };

        Assert.Equal([new Channel(ChannelKind.Mobile, "080-1", "夜間")], EmergencyContacts.WithNumber(People(null, noted), null, ChannelKind.Mobile, "080-1").People[0].Channels);
        Assert.Equal([new Channel(ChannelKind.Phs, "2100")], EmergencyContacts.WithNumber(People(null, noted), null, ChannelKind.Phs, "2100").People[0].Channels);
    }

    [Fact]
    public void WithNumber_OfficerWithoutPhones_GetsTheNumberAsTheirFirstLine()
    {
        var mailOnly = Tanaka with { Channels = [new(ChannelKind.Email, "tanaka@example.jp")] };

        var people = EmergencyContacts.WithNumber(People(null, mailOnly), null, ChannelKind.Mobile, "+81-90-0000-2100");

        Assert.Equal([new Channel(ChannelKind.Mobile, "+81-90-0000-2100"), new Channel(ChannelKind.Email, "tanaka@example.jp")], people.People[0].Channels);
    }

    [Fact]
    public void WithNumber_NoOfficer_AddsOneUnderTheName_AsTheCallTreesRootWhenItHasNone()
    {
        var taken = Director with { Id = "security-officer" };

        var people = EmergencyContacts.WithNumber(People(null, taken), " 情報システム課 田中 ", ChannelKind.Phs, "2100");

        var added = people.People[^1];
        Assert.Equal(("security-officer-2", "情報システム課 田中"), (added.Id, added.Name));
        Assert.Equal([Role.SecurityOfficer], added.Roles);
        Assert.Equal([new Channel(ChannelKind.Phs, "2100")], added.Channels);
        Assert.Equal("security-officer-2", people.CallTreeRoot);
        Assert.Equal("p-3", EmergencyContacts.WithNumber(People("p-3", Director), "田中", ChannelKind.Phs, "2100").CallTreeRoot);
        Assert.Equal("2100", EmergencyContacts.Of(people)!.Numbers[0].Value);
    }

    [Fact]
    public void WithNumber_BlankNumberOrNoNameForANewOfficer_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => EmergencyContacts.WithNumber(People(null, Tanaka), null, ChannelKind.Phs, " "));
        Assert.Throws<ArgumentException>(() => EmergencyContacts.WithNumber(People(null, Director), " ", ChannelKind.Phs, "2100"));
    }
}
