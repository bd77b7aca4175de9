using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Access;

/// <summary>
/// What a person can ask of Sonae. Each operation names the roles that may do it, in the order in which the record
/// names the role someone acted in when they hold several (<see cref="Permissions.ActingRole(Actor, Operation)"/>).
/// The web host turns each one into an authorization policy of the same name, so an endpoint, a page, a form, a
/// button and a menu entry all ask the same question.
/// </summary>
public enum Operation
{
    /// <summary>See an incident's workspace, timeline and summary (a vendor only those they were invited to).</summary>
    ReadIncident,

    /// <summary>Report an anomaly (1-1): anyone, from a shared terminal as well.</summary>
    ReportAnomaly,

    /// <summary>Open an incident from a monitoring alert.</summary>
    OpenFromAlert,

    /// <summary>Open an incident by hand.</summary>
    OpenByHand,

    /// <summary>Add a note or log a call: anyone who can see the incident.</summary>
    AddToRecord,

    /// <summary>
    /// Run the response: skip a step with a reason, record an action for someone else, issue a report, close the
    /// incident: the security officer and management.
    /// </summary>
    RunResponse,

    /// <summary>Mark an asset's state during the incident (isolated, restored …).</summary>
    ChangeAssetStatus,

    /// <summary>Collect and hand over evidence (2-14): those who collect it and management.</summary>
    KeepEvidence,

    /// <summary>See the evidence register of an incident.</summary>
    ReadEvidence,

    /// <summary>See which reports an incident needs, their status (drafted, issued, when, to whom) and the legal clocks.</summary>
    ReadReports,

    /// <summary>
    /// Read what the reports say: drafts, previews and issued documents. Drafts carry what staff must not read on a
    /// shared terminal (the officer's mobile number, figures not yet decided), so staff see the reports' status only.
    /// </summary>
    ReadReportContents,

    /// <summary>Draft, edit and issue reports.</summary>
    DraftReports,

    /// <summary>
    /// Assess which reports the law asks for, set the moment the hospital became aware, and change an incident's
    /// reporting period after its opening fixed it: everything that moves a running legal clock.
    /// </summary>
    DecideReporting,

    /// <summary>The management decisions page: what only management decides.</summary>
    TakeDecisions,

    /// <summary>The vendor's page: the incidents they were invited to and what is asked of them.</summary>
    WorkAsVendor,

    /// <summary>Read the preparedness record (people, call tree, systems, network, drills).</summary>
    ReadPreparedness,

    /// <summary>Change the preparedness record and import ledgers.</summary>
    EditPreparedness,

    /// <summary>Validate and upload playbook versions.</summary>
    EditPlaybooks,

    /// <summary>Invite vendors to an incident and revoke invitations.</summary>
    InviteVendors,

    /// <summary>Create and revoke reporting links for shared terminals.</summary>
    ManageReportingLinks,

    /// <summary>Add, change and remove the hospital's accounts (management's own accounts need <see cref="ManageManagement"/>).</summary>
    ManagePeople,

    /// <summary>Give or change the management role, and change an account that holds it.</summary>
    ManageManagement,

    /// <summary>Relax the rule that the powerful roles sign in with a second factor.</summary>
    SetSecondFactorRule,

    /// <summary>Read the audit log of who did what.</summary>
    ReadAudit,

    /// <summary>Change the hospital's settings.</summary>
    ChangeSettings,

    /// <summary>Make and download signed checkpoints of the record.</summary>
    MakeCheckpoints,

    /// <summary>
    /// Lead an incident's response: take command of it (指揮を執る), hand command over, name a scribe. The security
    /// officer and management; never staff or a vendor, who take part in the response but do not lead it.
    /// </summary>
    LeadResponse,

    /// <summary>
    /// Send notices (stop using a system, it is back, measures, decisions) and read, remind, escalate or stop any
    /// notice or page of the hospital, with who acknowledged it. Anyone acknowledges what was sent to them.
    /// </summary>
    SendNotices,

    /// <summary>
    /// Set up how Sonae reaches people: the mail server and the webhooks (Slack, Teams, a hospital's own system), and
    /// send their test messages. The security officer and management: a wrong address sends pages to a stranger.
    /// </summary>
    ManageChannels,

    /// <summary>
    /// Connect monitoring systems: make an alert source (its token is shown once), mute a noisy one, revoke one. The
    /// security officer and management: a token lets a machine file reports in the hospital's name.
    /// </summary>
    ManageAlertSources,

