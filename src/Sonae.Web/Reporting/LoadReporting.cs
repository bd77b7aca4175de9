using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Core.Reporting;
using Sonae.Data;
using Sonae.Data.Incidents;
using Sonae.Data.Reporting;
using Sonae.Web.Incidents;
using Sonae.Web.Playbooks;
using Sonae.Web.Preparedness;

namespace Sonae.Web.Reporting;

/// <summary>An incident's reporting at one moment: its state, its clocks, the organization's profile.</summary>
/// <param name="Rules">
/// The rules its clocks count by: as its record fixes them, or for an incident opened before they were fixed, as the
/// profile was at its opening (<see cref="ProfileRules"/>).
/// </param>
public sealed record ReportingView(
    Incident Incident,
    LoadedPlaybook Playbook,
    IncidentSnapshot Snapshot,
    ReportingState State,
    PreparednessRecord Preparedness,
    ReportingRules Rules,
    DateTimeOffset Now)
{
    public OrganizationProfile? Profile => Preparedness.Profile;

    public DocumentDates Dates => Profile?.DocumentDates ?? DocumentDates.Western;

    /// <summary>When the incident's next status update is due (its pages say when it has passed); null when none is.</summary>
    public DateTimeOffset? UpdateDue =>
        StatusUpdates.NextDue(Snapshot.Progress, Incident.OpenedAt, Profile?.UpdateRhythm ?? StatusUpdates.Rhythm(StatusUpdates.DefaultEveryMinutes));

    public DateOnly Today => DateOnly.FromDateTime(Now.ToJst().DateTime);

    public LegalClocks? Clocks => State.Clocks(Snapshot.Progress, Rules, Now);

    /// <summary>The step of the incident's playbook at which a report is made, or null when the playbook ties it to none.</summary>
    public StepId? Step(ReportTemplate template) => Snapshot.Playbook.Bindings.ReportStep(template.Id);

    /// <summary>
    /// Whether a report's step applies to this incident so far (the rest can still be drafted, for drills or by
    /// choice). A report the playbook ties to no step never applies of itself.
    /// </summary>
    public bool Applies(ReportTemplate template) =>
        Step(template) is { } step && Snapshot[step].State != StepState.NotApplicable;
}

/// <summary>
/// A report's draft as the pages and the API show it: as last saved, or else as the record fills it now; and the
/// headings of a saved draft that the record would now fill differently.
/// </summary>
/// <param name="Saved">The draft as last saved, if any.</param>
/// <param name="Head">The record's last event when this was read.</param>
/// <param name="Filled">What the record fills each heading with now.</param>
/// <param name="Changes">The saved draft's headings the record would now fill differently (<see cref="ReportDrafting.Changes"/>).</param>
public sealed record ReportDraft(SavedDraft? Saved, long Head, IReadOnlyDictionary<string, string> Filled, IReadOnlyList<HeadingChange> Changes)
{
    /// <summary>The headings as they stand: the saved draft's, else the record's.</summary>
    public IReadOnlyDictionary<string, string> Fields => Saved?.Fields ?? Filled;

    /// <summary>The last event of the record the headings are compared with: to send back with a draft saved from these.</summary>
    public long Basis => Saved?.Basis ?? Head;

    /// <summary>The record would now fill some heading of the saved draft differently.</summary>
    public bool OutOfDate => Changes.Count > 0;
}

/// <summary>An issued report's file as kept, with the record's event that issued it.</summary>
public sealed record IssuedFile(IssuedDocument Document, ReportIssued Issued);

/// <summary>
/// The Reporting area's read side, for its pages, its endpoints and the other areas: only the events reporting is
/// built from, so that an incident of a hundred thousand events still opens its reports at once; the whole record
/// only to draft a report. An incident is found as <see cref="IncidentQueries"/> finds it, through the caller's filters.
/// </summary>
public sealed class LoadReporting(SonaeDbContext db, IncidentQueries incidents, LoadPreparedness preparedness, TimeProvider clock)
{
    private static readonly string[] SourceTypes = [.. ReportingState.Sources.Select(t => t.WireName())];

    /// <summary>The reporting of the incident named <paramref name="id"/> (its id or number), or null when there is no such incident for the caller.</summary>
    public async Task<ReportingView?> View(string id, CancellationToken cancellationToken) =>
        await incidents.Find(id, cancellationToken) is { } incident ? await View(incident, cancellationToken) : null;

    public Task<ReportingView?> View(Guid incidentId, CancellationToken cancellationToken) => View(incidentId.ToString(), cancellationToken);

