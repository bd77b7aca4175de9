using Sonae.Core.Access;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Preparedness;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("090-1234-5678", "tel:09012345678")]
    [InlineData("03-1234-5678", "tel:0312345678")]
    [InlineData("0120-000-005", "tel:0120000005")]
    [InlineData("0800-123-4567", "tel:08001234567")]
    [InlineData("050-1234-5678", "tel:05012345678")]
    [InlineData("(03) 1234 5678", "tel:0312345678")]
    [InlineData("０９０－１２３４－５６７８", "tel:09012345678")]
    [InlineData("+81 3 1234 5678", "tel:+81312345678")]
    [InlineData("+81-90-1234-5678", "tel:+819012345678")]
    [InlineData("110", "tel:110")]
    [InlineData("119", "tel:119")]
    public void TelUri_RealNumber_IsDialled(string number, string expected) => Assert.Equal(expected, PhoneNumbers.TelUri(number));

    [Theory]
    [InlineData("院内PHS 2100")]
    [InlineData("2100")]
    [InlineData("内線 1001")]
    [InlineData("03-1234-5678(代表)")]
    [InlineData("090-1234-567")]
    [InlineData("090-1234-56789")]
    [InlineData("12345678901")]
    [InlineData("03-1234-56789")]
    [InlineData("+81")]
    [InlineData("tanaka@example.jp")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void TelUri_ExtensionOrText_StaysText(string? number) => Assert.Null(PhoneNumbers.TelUri(number));

    [Fact]
    public void RoleHolders_CallTreeOrderFirst_ThenTheList()
    {
        var extra = new Person("p-extra", "予備 一郎", null, null, [Role.SecurityOfficer], null, []);
        var people = Prepared.People with { People = [extra, .. Prepared.People.People] };

        Assert.Equal(["p-officer", "p-deputy", "p-extra"], RoleHolders.Of(people, Role.SecurityOfficer).Select(p => p.Id));
        Assert.Equal(["p-director", "p-vice"], RoleHolders.Of(people, Role.Management).Select(p => p.Id));
        Assert.Empty(RoleHolders.Of(people, Role.Vendor));
    }

    [Fact]
    public void EmergencyContacts_Phones_LeaveOutMail()
    {
        Assert.Equal(["090-0000-0003"], EmergencyContacts.Phones(Prepared.Director).Select(c => c.Value));
    }

    [Fact]
    public void DeputyOf_IsTheNamedListedPerson_NeverThemselvesNorAStranger()
    {
        var people = Prepared.People;

        Assert.Equal("p-deputy", people.DeputyOf(Prepared.Officer)?.Id);
        Assert.Null(people.DeputyOf(Prepared.Officer with { Deputy = "p-officer" }));
        Assert.Null(people.DeputyOf(Prepared.Officer with { Deputy = "p-ghost" }));
        Assert.Null(people.DeputyOf(Prepared.Officer with { Deputy = null }));
        Assert.True(PeopleDirectory.NamesNoDeputy(Prepared.Officer with { Deputy = "p-officer" }));
        Assert.False(PeopleDirectory.NamesNoDeputy(Prepared.Officer with { Deputy = "p-ghost" }));
    }
}
