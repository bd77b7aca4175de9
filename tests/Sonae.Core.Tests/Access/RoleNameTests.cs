using System.Collections;
using System.Globalization;
using Sonae.Core.Access;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Access;

/// <summary>The four roles' names come from one place, in both languages, full and short.</summary>
public sealed class RoleNameTests
{
    [Fact]
    public void EveryRole_HasItsFlowchartNameAndAShortName_InBothLanguages()
    {
        Assert.Equal(["経営層", "医療情報システム安全管理責任者", "医療従事者・一般のシステム利用者", "ベンダ・事業者"], Roles.All.Select(r => r.Name().Ja));
        Assert.Equal(["management", "security officer", "staff", "vendor"], Roles.All.Select(r => r.Name().En));
        Assert.Equal(["経営層", "安全管理責任者", "職員", "ベンダ"], Roles.All.Select(r => r.ShortName().Ja));
        Assert.Equal(["Management", "Security officer", "Staff", "Vendor"], Roles.All.Select(r => r.ShortName().En));
    }

    [Fact]
    public void RoleTexts_HoldJustTheRoles_AndNoOtherResourceNamesThem()
    {
        var keys = RoleTexts.ResourceManager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal);
        var english = RoleTexts.ResourceManager.GetResourceSet(CultureInfo.GetCultureInfo("en"), createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal);

        Assert.Equal(Roles.All.SelectMany(r => new[] { $"Role_{r}", $"Short_{r}" }).Order(StringComparer.Ordinal), keys);
        Assert.Equal(keys, english);
        Assert.Null(PreparednessTexts.ResourceManager.GetString("Role_SecurityOfficer", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Ledgers_WriteAndReadTheShortName()
    {
        Assert.Equal(Role.SecurityOfficer.ShortName(), Labels.Of(Role.SecurityOfficer));
        Assert.True(Labels.TryParse<Role>("安全管理責任者", out var role) && role == Role.SecurityOfficer);
        Assert.True(Labels.TryParse<Role>("vendor", out var vendor) && vendor == Role.Vendor);
    }
}
