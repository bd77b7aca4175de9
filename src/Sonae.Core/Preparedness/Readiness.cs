using System.Globalization;
using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Preparedness;

/// <summary>The parts of the preparedness record, each kept and versioned on its own.</summary>
public enum PreparednessSection
{
    /// <summary>The hospital's profile: name, kind, size, reporting settings.</summary>
    Profile,

    /// <summary>Staff, their roles and deputies, and the call tree.</summary>
    People,

    /// <summary>Vendors, authorities, helplines and other outside parties.</summary>
    Parties,

    /// <summary>Information systems and assets.</summary>
    Inventory,

    /// <summary>Segments, external lines and the diagram drawn from them.</summary>
    Network,

    /// <summary>Drills held and the next one due.</summary>
    Drills,
}

/// <summary>Something missing or out of date in the preparedness record.</summary>
public enum FindingKind
{
    /// <summary>The hospital's profile (name, kind, operator) is not filled in.</summary>
    ProfileMissing,

    /// <summary>Nobody is named as the security officer for medical information systems.</summary>
    NoSecurityOfficer,

    /// <summary>Nobody is named for management (who decides).</summary>
    NoManagement,

    /// <summary>A large or regionally important hospital needs a CISO, and none is named.</summary>
    NoCiso,

    /// <summary>A large or regionally important hospital needs a CSIRT, and it has no members.</summary>
    NoCsirt,

    /// <summary>(detail) has no deputy. The response stops on the day they are away.</summary>
    NoDeputy,

    /// <summary>The deputy named for (detail) is not in the staff list. Choose the deputy again.</summary>
    DeputyUnknown,

    /// <summary>There is no emergency call tree (who phones whom).</summary>
    CallTreeMissing,

    /// <summary>The call tree names (subject), who is not in the staff list.</summary>
    CallTreeUnknownPerson,

    /// <summary>More than one person phones (subject) ((detail)). Choose one.</summary>
    CallTreeCalledTwice,

    /// <summary>The call tree goes round in a circle ((detail) → (subject)).</summary>
    CallTreeCycle,

    /// <summary>Nobody in the call tree phones (detail).</summary>
    KeyPersonNotCalled,

    /// <summary>(detail) has no way to be reached.</summary>
    PersonWithoutChannels,

    /// <summary>(detail) can be reached only by e-mail or chat, which an attack takes down. Add a mobile or home phone.</summary>
    PersonNetworkOnly,

    /// <summary>(detail) can be reached only inside the hospital (PHS, extension): nobody can call them in at night.</summary>
    PersonInsideOnly,

    /// <summary>(detail) has no phone that rings from outside the hospital (mobile, home).</summary>
    PersonNoOutsidePhone,

    /// <summary>The numbers of (detail) are past their verify-by date. Call and check them.</summary>
    ContactPastVerify,

    /// <summary>The numbers of (detail) are due to be checked soon.</summary>
    ContactVerifySoon,

    /// <summary>(detail) has no number or other way to reach it.</summary>
    PartyWithoutChannels,

    /// <summary>The system (detail) has no vendor contact.</summary>
    SystemWithoutVendor,

    /// <summary>The critical system (detail) has no paper fallback.</summary>
    SystemWithoutFallback,

    /// <summary>There is no network diagram.</summary>
    NetworkMissing,

    /// <summary>The network diagram has not been reviewed for six months (last review (detail)).</summary>
    NetworkNotReviewed,

    /// <summary>The asset list changed after the diagram was last reviewed ((detail)). Review the diagram.</summary>
    NetworkOlderThanAssets,

    /// <summary>The external line (detail) has no owner.</summary>
    LineWithoutOwner,

    /// <summary>The firmware of the external line (detail) was not updated in 12 months, or the date is unknown.</summary>
    LineFirmwareOld,

    /// <summary>
    /// The appliance of the external line (detail) has no maker, model or firmware version on record: nobody can tell
    /// whether an advisory concerns it. Look it up on the appliance and record it.
    /// </summary>
    LineFirmwareUnknown,

    /// <summary>
    /// As <see cref="LineFirmwareOld"/>, but the vendor owns the appliance: call the vendor ((contact)) to update it.
    /// </summary>
    LineFirmwareOldVendor,

