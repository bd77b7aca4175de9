using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Tests.Access;

/// <summary>
/// Who may do what, written out here apart from <see cref="Permissions"/> (M management, O security officer,
/// S staff, V vendor): a change to the model must change this table too, on purpose.
/// </summary>
public sealed class PermissionsTests
{
    private static readonly Dictionary<Operation, string> Expected = new()
    {
        [Operation.ReadIncident] = "MOSV",
        [Operation.ReportAnomaly] = "MOSV",
        [Operation.OpenFromAlert] = "MOV",
        [Operation.OpenByHand] = "MO",
        [Operation.AddToRecord] = "MOSV",
        [Operation.RunResponse] = "MO",
        [Operation.ChangeAssetStatus] = "MOV",
        [Operation.KeepEvidence] = "MOV",
        [Operation.ReadEvidence] = "MOV",
        [Operation.ReadReports] = "MOS",
        [Operation.ReadReportContents] = "MO",
        [Operation.DraftReports] = "MO",
        [Operation.DecideReporting] = "M",
        [Operation.TakeDecisions] = "M",
        [Operation.WorkAsVendor] = "V",
        [Operation.ReadPreparedness] = "MOS",
        [Operation.EditPreparedness] = "MO",
        [Operation.EditPlaybooks] = "MO",
        [Operation.InviteVendors] = "MO",
        [Operation.ManageReportingLinks] = "MO",
        [Operation.ManagePeople] = "MO",
        [Operation.ManageManagement] = "M",
        [Operation.SetSecondFactorRule] = "M",
        [Operation.ReadAudit] = "MO",
        [Operation.ChangeSettings] = "MO",
        [Operation.MakeCheckpoints] = "MO",
        [Operation.LeadResponse] = "MO",
        [Operation.SendNotices] = "MO",
        [Operation.ManageChannels] = "MO",
        [Operation.ManageAlertSources] = "MO",
        [Operation.ReadThreats] = "MO",
        [Operation.KeepBinderOffline] = "MO",
        [Operation.ReadChecklists] = "MO",
        [Operation.AnswerChecklists] = "MO",
        [Operation.ManageChecklistItems] = "MO",
        [Operation.ManageThreats] = "MO",
        [Operation.ReadMeasures] = "MOS",
        [Operation.EditMeasures] = "MO",
        [Operation.RunDrills] = "MO",
        [Operation.ReadMetrics] = "MO",
        [Operation.RecordFindings] = "MO",
    };

    private static Actor Holding(params Role[] roles) => new("a", "A", roles.ToHashSet());

    private static char Letter(Role role) => role switch
    {
        Role.Management => 'M',
        Role.SecurityOfficer => 'O',
        Role.Staff => 'S',
        Role.Vendor => 'V',
    };

    [Fact]
    public void EveryOperation_IsInTheTable() =>
        Assert.Equal(Enum.GetValues<Operation>().Order(), Expected.Keys.Order());

    [Fact]
    public void EachRoleAlone_MayExactlyWhatTheTableSays()
    {
        foreach (var (operation, letters) in Expected)
        {
            foreach (var role in Roles.All)
            {
                var may = letters.Contains(Letter(role), StringComparison.Ordinal);
                Assert.True(may == Holding(role).May(operation), $"{role} {(may ? "may" : "may not")} {operation}");
                var refusal = Permissions.Check(Holding(role), operation);
                Assert.Equal(may, refusal is null);
                if (refusal is not null)
                {
                    Assert.Equal(letters.Order(), refusal.Allowed.Select(Letter).Order());
                    Assert.Equal([role], refusal.Held);
                }
            }
        }
    }

    [Fact]
    public void SeveralRoles_MayWhatAnyOfThemMay_AndTheRecordNamesThePreferredOne()
    {
        var both = Holding(Role.Staff, Role.Management);
        Assert.True(both.May(Operation.DecideReporting));
        Assert.True(both.May(Operation.ReadReports));
        // An anomaly is reported as staff; a note is written as management (the order of the operation's roles).
        Assert.Equal(Role.Staff, Permissions.ActingRole(both, Operation.ReportAnomaly));
        Assert.Equal(Role.Management, Permissions.ActingRole(both, Operation.AddToRecord));
        Assert.Equal(Role.SecurityOfficer, Permissions.ActingRole(Holding(Role.Management, Role.SecurityOfficer), Operation.RunResponse));
        Assert.Null(Permissions.ActingRole(Holding(Role.Staff), Operation.KeepEvidence));
        // Management is the first role of the enum: it must not stand in for "none" of an operation's roles.
        Assert.Null(Permissions.ActingRole(Holding(Role.Management), Operation.WorkAsVendor));
        foreach (var operation in Permissions.All)
        {
            foreach (var role in Roles.All)
                Assert.Equal(Holding(role).May(operation) ? role : null, Permissions.ActingRole(Holding(role), operation));
        }
    }