    /// <summary>
    /// The incident's reporting from its reporting events alone, which the (incident, type) index finds without reading
    /// the rest of its record: a record of a million notes opens its clocks as fast as a record of ten.
    /// </summary>
    private async Task<ReportingView> View(Incident incident, CancellationToken cancellationToken) =>
        await View(incident, await db.IncidentEvents.AsNoTracking().OfTypes(incident.Id, SourceTypes, cancellationToken), await preparedness.Record(cancellationToken), cancellationToken);

    private async Task<ReportingView> View(Incident incident, IEnumerable<IncidentEvent> sources, PreparednessRecord record, CancellationToken cancellationToken)
    {
        var playbook = await incidents.Playbook(incident, cancellationToken);
        var state = ReportingState.From(sources, playbook.Playbook.Bindings);
        var rules = state.Rules ?? await ProfileRules.At(db, incident.OpenedAt, cancellationToken);
        return new ReportingView(incident, playbook, StepStates.Compute(playbook.Playbook, incident.ReadProgress()), state, record, rules, clock.GetUtcNow());
    }

    /// <summary>
    /// The incidents whose privacy clocks still run: open ones, and closed ones whose final report is not filed yet
    /// (it is often filed weeks after the incident is closed, and an overdue one stays until it is). Most pressing first.
    /// </summary>
    public async Task<IReadOnlyList<ReportingView>> Running(CancellationToken cancellationToken)
    {
        // Open incidents, and closed ones whose projection says the final report is owed (management answered that
        // it is required, and it is not filed): by two indexes, so that years of closed incidents cost nothing here.
        // A drill's clocks are practice: never among the legal deadlines.
        var open = await db.Incidents.AsNoTracking().RealIncidents().Where(i => i.Status == IncidentStatus.Open).ToListAsync(cancellationToken);
        var owed = await db.Incidents.AsNoTracking().RealIncidents().Where(i => i.FinalReportOwed && i.Status != IncidentStatus.Open).ToListAsync(cancellationToken);
        if (open.Count + owed.Count == 0)
            return [];
        var record = await preparedness.Record(cancellationToken);
        var sources = await db.IncidentEvents.AsNoTracking().OfTypes([.. open.Concat(owed).Select(i => i.Id)], SourceTypes, cancellationToken);
        var running = new List<ReportingView>();
        foreach (var incident in open.Concat(owed))
        {
            if (await View(incident, sources[incident.Id], record, cancellationToken) is { Clocks: { Running: true } clocks } view && clocks.Final.Done is null)
                running.Add(view);
        }
        return [.. running.OrderBy(v => v.Clocks!.Next.Due)];
    }

    /// <summary>
    /// A report's current draft (as last saved, or else as the record fills it now) and, for a saved one, the headings
    /// the record would now fill differently: the record is filled as it stood at the draft's basis and as it stands,
    /// so that a heading counts only when the record changed it, not when someone typed over it.
    /// </summary>
    public async Task<ReportDraft> Draft(ReportingView view, ReportTemplate template, CancellationToken cancellationToken)
    {
        var events = await Events(view, cancellationToken);
        var organization = await Organization(view, cancellationToken);
        var head = view.Incident.LastSeq;
        var now = ReportDrafting.Fill(template, Context(view, events, head, organization));
        if (view.State.Draft(template.Id) is not { } saved)
            return new ReportDraft(null, head, now, []);
        // Then: the incident's record at the draft's basis, and the hospital's profile, people and systems as they were
        // when that basis was taken, so that a representative registered since is news as much as a fact recorded since.
        var before = view with { Preparedness = await preparedness.RecordAt(saved.BasisAt, cancellationToken) };
        var then = ReportDrafting.Fill(template, Context(before, events, saved.Basis, await Organization(before, cancellationToken)));
        return new ReportDraft(saved, head, now, ReportDrafting.Changes(template, saved.Fields, then, now));
    }

    /// <summary>A report's headings as they stand: as last saved, or else as the record fills them now (one fill, no comparison).</summary>
    public async Task<IReadOnlyDictionary<string, string>> Fields(ReportingView view, ReportTemplate template, CancellationToken cancellationToken) =>
        view.State.Draft(template.Id)?.Fields ?? ReportDrafting.Fill(template, await Context(view, cancellationToken));

    /// <summary>What the record filled a report with when it stood at event <paramref name="basis"/> (the record as it stands, from there on).</summary>
    public async Task<IReadOnlyDictionary<string, string>> FilledAt(ReportingView view, ReportTemplate template, long basis, CancellationToken cancellationToken) =>
        ReportDrafting.Fill(template, Context(view, await Events(view, cancellationToken), basis, await Organization(view, cancellationToken)));