    /// <summary>Asset (subject) is in segment (detail), which the network diagram does not have.</summary>
    AssetUnknownSegment,

    /// <summary>Server (subject) ((detail)) has no backup on record.</summary>
    AssetWithoutBackup,

    /// <summary>The backup of server (subject) ((detail)) is not kept offline: an attack may encrypt it too.</summary>
    BackupNotOffline,

    /// <summary>The backup of server (subject) was not restored in 12 months (last restore test (detail)).</summary>
    RestoreTestOld,

    /// <summary>Sonae's own scheduled backup has no folder set (<c>/settings/backup</c>).</summary>
    SonaeBackupNotConfigured,

    /// <summary>Sonae's last scheduled backup (into (subject)) failed ((detail): why).</summary>
    SonaeBackupFailed,

    /// <summary>No scheduled backup of Sonae (into (subject)) worked in the last <see cref="Backups.BackupSchedule.Stale"/> (last one (detail)).</summary>
    SonaeBackupStale,

    /// <summary>No drill is on record.</summary>
    NoDrill,

    /// <summary>The next drill is overdue (due (detail)).</summary>
    DrillOverdue,

    /// <summary>The last drill set no date for the next one.</summary>
    DrillNoNextDate,

    /// <summary>
    /// The appliance of the external line (detail) matches an open advisory of a flaw attackers use: how the
    /// hospitals hit so far were entered. Listed before everything else.
    /// </summary>
    LineThreatened,

    /// <summary>Recurrence-prevention measure #(subject) is past its due day ((detail)) and not done.</summary>
    MeasureOverdue,

    /// <summary>The periodic check of contractor instruction #(subject) was due on (detail); (contact) is the vendor.</summary>
    ContractorCheckOverdue,
    /// <summary>This fiscal year's ((detail)) checklist of the ministry is not started.</summary>
    ChecklistNotStarted,

    /// <summary>This fiscal year's ((detail)) checklist is not complete ((subject) items done).</summary>
    ChecklistIncomplete,

    /// <summary>(subject) いいえ items of the checklist (detail) are past their target day.</summary>
    ChecklistTargetPassed,

    /// <summary>The vendor form of (subject) for (detail) has not come back.</summary>
    ChecklistVendorNotReturned,
}

/// <summary>How soon a finding must be fixed.</summary>
public enum FindingSeverity
{
    /// <summary>The response would stall on it: fix before anything else.</summary>
    Problem,

    /// <summary>Worth fixing soon.</summary>
    Warning,
}

/// <summary>A page of Sonae's own settings where a finding is fixed, rather than in a section of the record.</summary>
public enum SettingsPage
{
    /// <summary>Sonae's scheduled backup of its own data.</summary>
    Backup,

    /// <summary>The ministry's yearly checklist (<c>/checklists</c>).</summary>
    Checklists,
}

/// <summary>A page of the Aftercare area where a finding is fixed.</summary>
public enum AftercarePage
{
    /// <summary>A recurrence-prevention measure's page.</summary>
    Measure,

    /// <summary>An instruction to a contractor's page, with its checks.</summary>
    ContractorInstruction,
}

/// <summary>One thing to fix, about one subject (a person, a party, an asset, a line by id; empty for the whole).</summary>
/// <param name="Detail">A name or value that helps the reader find the subject (a person's name, a date).</param>
/// <param name="Kind">What is missing or out of date.</param>
/// <param name="Subject">The id of what it is about (empty for the whole section).</param>
/// <param name="Contact">Whom to call to fix it, where the record knows (the vendor of an appliance).</param>
public sealed record ReadinessFinding(FindingKind Kind, string Subject, string? Detail, string? Contact = null)
{
    /// <summary>Whether the response would stall on it, or it is worth fixing soon.</summary>
    public FindingSeverity Severity => Kind switch
    {
        FindingKind.ContactVerifySoon or FindingKind.SystemWithoutVendor or FindingKind.DrillNoNextDate
            or FindingKind.AssetUnknownSegment or FindingKind.BackupNotOffline or FindingKind.LineFirmwareOld or FindingKind.LineFirmwareOldVendor
            or FindingKind.LineFirmwareUnknown
            or FindingKind.CallTreeCalledTwice or FindingKind.NoCsirt or FindingKind.SonaeBackupNotConfigured
            or FindingKind.MeasureOverdue or FindingKind.ContractorCheckOverdue
            or FindingKind.ChecklistIncomplete or FindingKind.ChecklistVendorNotReturned => FindingSeverity.Warning,
        _ => FindingSeverity.Problem,
    };