    [Fact]
    public void PlaybookRoles_OwnRoleFirst_ThenOnBehalfForThoseWhoRunTheResponse()
    {
        Assert.Equal(Role.Staff, Permissions.ActingRole(Holding(Role.Staff), [Role.Staff]));
        Assert.Equal(Role.SecurityOfficer, Permissions.ActingRole(Holding(Role.SecurityOfficer), [Role.Staff]));
        Assert.Equal(Role.Management, Permissions.ActingRole(Holding(Role.Management), [Role.Staff, Role.Vendor]));
        Assert.Null(Permissions.ActingRole(Holding(Role.Vendor), [Role.Staff]));
        Assert.Null(Permissions.ActingRole(Holding(Role.Staff), [Role.Management]));

        var refusal = Permissions.StepRefusal(Holding(Role.Vendor), [Role.Staff]);
        Assert.Equal("MOS", string.Concat(refusal.Allowed.Select(Letter).Order()));
    }

    [Fact]
    public void StepsAndActions_OfTheBuiltInPlaybook_FollowTheirRoles()
    {
        var playbook = BuiltInPlaybooks.MhlwIncidentFlowchart;
        var unplug = playbook.Step(new StepId("1-2"));
        Assert.True(Permissions.MayComplete(Holding(Role.Staff), unplug));
        Assert.True(Permissions.MayComplete(Holding(Role.SecurityOfficer), unplug));
        Assert.False(Permissions.MayComplete(Holding(Role.Vendor), unplug));
        var staffAction = unplug.Expected.First(a => a.Role == Role.Staff);
        Assert.True(Permissions.MayRecord(Holding(Role.Management), staffAction));
        Assert.False(Permissions.MayRecord(Holding(Role.Vendor), staffAction));
    }

    [Fact]
    public void ToChangeAccount_HoldingOrGivenManagement_OnlyManagementMay()
    {
        Assert.Equal(Operation.ManageManagement, Permissions.ToChangeAccount([Role.Management]));
        Assert.Equal(Operation.ManageManagement, Permissions.ToChangeAccount([Role.Staff, Role.Management]));
        Assert.Equal(Operation.ManagePeople, Permissions.ToChangeAccount([Role.SecurityOfficer, Role.Staff, Role.Vendor]));
        Assert.False(Holding(Role.SecurityOfficer).May(Permissions.ToChangeAccount([Role.Management])));
        Assert.True(Holding(Role.SecurityOfficer).May(Permissions.ToChangeAccount([Role.SecurityOfficer])));
        Assert.True(Holding(Role.Management).May(Permissions.ToChangeAccount([Role.Management])));
    }

    [Fact]
    public void Vendors_SeeOnlyTheIncidentsTheyWereInvitedTo_EveryoneElseTheirWholeHospital()
    {
        var invited = Guid.NewGuid();
        var other = Guid.NewGuid();
        var vendor = Holding(Role.Vendor);
        var visible = Permissions.VisibleIncidents(vendor, [invited]);
        Assert.Equal([invited], visible!);
        Assert.True(Permissions.MaySee(vendor, visible, invited));
        Assert.False(Permissions.MaySee(vendor, visible, other));
        Assert.False(Permissions.MaySee(vendor, null, other));
        Assert.Empty(Permissions.VisibleIncidents(vendor, [])!);

        foreach (var role in new[] { Role.Staff, Role.SecurityOfficer, Role.Management })
        {
            Assert.Null(Permissions.VisibleIncidents(Holding(role), [invited]));
            Assert.True(Permissions.MaySee(Holding(role), null, other));
        }
        // A vendor who is also staff is one of the hospital's people.
        Assert.Null(Permissions.VisibleIncidents(Holding(Role.Vendor, Role.Staff), []));
    }
}