    /// <summary>
    /// Read threat information: advisories (CISA KEV, JVN, the ministry's and NISC's alerts) and where they match the
    /// hospital's lines and assets. The security officer and management: it says where the hospital is open to attack.
    /// </summary>
    ReadThreats,

    /// <summary>Import or enter advisories, confirm or dismiss fuzzy matches, close the tasks they open.</summary>
    ManageThreats,

    /// <summary>
    /// Keep the binder on one's own phone (<c>/binder/offline</c>, copied by the browser for when Sonae cannot be
    /// reached): the call tree, every number and the first steps. The security officer and management, who lead the
    /// response from wherever they are; not staff, whose key signs in shared ward terminals that must not hold the
    /// hospital's phone book, nor vendors, who are outside the hospital.
    /// </summary>
    KeepBinderOffline,

    /// <summary>
    /// Read the recurrence-prevention measures (4-5 … 4-7), their dissemination and training, and the instructions to
    /// contractors with their checks (4-8): everyone inside the hospital, since staff carry the measures out (4-7); not
    /// vendors, who see only their own instruction, through its link.
    /// </summary>
    ReadMeasures,

    /// <summary>
    /// Add measures and move them on, disseminate them, record training, issue instructions to contractors, record
    /// checks and make or revoke a vendor's link: the security officer and management, who decide on measures and
    /// their cost (4-5) and instruct contractors (4-8).
    /// </summary>
    EditMeasures,

    /// <summary>
    /// Run drills (Aftercare): start one from a scenario, deliver, skip or pause its injects, record the table's
    /// decisions, end it. The security officer and management; participants take part through the drill's incident.
    /// </summary>
    RunDrills,

    /// <summary>
    /// Read the metrics across incidents and drills (times to each milestone, paging) and an incident's after-action
    /// report. The security officer and management: they show who could not be reached and how each step went.
    /// </summary>
    ReadMetrics,

    /// <summary>Write the findings of an after-action report, which become recurrence-prevention measures.</summary>
    RecordFindings,
    /// <summary>See the ministry's yearly checklist: the years' forms, their answers, the vendors' forms, the print and the workbook.</summary>
    ReadChecklists,

    /// <summary>Start a year's form, answer its items, and send or revoke a vendor's link to their form.</summary>
    AnswerChecklists,

    /// <summary>Correct or add an item of an edition, and load a new edition from its data file.</summary>
    ManageChecklistItems,
}

/// <summary>
/// The one place that says who may do what (deny by default). Endpoints, pages, forms, buttons, menus and the
/// incident rules all ask here; nothing else decides access from a role of its own. Which incidents a vendor sees
/// is decided here too (<see cref="VisibleIncidents"/>), and the data layer enforces that set on every query.
/// </summary>
public static class Permissions
{
    private static readonly Role[] Everyone = [Role.Staff, Role.Vendor, Role.SecurityOfficer, Role.Management];
    private static readonly Role[] Leaders = [Role.SecurityOfficer, Role.Management];
    private static readonly Role[] InsideHospital = [Role.Staff, Role.SecurityOfficer, Role.Management];
    private static readonly Role[] ResponseWithVendors = [Role.SecurityOfficer, Role.Vendor, Role.Management];

    /// <summary>Every operation, for the policies of the web host and for tests that walk them all.</summary>
    public static IReadOnlyList<Operation> All { get; } = Enum.GetValues<Operation>();

    /// <summary>The roles that may do <paramref name="operation"/>, in the order the record prefers to name them.</summary>
    public static IReadOnlyList<Role> RolesFor(Operation operation) => operation switch
    {
        Operation.ReadIncident => Everyone,
        Operation.ReportAnomaly => Everyone,
        Operation.OpenFromAlert => ResponseWithVendors,
        Operation.OpenByHand => Leaders,
        Operation.AddToRecord => [Role.SecurityOfficer, Role.Management, Role.Vendor, Role.Staff],
        Operation.RunResponse => Leaders,
        Operation.ChangeAssetStatus => ResponseWithVendors,
        Operation.KeepEvidence => ResponseWithVendors,
        Operation.ReadEvidence => ResponseWithVendors,
        Operation.ReadReports => InsideHospital,
        Operation.ReadReportContents => Leaders,
        Operation.DraftReports => Leaders,
        Operation.DecideReporting => [Role.Management],
        Operation.TakeDecisions => [Role.Management],
        Operation.WorkAsVendor => [Role.Vendor],
        Operation.ReadPreparedness => InsideHospital,
        Operation.EditPreparedness => Leaders,
        Operation.KeepBinderOffline => Leaders,
        Operation.EditPlaybooks => Leaders,
        Operation.InviteVendors => Leaders,
        Operation.ManageReportingLinks => Leaders,
        Operation.ManagePeople => Leaders,
        Operation.ManageManagement => [Role.Management],
        Operation.SetSecondFactorRule => [Role.Management],
        Operation.ReadAudit => Leaders,
        Operation.ChangeSettings => Leaders,
        Operation.MakeCheckpoints => Leaders,
        Operation.LeadResponse => Leaders,
        Operation.SendNotices => Leaders,
        Operation.ManageChannels => Leaders,
        Operation.ManageAlertSources => Leaders,
        Operation.ReadThreats => Leaders,
        Operation.ManageThreats => Leaders,
        Operation.ReadMeasures => InsideHospital,
        Operation.EditMeasures => Leaders,
        Operation.RunDrills => Leaders,
        Operation.ReadMetrics => Leaders,
        Operation.RecordFindings => Leaders,
        Operation.ReadChecklists => Leaders,
        Operation.AnswerChecklists => Leaders,
        Operation.ManageChecklistItems => Leaders,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation."),
    };