    /// <summary>Where the fix is made.</summary>
    public PreparednessSection Section => Kind switch
    {
        FindingKind.ProfileMissing or FindingKind.ChecklistNotStarted or FindingKind.ChecklistIncomplete or FindingKind.ChecklistTargetPassed => PreparednessSection.Profile,
        FindingKind.ChecklistVendorNotReturned => PreparednessSection.Parties,
        FindingKind.NoSecurityOfficer or FindingKind.NoManagement or FindingKind.NoCiso or FindingKind.NoCsirt or FindingKind.NoDeputy
            or FindingKind.DeputyUnknown or FindingKind.CallTreeMissing or FindingKind.CallTreeUnknownPerson
            or FindingKind.CallTreeCalledTwice or FindingKind.CallTreeCycle or FindingKind.KeyPersonNotCalled
            or FindingKind.PersonWithoutChannels or FindingKind.PersonNetworkOnly or FindingKind.PersonInsideOnly
            or FindingKind.PersonNoOutsidePhone => PreparednessSection.People,
        FindingKind.ContactPastVerify or FindingKind.ContactVerifySoon or FindingKind.PartyWithoutChannels => PreparednessSection.Parties,
        FindingKind.SystemWithoutVendor or FindingKind.SystemWithoutFallback or FindingKind.AssetUnknownSegment
            or FindingKind.AssetWithoutBackup or FindingKind.BackupNotOffline or FindingKind.RestoreTestOld
            or FindingKind.SonaeBackupNotConfigured or FindingKind.SonaeBackupFailed or FindingKind.SonaeBackupStale => PreparednessSection.Inventory,
        FindingKind.NetworkMissing or FindingKind.NetworkNotReviewed or FindingKind.NetworkOlderThanAssets
            or FindingKind.LineWithoutOwner or FindingKind.LineFirmwareOld or FindingKind.LineFirmwareUnknown
            or FindingKind.LineFirmwareOldVendor or FindingKind.LineThreatened => PreparednessSection.Network,
        FindingKind.NoDrill or FindingKind.DrillOverdue or FindingKind.DrillNoNextDate => PreparednessSection.Drills,
        // Listed with what prepares the next incident; fixed on the measure's or the instruction's page (FixInAftercare).
        FindingKind.MeasureOverdue => PreparednessSection.Drills,
        FindingKind.ContractorCheckOverdue => PreparednessSection.Parties,
    };

    /// <summary>Where the fix is made when it is a measure or a contractor instruction (Aftercare), by its number in <see cref="Subject"/>; else null.</summary>
    public AftercarePage? FixInAftercare => Kind switch
    {
        FindingKind.MeasureOverdue => AftercarePage.Measure,
        FindingKind.ContractorCheckOverdue => AftercarePage.ContractorInstruction,
        _ => null,
    };

    /// <summary>
    /// Where the fix is made when it is not in the record but in Sonae's settings (its own backup, which only those who
    /// may change settings can open); null when it is made in <see cref="Section"/>. <see cref="Section"/> still names
    /// the section the finding is listed under.
    /// </summary>
    public SettingsPage? FixInSettings => Kind switch
    {
        FindingKind.SonaeBackupNotConfigured or FindingKind.SonaeBackupFailed or FindingKind.SonaeBackupStale => SettingsPage.Backup,
        FindingKind.ChecklistNotStarted or FindingKind.ChecklistIncomplete or FindingKind.ChecklistTargetPassed or FindingKind.ChecklistVendorNotReturned => SettingsPage.Checklists,
        _ => null,
    };