    /// <summary>The file issued by event <paramref name="seq"/> of an incident, with that event; null when no such file was issued.</summary>
    public async Task<IssuedFile?> Issued(Guid incidentId, long seq, CancellationToken cancellationToken)
    {
        var document = await db.IssuedDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.IncidentId == incidentId && d.Seq == seq, cancellationToken);
        var body = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == incidentId && e.Seq == seq).Select(e => e.Body).SingleOrDefaultAsync(cancellationToken);
        return document is not null && body is not null && EventChain.Parse(body).Data is ReportIssued issued ? new IssuedFile(document, issued) : null;
    }

    /// <summary>The name of the file kept when event <paramref name="seq"/> issued a report (for a request that replays that issue).</summary>
    public Task<string> IssuedFileName(Guid incidentId, long seq, CancellationToken cancellationToken) =>
        db.IssuedDocuments.AsNoTracking().Where(d => d.IncidentId == incidentId && d.Seq == seq).Select(d => d.FileName).SingleAsync(cancellationToken);

    /// <summary>What the whole record knows, in Japanese lines for a first draft (<see cref="ReportDrafting"/>).</summary>
    public async Task<ReportContext> Context(ReportingView view, CancellationToken cancellationToken) =>
        Context(view, await Events(view, cancellationToken), view.Incident.LastSeq, await Organization(view, cancellationToken));

    /// <summary>The incident's whole record, up to the event the view was read at.</summary>
    private async Task<List<IncidentEvent>> Events(ReportingView view, CancellationToken cancellationToken)
    {
        var bodies = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == view.Incident.Id && e.Seq <= view.Incident.LastSeq)
            .OrderBy(e => e.Seq).Select(e => e.Body).ToListAsync(cancellationToken);
        return bodies.Select(EventChain.Parse).ToList();
    }

    private async Task<string> Organization(ReportingView view, CancellationToken cancellationToken) =>
        view.Profile?.Name ?? await incidents.OrganizationName(view.Incident, cancellationToken) ?? "";

    /// <summary>
    /// What the record knew when it stood at event <paramref name="upTo"/>, in Japanese lines: the facts, the reporting
    /// and everything else folded again from the events up to there (the view's own, when that is the whole record).
    /// The preparedness record is today's: it is not the incident's record.
    /// </summary>
    private static ReportContext Context(ReportingView view, List<IncidentEvent> events, long upTo, string organization)
    {
        var (progress, state) = (view.Snapshot.Progress, view.State);
        if (upTo < view.Incident.LastSeq)
        {
            events = events.TakeWhile(e => e.Seq <= upTo).ToList();
            progress = events.Aggregate(IncidentProgress.Empty, (folded, e) => folded.Apply(e));
            state = ReportingState.From(events.Where(e => ReportingState.Sources.Contains(e.Data.Type)), view.Playbook.Playbook.Bindings);
        }
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ja-JP");
        try
        {
            return Build(view, progress, state, events, organization);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    private static ReportContext Build(ReportingView view, IncidentProgress progress, ReportingState state, List<IncidentEvent> events, string organization)
    {
        var playbook = view.Playbook.Playbook;
        var texts = new EventTexts(playbook);
        var dates = view.Dates;
        string When(DateTimeOffset at) => DocumentDate.DateTime(at, dates);

        var impact = IncidentImpact.Of(view.Preparedness.Inventory, progress.Assets);
        var assets = progress.Assets.Select(a => $"{Describe(view.Preparedness.Inventory, a.Key)}: {EventTexts.Asset(a.Value)}").ToList();
        var stopUsing = impact.StopUsing.Select(s => s.System.PaperFallback is { } paper ? $"{s.System.Name}(代替: {paper})" : s.System.Name).ToList();
        var stepNotes = events.Where(e => e.Data is NoteAdded { Step: not null }).GroupBy(e => ((NoteAdded)e.Data).Step!.Value.Value).ToList();
        Dictionary<string, IReadOnlyList<string>> Notes(Func<IncidentEvent, string> line) =>
            stepNotes.ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(line).ToList(), StringComparer.Ordinal);
        // The officer staff phone is the one the authorities are given too; they call from outside, so an outside line.
        var officer = EmergencyContacts.OnDutyOfficer(view.Preparedness.People);
        var officerPhone = officer?.Channels.FirstOrDefault(c => c.Kind.RingsFromOutside())?.Value;

        return new ReportContext
        {
            Bindings = playbook.Bindings,
            Organization = organization,
            Address = view.Profile?.Address,
            Phone = view.Profile?.MainPhone,
            Representative = view.Profile?.Representative,
            IncidentNumber = view.Incident.Number,
            IncidentTitle = view.Incident.Title,
            Description = events.Select(e => e.Data).OfType<IncidentOpened>().FirstOrDefault()?.Description,
            Dates = dates,
            Awareness = state.Awareness,
            Assessment = state.Assessment,
            PeopleAffected = state.Latest(ReportingState.PeopleAffected),
            Facts = ReportDrafting.FactLines(playbook, progress),
            FactValues = progress.Facts.ToDictionary(f => f.Key.Value, f => f.Value.Value, StringComparer.Ordinal),
            Anomalies = events.Where(e => e.Data is AnomalyReported).Select(e => $"{When(e.At)} {texts.Describe(e)}").ToList(),
            AffectedAssets = assets,
            StopUsing = stopUsing,
            ActionsDone = events.Where(e => e.Data is ActionDone).Select(e => $"{When(e.At)} {texts.Describe(e)}({e.Actor.Name})").ToList(),
            NotesByStep = Notes(e => $"{((NoteAdded)e.Data).Text}({e.Actor.Name}、{When(e.At)})"),
            NoteTextsByStep = Notes(e => ((NoteAdded)e.Data).Text),
            // When each happened (a call written down later says when it was made), with the number the other side gave.
            Contacts = events.Where(e => e.Data is ContactLogged).Select(ContactEntry.Of).OrderBy(c => c.At).ThenBy(c => c.Seq)
                .Select(c => $"{When(c.At)} {texts.Contact(c.Contact, c.RecordedBy, c.RecordedAt, withTime: false)}").ToList(),
            ReportsIssued = state.Issued.Select(i => $"{When(i.At)} {Title(i.Data.Report)} → {i.Data.To}").ToList(),
            Timeline = events.Where(e => e.Data is not ReportDrafted).Select(e => $"{When(e.At)} {texts.Describe(e)}({e.Actor.Name})").ToList(),
            Contact = officer is null ? null : string.Join(" ", new[] { officer.Name, officer.Position, officerPhone }.Where(p => !string.IsNullOrWhiteSpace(p))),
            LastIssued = state.Issued.GroupBy(i => i.Data.Report).ToDictionary(g => g.Key, g => g.Last().At, StringComparer.Ordinal),
            AuthoritiesTold = AuthoritiesTold(view, state, events, texts),
            IndividualNotice = IndividualNotice(playbook, progress, events),
        };
    }

    /// <summary>The reports issued to the ministry, the police or the local government, and the calls and messages that reached them, oldest first.</summary>
    private static List<AuthorityTold> AuthoritiesTold(ReportingView view, ReportingState state, List<IncidentEvent> events, EventTexts texts)
    {
        var parties = view.Preparedness.Parties;
        var told = new List<AuthorityTold>();
        foreach (var issued in state.Issued)
        {
            if (Authorities.OfReport(issued.Data.Report, issued.Data.To, parties) is { } authority)
                told.Add(new AuthorityTold(authority, issued.At, $"「{Title(issued.Data.Report)}」を提出({issued.Data.To})"));
        }
        foreach (var e in events)
        {
            if (e.Data is ContactLogged contact && Authorities.OfContact(contact, parties) is { } authority)
            {
                var what = texts.Contact(contact, e.Actor, e.At, withTime: false);
                told.Add(new AuthorityTold(authority, contact.At ?? e.At, contact.Comment is { } comment ? $"{what} {comment}" : what));
            }
        }
        return [.. told.OrderBy(t => t.At)];
    }

    /// <summary>How the people affected are told, from the fact the playbook binds to it, with the reason recorded with the value.</summary>
    private static NoticeDecision? IndividualNotice(Playbook playbook, IncidentProgress progress, List<IncidentEvent> events)
    {
        if (playbook.Bindings.IndividualNotice is not { } binding || !progress.Facts.TryGetValue(binding.Fact, out var recorded)
            || binding.Meaning(recorded.Value) is not { } choice)
            return null;
        // The reason given with the value in force: recorded with it, or the revision's that chose it.
        var reason = events.Select(e => e.Data).Reverse().Select(d => d switch
        {
            FactRecorded r when r.Fact == binding.Fact => r.Reason ?? "",
            FactRevised r when r.Fact == binding.Fact => r.Reason,
            _ => null,
        }).FirstOrDefault(r => r is not null);
        return new NoticeDecision(choice, string.IsNullOrWhiteSpace(reason) ? null : reason);
    }

    private static string Title(string report) => ReportTemplates.Find(report)?.Title.Ja ?? report;

    private static string Describe(Inventory inventory, string id) =>
        inventory.Assets.FirstOrDefault(a => a.Id == id) is { } asset ? $"{asset.Id} {asset.Name}{(asset.Location is null ? "" : $"({asset.Location})")}"
        : inventory.FindSystem(id) is { } system ? $"{system.Name}(システム全体)"
        : id;
}