    /// <summary>Whether <paramref name="actor"/> holds a role that may do <paramref name="operation"/>.</summary>
    public static bool May(this Actor actor, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return RolesFor(operation).Any(actor.Holds);
    }

    /// <summary>The refusal <paramref name="actor"/> gets for <paramref name="operation"/>, or null when they may.</summary>
    public static RoleRequired? Check(Actor actor, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.May(operation) ? null : new RoleRequired(RolesFor(operation), [.. actor.Roles]);
    }

    /// <summary>
    /// What changing an account that holds, or is given, <paramref name="roles"/> is: <see cref="Operation.ManageManagement"/>
    /// when management is among them, else <see cref="Operation.ManagePeople"/>. Otherwise the security officer could
    /// make a manager (or take over one through a reset's link) and so undo what only management decides.
    /// </summary>
    public static Operation ToChangeAccount(IEnumerable<Role> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Contains(Role.Management) ? Operation.ManageManagement : Operation.ManagePeople;
    }

    /// <summary>The role the record names when <paramref name="actor"/> does <paramref name="operation"/>, or null when they may not.</summary>
    public static Role? ActingRole(Actor actor, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(actor);
        foreach (var role in RolesFor(operation))
        {
            if (actor.Holds(role))
                return role;
        }
        return null;
    }

    /// <summary>
    /// The role in which <paramref name="actor"/> does what the playbook gives to <paramref name="roles"/> (a step or
    /// one of its actions): one of those roles, or, for those who run the response, on the others' behalf.
    /// Null when they may not.
    /// </summary>
    public static Role? ActingRole(Actor actor, IReadOnlyList<Role> roles)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in roles)
        {
            if (actor.Holds(role))
                return role;
        }
        return ActingRole(actor, Operation.RunResponse);
    }

    /// <summary>The refusal for doing what the playbook gives to <paramref name="roles"/>, naming everyone who may.</summary>
    public static RoleRequired StepRefusal(Actor actor, IReadOnlyList<Role> roles)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new([.. roles.Union(RolesFor(Operation.RunResponse))], [.. actor.Roles]);
    }

    /// <summary>Whether <paramref name="actor"/> may complete <paramref name="step"/> (or answer its questions).</summary>
    public static bool MayComplete(Actor actor, StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return ActingRole(actor, step.Roles) is not null;
    }

    /// <summary>Whether <paramref name="actor"/> may record <paramref name="action"/> as done.</summary>
    public static bool MayRecord(Actor actor, ActionDefinition action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ActingRole(actor, [action.Role]) is not null;
    }

    /// <summary>
    /// The incidents <paramref name="actor"/> may see: null for the hospital's own people (every incident of their
    /// hospital), else exactly those they were invited to (<paramref name="invitations"/>, still valid).
    /// </summary>
    public static IReadOnlySet<Guid>? VisibleIncidents(Actor actor, IEnumerable<Guid> invitations)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(invitations);
        return SeesEveryIncident(actor) ? null : invitations.ToHashSet();
    }

    /// <summary>Whether <paramref name="actor"/> sees every incident of their hospital (any role but vendor).</summary>
    public static bool SeesEveryIncident(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Roles.Any(r => r != Role.Vendor);
    }

    /// <summary>Whether <paramref name="actor"/>, seeing <paramref name="visible"/> (null: all), may see <paramref name="incident"/>.</summary>
    public static bool MaySee(Actor actor, IReadOnlySet<Guid>? visible, Guid incident)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return visible is null ? SeesEveryIncident(actor) : visible.Contains(incident);
    }
}
