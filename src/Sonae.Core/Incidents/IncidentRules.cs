using System.Text.RegularExpressions;
using Sonae.Core.Access;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Incidents;

/// <summary>
/// The decisions: a command, checked against the actor's roles and the incident's state, gives the events to
/// record or a refusal that says why. Pure; nothing is recorded here. Checks run in the order: does it exist
/// (not found), may this person do it (forbidden), is the request well formed (invalid), is it possible now
/// (conflict).
/// </summary>
public static partial class IncidentRules
{
    /// <summary>
    /// Opens an incident: the first events of its record. <paramref name="reporting"/> (the organization's profile
    /// now) is fixed on the opening, so that the incident's privacy clocks count by it whatever the profile says later.
    /// </summary>
    public static Decision Open(Playbook playbook, PlaybookRef playbookRef, int number, Actor actor, NewIncident request, DateTimeOffset now, Reporting.ReportingRules reporting)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(reporting);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);

        var operation = request.Source switch
        {
            IncidentSource.AnomalyReport => Operation.ReportAnomaly,
            // A monitor's alert that arrives as an anomaly report is filed as any report is; opening from an alert by
            // hand (no report) is the response's.
            IncidentSource.Alert => request.Report is null ? Operation.OpenFromAlert : Operation.ReportAnomaly,
            IncidentSource.Manual => Operation.OpenByHand,
        };
        if (Permissions.ActingRole(actor, operation) is not { } role)
            return Refuse(Permissions.Check(actor, operation)!);
        if (request.Source == IncidentSource.AnomalyReport && request.Report is null)
            return Refuse(new FieldRefused("report", FieldProblem.Required));
        if (request.Report is not null && CheckReport(request.Report, now) is { } badReport)
            return Refuse(badReport);
        if (TextRules.Check("title", request.Title, TextLimits.ShortText, required: true) is { } badTitle)
            return Refuse(badTitle);
        if (TextRules.Check("description", request.Description, TextLimits.LongText) is { } badDescription)
            return Refuse(badDescription);

        var by = new EventActor(actor.Id, actor.Name, role);
        var events = new List<(EventActor, EventData)>
        {
            (by, new IncidentOpened(number, request.Title.Trim(), request.Source, playbookRef, request.Drill, Trimmed(request.Description), reporting)),
        };
        if (request.Report is { } report)
        {
            events.Add((by, Reported(report)));
            events.AddRange(Intake(playbook, actor, report, events, now));
        }
        return Decision.Accept(events);
    }

    /// <summary>
    /// Decides several commands as one, such as a form that answers all of a step's questions: each is decided on
    /// the state the ones before it leave, and the first refusal refuses them all, so every answer is recorded or
    /// none is.
    /// </summary>
    /// <param name="refusedAt">The index of the refused command, or -1 when all were accepted.</param>
    /// <param name="playbook">The incident's playbook version.</param>
    /// <param name="progress">The incident's state before the commands.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="commands">The commands, in order.</param>
    /// <param name="now">The clock, for the events.</param>
    /// <param name="openedAt">When the incident was opened: a time a command gives may not be earlier (see <see cref="Decide(Playbook, IncidentProgress, Actor, IncidentCommand, DateTimeOffset, DateTimeOffset?)"/>).</param>
    public static Decision DecideTogether(Playbook playbook, IncidentProgress progress, Actor actor, IReadOnlyList<IncidentCommand> commands, DateTimeOffset now,
        DateTimeOffset? openedAt, out int refusedAt)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var events = new List<(EventActor, EventData)>();
        long seq = 0;
        for (var i = 0; i < commands.Count; i++)
        {
            var decision = Decide(playbook, progress, actor, commands[i], now, openedAt);
            if (decision.Refusal is not null)
            {
                refusedAt = i;
                return decision;
            }
            foreach (var (by, data) in decision.Events)
            {
                events.Add((by, data));
                progress = progress.Apply(data, by, ++seq, now);
            }
        }
        refusedAt = -1;
        return Decision.Accept(events);
    }

    /// <summary>
    /// Decides a command on an open incident. A time the command gives for something done during the incident (when a
    /// contact happened) may not be earlier than <c>openedAt</c>, the incident's opening; without it, only the clock
    /// bounds such a time.
    /// </summary>
    public static Decision Decide(Playbook playbook, IncidentProgress progress, Actor actor, IncidentCommand command, DateTimeOffset now, DateTimeOffset? openedAt = null)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(actor);
        var snapshot = StepStates.Compute(playbook, progress);
        return command switch
        {
            CompleteAction c => Decide(snapshot, actor, c),
            CompleteStep c => Decide(snapshot, actor, c),
            SkipStep c => Decide(snapshot, actor, c),
            RecordFact c => Decide(snapshot, actor, c),
            AddNote c => Decide(snapshot, actor, c),
            ChangeAssetStatus c => Decide(snapshot, actor, c),
            LogContact c => Decide(snapshot, actor, c, now, openedAt),
            IssueReport c => Decide(snapshot, actor, c),
            ReportAnomaly c => Decide(snapshot, actor, c, now),
            CloseIncident c => Decide(snapshot, actor, c),
            AddEvidence c => Decide(snapshot, actor, c, now),
            HandOverEvidence c => Decide(snapshot, actor, c),
            TakeCommand c => IncidentRoles.Decide(progress, actor, c),
            HandOverCommand c => IncidentRoles.Decide(progress, actor, c),
            NameScribe c => IncidentRoles.Decide(progress, actor, c),
            RecordNotice c => IncidentNotices.Decide(progress, actor, c),
            AcknowledgePage c => IncidentNotices.Decide(actor, c),
            PostStatusUpdate c => StatusUpdates.Decide(progress, actor, c, now),
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, CompleteAction command)
    {
        if (snapshot.Playbook.FindStep(command.Step) is not { } step)
            return Refuse(new UnknownStep(command.Step));
        if (step.FindAction(command.Action) is not { } action)
            return Refuse(new UnknownAction(step.Id, command.Action));
        if (Permissions.ActingRole(actor, [action.Role]) is not { } acting)
            return Refuse(Permissions.StepRefusal(actor, [action.Role]));
        if ((TextRules.Check("comment", command.Comment, TextLimits.LongText) ?? TextRules.Check("forPerson", command.ForPerson, TextLimits.ShortText)) is { } bad)
            return Refuse(bad);
        if (OpenStep(snapshot, step.Id) is { } notOpen)
            return Refuse(notOpen);
        if (snapshot[step.Id].Progress.ActionsDone.GetValueOrDefault(action.Id) is { } done)
            return Refuse(new ActionAlreadyDone(step.Id, action.Id, done.By, done.At));

        var by = new EventActor(actor.Id, actor.Name, acting, acting == action.Role ? null : action.Role, Trimmed(command.ForPerson));
        return Decision.Accept((by, new ActionDone(step.Id, action.Id, Trimmed(command.Comment))));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, CompleteStep command)
    {
        if (snapshot.Playbook.FindStep(command.Step) is not { } step)
            return Refuse(new UnknownStep(command.Step));
        if (Permissions.ActingRole(actor, step.Roles) is not { } acting)
            return Refuse(Permissions.StepRefusal(actor, step.Roles));
        if (TextRules.Check("comment", command.Comment, TextLimits.LongText) is { } bad)
            return Refuse(bad);
        if (OpenStep(snapshot, step.Id) is { } notOpen)
            return Refuse(notOpen);
        if (snapshot[step.Id].MissingFacts is { Count: > 0 } missing)
            return Refuse(new FactsMissing(step.Id, missing));

        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new StepCompleted(step.Id, Trimmed(command.Comment))));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, SkipStep command)
    {
        if (snapshot.Playbook.FindStep(command.Step) is not { } step)
            return Refuse(new UnknownStep(command.Step));
        if (Permissions.ActingRole(actor, Operation.RunResponse) is not { } acting)
            return Refuse(Permissions.Check(actor, Operation.RunResponse)!);
        if (TextRules.Check("reason", command.Reason, TextLimits.LongText, required: true) is { } bad)
            return Refuse(bad);
        if (OpenStep(snapshot, step.Id) is { } notOpen)
            return Refuse(notOpen);
        if (step.Asks.Count > 0)
            return Refuse(new StepAsksDecision(step.Id, step.Asks));

        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new StepSkipped(step.Id, command.Reason.Trim())));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, RecordFact command)
    {
        var playbook = snapshot.Playbook;
        if (playbook.FindFact(command.Fact) is not { } fact)
            return Refuse(new UnknownFact(command.Fact));
        var askers = playbook.AskedBy[fact.Id].Select(id => snapshot[id]).ToList();
        var previous = snapshot.Progress.Facts.GetValueOrDefault(fact.Id);
        var operational = playbook.Bindings.Decision(fact.Id) is not null;

        // The step the answer belongs to: an open one; for a revision, also one already finished. Management's
        // operational decisions stand over the whole response: once the flowchart has reached a step that records
        // one, it may be taken or lifted at any time (resume the record after 3-4, divert ambulances after 2-8).
        var step = askers.FirstOrDefault(s => s.State.IsOpen())
            ?? (previous is null && !operational ? null : askers.FirstOrDefault(s => s.State is StepState.Done or StepState.Skipped));
        var roles = (step ?? askers.FirstOrDefault())?.Step.Roles ?? [];
        Role acting;
        if (operational)
        {
            // Management's alone: nobody records them on its behalf, so the record always names who decided.
            if (Permissions.ActingRole(actor, Operation.TakeDecisions) is not { } deciding)
                return Refuse(Permissions.Check(actor, Operation.TakeDecisions)!);
            acting = deciding;
        }
        else if (Permissions.ActingRole(actor, roles) is { } answering)
            acting = answering;
        else
            return Refuse(Permissions.StepRefusal(actor, roles));

        var value = command.Value?.Trim() ?? "";
        if (fact.Kind == FactKind.Choice)
        {
            if (fact.FindValue(value) is null)
                return Refuse(new FactValueNotAllowed(fact.Id, value, fact.Values.Select(v => v.Id).ToList()));
        }
        else if (TextRules.Check("value", command.Value, TextLimits.LongText, required: true) is { } badValue)
        {
            return Refuse(badValue);
        }
        // An operational decision is always given with its reason, the first time as much as when it is lifted; so is
        // a public announcement in place of the notice to the people affected (the law allows it only where notice is
        // impractical, and the record must say why).
        var announcedInstead = playbook.Bindings.IndividualNotice?.NeedsReason(fact.Id, value) == true;
        if (announcedInstead && string.IsNullOrWhiteSpace(command.Reason))
            return Refuse(new FactNeedsReason(fact.Id, value));
        if ((TextRules.Check("reason", command.Reason, TextLimits.LongText, required: operational) ?? TextRules.Check("forPerson", command.ForPerson, TextLimits.ShortText)) is { } badReason)
            return Refuse(badReason);
        if (snapshot.Progress.Status == IncidentStatus.Closed)
            return Refuse(new IncidentIsClosed());
        if (step is null)
            return Refuse(new FactNotAskedNow(fact.Id, askers.Select(a => a.Step.Id).ToList()));

        var by = new EventActor(actor.Id, actor.Name, acting, step.Step.Roles.Contains(acting) ? null : step.Step.Roles[0], Trimmed(command.ForPerson));
        if (previous is null)
            return Decision.Accept((by, new FactRecorded(fact.Id, value, step.Step.Id, operational || announcedInstead ? command.Reason!.Trim() : null)));
        if (string.Equals(previous.Value, value, StringComparison.Ordinal))
            return Decision.Accept();
        // Without a reason this is no revision: the caller did not know of the value (two people answered at once), or
        // forgot why it changes. Either way they need to see what is recorded before anything replaces it.
        if (string.IsNullOrWhiteSpace(command.Reason))
            return Refuse(new FactAlreadyRecorded(fact.Id, previous.Value, previous.By, previous.At));
        return Decision.Accept((by, new FactRevised(fact.Id, value, previous.Value, command.Reason.Trim(), step.Step.Id)));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, AddNote command)
    {
        if (command.Step is { } stepId && snapshot.Playbook.FindStep(stepId) is null)
            return Refuse(new UnknownStep(stepId));
        if ((TextRules.Check("text", command.Text, TextLimits.LongText, required: true) ?? TextRules.Check("forPerson", command.ForPerson, TextLimits.ShortText)) is { } bad)
            return Refuse(bad);
        if (snapshot.Progress.Status == IncidentStatus.Closed)
            return Refuse(new IncidentIsClosed());
        return Decision.Accept((By(actor) with { ForPerson = Trimmed(command.ForPerson) }, new NoteAdded(command.Text.Trim(), command.Step)));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, ChangeAssetStatus command)
    {
        if (Permissions.ActingRole(actor, Operation.ChangeAssetStatus) is not { } acting)
            return Refuse(Permissions.Check(actor, Operation.ChangeAssetStatus)!);
        if ((TextRules.Check("asset", command.Asset, TextLimits.ShortText, required: true) ?? TextRules.Check("comment", command.Comment, TextLimits.LongText)) is { } bad)
            return Refuse(bad);
        if (snapshot.Progress.Status == IncidentStatus.Closed)
            return Refuse(new IncidentIsClosed());
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new AssetStatusChanged(command.Asset.Trim(), command.Status, Trimmed(command.Comment))));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, LogContact command, DateTimeOffset now, DateTimeOffset? openedAt)
    {
        if ((TextRules.Check("party", command.Party, TextLimits.ShortText, required: true) ?? TextRules.Check("subject", command.Subject, TextLimits.ShortText)
            ?? TextRules.Check("reference", command.Reference, TextLimits.ShortText) ?? TextRules.Check("spokeBy", command.SpokeBy, TextLimits.ShortText)
            ?? TextRules.Check("comment", command.Comment, TextLimits.LongText)) is { } bad)
            return Refuse(bad);
        if (CallerTimes.Check("at", command.At, now, TimeSpan.FromMinutes(5)) is { } badTime)
            return Refuse(badTime);
        // A time typed on a form has no seconds: a call in the minute the incident was opened is not before it.
        if (command.At is { } at && openedAt is { } opened && at < opened.AddTicks(-(opened.Ticks % TimeSpan.TicksPerMinute)))
            return Refuse(new TimeBeforeOpening("at", opened));
        // A closed incident still takes contacts: the privacy commission's final report, its receipt number and the
        // police's questions come after the response is over. A merged one's belong to the incident it joined.
        if (snapshot.Progress.Outcome == IncidentOutcome.Merged)
            return Refuse(new IncidentIsClosed());
        // Who spoke is the person recording, unless they write it down for someone else (a scribe for the officer).
        var by = By(actor);
        if (Trimmed(command.SpokeBy) is { } spokeBy && !string.Equals(spokeBy, actor.Name, StringComparison.Ordinal))
            by = by with { ForPerson = spokeBy };
        return Decision.Accept((by, new ContactLogged(command.Party.Trim(), command.Channel, command.Result, Trimmed(command.Comment),
            command.Direction, Trimmed(command.Subject), Trimmed(command.Reference), command.At is { } time ? Timestamps.Normalize(time) : null)));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, IssueReport command)
    {
        if (Permissions.ActingRole(actor, Operation.RunResponse) is not { } acting)
            return Refuse(Permissions.Check(actor, Operation.RunResponse)!);
        if ((TextRules.Check("report", command.Report, 64, required: true) ?? TextRules.Check("to", command.To, TextLimits.ShortText, required: true)
            ?? TextRules.Check("comment", command.Comment, TextLimits.LongText)) is { } bad)
            return Refuse(bad);
        if (!ReportId().IsMatch(command.Report))
            return Refuse(new FieldRefused("report", FieldProblem.InvalidId));
        if (command.Sha256 is null || !Sha256Hex().IsMatch(command.Sha256))
            return Refuse(new FieldRefused("sha256", FieldProblem.NotHex64));
        // The privacy commission's reports stop a legal clock: they go through the reporting rules (a late one says why).
        if (Reporting.ReportTemplates.Find(command.Report) is { IsPrivacyReport: true } privacy)
            return Refuse(new Reporting.IssueThroughReporting(privacy.Id));
        if (snapshot.Progress.Status == IncidentStatus.Closed)
            return Refuse(new IncidentIsClosed());
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new ReportIssued(command.Report, command.Sha256, command.To.Trim(), command.Via, Trimmed(command.Comment))));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, ReportAnomaly command, DateTimeOffset now)
    {
        if (CheckReport(command.Report, now) is { } bad)
            return Refuse(bad);
        if (snapshot.Progress.Status == IncidentStatus.Closed)
            return Refuse(new IncidentIsClosed());
        if (Permissions.ActingRole(actor, Operation.ReportAnomaly) is not { } role)
            return Refuse(Permissions.Check(actor, Operation.ReportAnomaly)!);
        return Decision.Accept((new EventActor(actor.Id, actor.Name, role), Reported(command.Report)));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, CloseIncident command)
    {
        if (Permissions.ActingRole(actor, Operation.RunResponse) is not { } acting)
            return Refuse(Permissions.Check(actor, Operation.RunResponse)!);
        if (TextRules.Check("reason", command.Reason, TextLimits.LongText) is { } bad)
            return Refuse(bad);
        if (snapshot.Progress.Status == IncidentStatus.Closed)
            return Refuse(new IncidentIsClosed());
        if (OperationalDecisions.InForce(snapshot.Playbook, snapshot.Progress) is { Count: > 0 } standing)
            return Refuse(new DecisionsInForce([.. standing.Select(d => d.Decision.Fact)]));

        var open = snapshot.Unsettled.Select(s => s.Step.Id).ToList();
        var falseAlarm = snapshot.Playbook.FalseAlarmWhen?.Evaluate(snapshot.Answer) == true;
        var outcome = falseAlarm ? IncidentOutcome.FalseAlarm : open.Count == 0 ? IncidentOutcome.Resolved : IncidentOutcome.ClosedEarly;
        if (open.Count > 0 && string.IsNullOrWhiteSpace(command.Reason))
            return Refuse(new StepsStillOpen(open));
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new IncidentClosed(outcome, Trimmed(command.Reason))));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, AddEvidence command, DateTimeOffset now)
    {
        if (Permissions.ActingRole(actor, Operation.KeepEvidence) is not { } acting)
            return Refuse(Permissions.Check(actor, Operation.KeepEvidence)!);
        if (command.Sha256 is null || !Sha256Hex().IsMatch(command.Sha256))
            return Refuse(new FieldRefused("sha256", FieldProblem.NotHex64));
        if (command.Size <= 0)
            return Refuse(new FieldRefused("file", FieldProblem.Required));
        if ((TextRules.Check("collectedBy", command.CollectedBy, TextLimits.ShortText) ?? TextRules.Check("fromAsset", command.FromAsset, TextLimits.ShortText)
            ?? TextRules.Check("description", command.Description, TextLimits.LongText)) is { } bad)
            return Refuse(bad);
        if (CallerTimes.Check("collectedAt", command.CollectedAt, now, TimeSpan.FromMinutes(5)) is { } badTime)
            return Refuse(badTime);
        var id = $"E{snapshot.Progress.EvidenceItems + 1}";
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new EvidenceAdded(id, command.Sha256, command.Size,
            Evidence.EvidenceNames.Safe(command.FileName), command.Kind, Trimmed(command.CollectedBy) ?? actor.Name,
            Timestamps.Normalize(command.CollectedAt ?? now), Trimmed(command.FromAsset), Trimmed(command.Description))));
    }

    private static Decision Decide(IncidentSnapshot snapshot, Actor actor, HandOverEvidence command)
    {
        if (Permissions.ActingRole(actor, Operation.KeepEvidence) is not { } acting)
            return Refuse(Permissions.Check(actor, Operation.KeepEvidence)!);
        if (!IsEvidence(snapshot.Progress, command.Evidence))
            return Refuse(new UnknownEvidence(command.Evidence ?? "", snapshot.Progress.EvidenceItems));
        if ((TextRules.Check("to", command.To, TextLimits.ShortText, required: true) ?? TextRules.Check("comment", command.Comment, TextLimits.LongText)) is { } bad)
            return Refuse(bad);
        return Decision.Accept((new EventActor(actor.Id, actor.Name, acting), new EvidenceHandedOver(command.Evidence!, command.To.Trim(), Trimmed(command.Comment))));
    }

    /// <summary>An id the locker gave: E1 … E(count).</summary>
    public static bool IsEvidence(IncidentProgress progress, string? id) =>
        id is ['E', .. var digits] && digits.Length is > 0 and <= 9 && digits.All(char.IsAsciiDigit) && digits[0] != '0'
        && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) <= progress.EvidenceItems;

    // ------------------------------------------------------------------ shared checks

    /// <summary>
    /// What a staff member's report answers of the playbook's first step (the playbook's <c>intake</c>): the
    /// fact, and the step itself when that was its last open question.
    /// </summary>
    private static List<(EventActor, EventData)> Intake(Playbook playbook, Actor actor, AnomalyReport report, List<(EventActor Actor, EventData Data)> opening, DateTimeOffset now)
    {
        if (playbook.Intake is not { } intake)
            return [];
        var progress = IncidentProgress.Empty;
        long seq = 0;
        foreach (var (by, data) in opening)
            progress = progress.Apply(data, by, ++seq, now);

        var added = new List<(EventActor, EventData)>();
        IncidentCommand[] commands =
        [
            new RecordFact(intake.Fact, report.ShowsInfection ? intake.SignsValue : intake.NoSignsValue),
            new CompleteStep(intake.Step),
        ];
        foreach (var command in commands)
        {
            var decision = Decide(playbook, progress, actor, command, now);
            if (!decision.IsAccepted)
                break;
            foreach (var (by, data) in decision.Events)
            {
                added.Add((by, data));
                progress = progress.Apply(data, by, ++seq, now);
            }
        }
        return added;
    }

    private static Refusal? OpenStep(IncidentSnapshot snapshot, StepId id)
    {
        if (snapshot.Progress.Status == IncidentStatus.Closed)
            return new IncidentIsClosed();
        var status = snapshot[id];
        return status.State switch
        {
            StepState.Locked => new StepIsLocked(id, status.WaitingForSteps, status.WaitingForFacts),
            StepState.Done or StepState.Skipped => new StepIsFinished(id, status.State),
            StepState.NotApplicable => new StepDoesNotApply(id),
            StepState.Available or StepState.InProgress => null,
        };
    }

    private static FieldRefused? CheckReport(AnomalyReport report, DateTimeOffset now)
    {
        var bad = TextRules.Check("department", report.Department, TextLimits.ShortText, required: true)
            ?? TextRules.Check("location", report.Location, TextLimits.ShortText)
            ?? TextRules.Check("device", report.Device, TextLimits.ShortText)
            ?? TextRules.Check("description", report.Description, TextLimits.LongText)
            ?? TextRules.Check("reporterName", report.ReporterName, TextLimits.ShortText)
            ?? TextRules.Check("reporterContact", report.ReporterContact, TextLimits.ShortText);
        if (bad is not null)
            return bad;
        if (report.Signs is null || report.Signs.Count == 0)
            return new FieldRefused("signs", FieldProblem.Required);
        if (report.Signs.Count > Enum.GetValues<AnomalySign>().Length)
            return new FieldRefused("signs", FieldProblem.TooMany, Enum.GetValues<AnomalySign>().Length);
        // A few minutes of leeway for a phone or terminal whose clock runs fast.
        return CallerTimes.Check("since", report.Since, now, TimeSpan.FromMinutes(10));
    }

    private static AnomalyReported Reported(AnomalyReport report) => new(
        report.Department.Trim(),
        Trimmed(report.Location),
        Trimmed(report.Device),
        report.Signs.Distinct().Order().ToList(),
        report.Since is { } since ? Timestamps.Normalize(since) : null,
        Trimmed(report.Description),
        Trimmed(report.ReporterName),
        Trimmed(report.ReporterContact),
        report.Signal);

    internal static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static EventActor By(Actor actor) => new(actor.Id, actor.Name, Permissions.ActingRole(actor, Operation.AddToRecord)!.Value);

    private static Decision Refuse(Refusal refusal) => Decision.Refuse(refusal);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReportId();

    [GeneratedRegex("^[0-9a-f]{64}\\z", RegexOptions.CultureInvariant)]
    internal static partial Regex Sha256Hex();
}