    /// <summary>What to tell the reader, in both languages; with whom to call where the record knows.</summary>
    public LocalizedText Text => Kind == FindingKind.SonaeBackupStale
        // The hours come from the rule itself, so the sentence cannot drift from it.
        ? Bilingual.Format(PreparednessTexts.ResourceManager, $"Finding{Kind}", Subject, Detail ?? "", (int)Backups.BackupSchedule.Stale.TotalHours)
        : Bilingual.Format(PreparednessTexts.ResourceManager, Contact is null ? $"Finding{Kind}" : $"Finding{Kind}Call", Subject, Detail ?? "", Contact);
}

/// <summary>Everything the hospital keeps ready, as of now, with when the inventory last changed.</summary>
public sealed record PreparednessRecord(
    OrganizationProfile? Profile,
    PeopleDirectory People,
    ExternalPartyList Parties,
    Inventory Inventory,
    NetworkConfiguration Network,
    DrillLog Drills,
    DateOnly? InventoryChangedOn)
{
    /// <summary>The record of a hospital that has kept nothing yet.</summary>
    public static PreparednessRecord Empty { get; } =
        new(null, PeopleDirectory.Empty, ExternalPartyList.Empty, Inventory.Empty, NetworkConfiguration.Empty, DrillLog.Empty, null);
}

/// <summary>
/// What is missing from the preparedness record (the readiness page and the binder's cover list it):
/// key roles without a deputy, people nobody can call in, contacts past their verify date, a stale network
/// diagram, assets without a tested backup, overdue drills.
/// </summary>
public static class Readiness
{
    /// <summary>A contact is flagged this many days before its verify-by date.</summary>
    public const int VerifySoonDays = 30;

    /// <summary>A network diagram not reviewed for this many months is stale.</summary>
    public const int NetworkReviewMonths = 6;

    /// <summary>A restore test older than this many months no longer shows the backup can be brought back.</summary>
    public const int RestoreTestMonths = 12;

    /// <summary>The firmware of an external line not updated for this many months is a warning.</summary>
    public const int LineFirmwareMonths = 12;

    /// <summary>Everything missing or out of date in the record on <paramref name="today"/>.</summary>
    /// <param name="record">The preparedness record.</param>
    /// <param name="today">The day in Japan.</param>
    /// <param name="threatenedLines">
    /// The external lines (by id) whose appliance matches an open advisory (the threats area knows them; Core reads
    /// no database): each is a finding, first in the list.
    /// </param>
    public static IReadOnlyList<ReadinessFinding> Check(PreparednessRecord record, DateOnly today, IReadOnlyCollection<string>? threatenedLines = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var findings = new List<ReadinessFinding>();
        foreach (var line in record.Network.Lines.Where(l => threatenedLines?.Contains(l.Id) == true))
            findings.Add(new(FindingKind.LineThreatened, line.Id, line.Name));
        if (record.Profile is null)
            findings.Add(new(FindingKind.ProfileMissing, "", null));
        CheckPeople(record, findings);
        CheckParties(record.Parties, today, findings);
        CheckInventory(record, today, findings);
        CheckNetwork(record, today, findings);
        CheckDrills(record.Drills, today, findings);
        return findings.OrderBy(f => f.Severity).ToList();
    }

    private static void CheckPeople(PreparednessRecord record, List<ReadinessFinding> findings)
    {
        var people = record.People;
        if (!people.People.Any(p => p.Roles.Contains(Role.SecurityOfficer)))
            findings.Add(new(FindingKind.NoSecurityOfficer, "", null));
        if (!people.People.Any(p => p.Roles.Contains(Role.Management)))
            findings.Add(new(FindingKind.NoManagement, "", null));
        if (record.Profile is { LargeOrRegional: true })
        {
            if (!people.People.Any(p => p.Ciso))
                findings.Add(new(FindingKind.NoCiso, "", null));
            if (!people.People.Any(p => p.Csirt))
                findings.Add(new(FindingKind.NoCsirt, "", null));
        }
        foreach (var person in people.People.Where(p => p.IsKey))
        {
            if (PeopleDirectory.NamesNoDeputy(person))
                findings.Add(new(FindingKind.NoDeputy, person.Id, person.Name));
            else if (people.DeputyOf(person) is null)
                findings.Add(new(FindingKind.DeputyUnknown, person.Id, person.Name));
        }
        findings.AddRange(CallTree.Check(people));
    }

    private static void CheckParties(ExternalPartyList parties, DateOnly today, List<ReadinessFinding> findings)
    {
        foreach (var party in parties.Parties)
        {
            if (party.Channels.Count == 0)
                findings.Add(new(FindingKind.PartyWithoutChannels, party.Id, party.Name));
            if (party.VerifyBy < today)
                findings.Add(new(FindingKind.ContactPastVerify, party.Id, party.Name));
            else if (party.VerifyBy <= today.AddDays(VerifySoonDays))
                findings.Add(new(FindingKind.ContactVerifySoon, party.Id, party.Name));
        }
    }

    private static void CheckInventory(PreparednessRecord record, DateOnly today, List<ReadinessFinding> findings)
    {
        foreach (var system in record.Inventory.Systems)
        {
            if (system.Vendor is null || record.Parties.Find(system.Vendor) is null)
                findings.Add(new(FindingKind.SystemWithoutVendor, system.Id, system.Name));
            if (system.Criticality == Criticality.High && string.IsNullOrWhiteSpace(system.PaperFallback))
                findings.Add(new(FindingKind.SystemWithoutFallback, system.Id, system.Name));
        }
        foreach (var asset in record.Inventory.Assets)
        {
            if (asset.Segment is not null && record.Network.Segments.Count > 0 && !record.Network.HasSegment(asset.Segment))
                findings.Add(new(FindingKind.AssetUnknownSegment, asset.Id, asset.Segment));
            if (asset.Kind != AssetKind.Server)
                continue;
            if (asset.Backup is null)
            {
                findings.Add(new(FindingKind.AssetWithoutBackup, asset.Id, asset.Name));
                continue;
            }
            if (!asset.Backup.Offline)
                findings.Add(new(FindingKind.BackupNotOffline, asset.Id, asset.Name));
            if (asset.Backup.LastRestoreTest is not { } tested || tested < today.AddMonths(-RestoreTestMonths))
                findings.Add(new(FindingKind.RestoreTestOld, asset.Id, asset.Backup.LastRestoreTest.Iso()));
        }
    }

    private static void CheckNetwork(PreparednessRecord record, DateOnly today, List<ReadinessFinding> findings)
    {
        var network = record.Network;
        if (network.Segments.Count == 0)
        {
            findings.Add(new(FindingKind.NetworkMissing, "", null));
            return;
        }
        if (network.ReviewedOn is not { } reviewed || reviewed < today.AddMonths(-NetworkReviewMonths))
            findings.Add(new(FindingKind.NetworkNotReviewed, "", network.ReviewedOn.Iso()));
        else if (record.InventoryChangedOn is { } changed && changed > reviewed)
            findings.Add(new(FindingKind.NetworkOlderThanAssets, "", changed.Iso()));
        foreach (var line in network.Lines)
        {
            if (string.IsNullOrWhiteSpace(line.Owner))
                findings.Add(new(FindingKind.LineWithoutOwner, line.Id, line.Name));
            // Unknown and old are different work: unknown is looked up on the appliance, old is an update to
            // schedule, by the hospital or by the vendor who owns the appliance (whom the finding says to call).
            // The line may leave the appliance to the asset that terminates it (matching reads it there too).
            if (Appliance.Of(line, record.Inventory) is { Firmware: null } or { Maker: null } or { Model: null })
                findings.Add(new(FindingKind.LineFirmwareUnknown, line.Id, line.Name));
            if (line.LastFirmwareUpdate is not { } updated || updated < today.AddMonths(-LineFirmwareMonths))
            {
                findings.Add(line.OwnedBy == ApplianceOwner.Vendor
                    ? new(FindingKind.LineFirmwareOldVendor, line.Id, line.Name, line.VendorContact ?? record.Parties.Find(line.Party)?.Name)
                    : new(FindingKind.LineFirmwareOld, line.Id, line.Name));
            }
        }
    }

    private static void CheckDrills(DrillLog drills, DateOnly today, List<ReadinessFinding> findings)
    {
        if (!drills.EverHeld)
            findings.Add(new(FindingKind.NoDrill, "", null));
        else if (drills.NextDue is not { } due)
            findings.Add(new(FindingKind.DrillNoNextDate, "", null));
        else if (due < today)
            findings.Add(new(FindingKind.DrillOverdue, "", due.Iso()));
    }
}
