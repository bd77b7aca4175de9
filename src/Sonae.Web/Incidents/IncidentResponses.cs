using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Data.Incidents;
using Sonae.Web.Localization;
using Sonae.Web.Playbooks;

namespace Sonae.Web.Incidents;

/// <summary>A text in both languages, as the API gives every text of a playbook.</summary>
public sealed record TextPair(string Ja, string En)
{
    public static TextPair From(LocalizedText text) => new(text.Ja, text.En);
}

/// <param name="MergedInto">The number of the incident this one joined, when its outcome is <c>merged</c>.</param>
public sealed record IncidentSummary(
    Guid Id,
    int Number,
    string Title,
    string Status,
    string? Outcome,
    string Source,
    bool Drill,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    int? Phase,
    int OpenSteps,
    long Events,
    int? MergedInto = null);

public sealed record PlaybookInfo(string Id, int Version, string Sha256, TextPair Title);

public sealed record FactView(string Id, TextPair Title, string Kind, string Answer, string? Value, TextPair? ValueTitle, DateTimeOffset? RecordedAt, string? By, int Revisions);

public sealed record DoneView(long Seq, DateTimeOffset At, string By, string Role, string? For);

public sealed record ActionView(string Id, string Role, TextPair Text, DoneView? Done);

public sealed record ResolutionView(string Kind, long Seq, DateTimeOffset At, string By, string Role, string? Reason);

public sealed record StepView(
    string Id,
    int Phase,
    TextPair Title,
    string Guideline,
    string State,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> After,
    IReadOnlyList<string> WaitingForSteps,
    IReadOnlyList<string> WaitingForFacts,
    IReadOnlyList<string> Asks,
    IReadOnlyList<string> Records,
    IReadOnlyList<string> MissingFacts,
    IReadOnlyList<ActionView> Actions,
    ResolutionView? Resolution);

public sealed record NextView(string Step, string Kind, string? Action, string? Fact);

public sealed record AssetView(string Asset, string Status);

/// <summary>Who holds a role of the response: since which event, and how Sonae knows them.</summary>
/// <param name="Actor">Their actor id (<c>account:…</c>, <c>key:…</c>) when they sign in to Sonae.</param>
/// <param name="Person">Their id in the people directory, when chosen from it.</param>
/// <param name="Seq">The event that gave them the role.</param>
public sealed record AppointmentView(string Name, string Role, string? Actor, string? Person, DateTimeOffset Since, long Seq)
{
    public static AppointmentView? Of(Appointment? appointment) => appointment is null ? null
        : new(appointment.Person.Name, appointment.Person.Role.Id(), appointment.Person.Actor, appointment.Person.Person, appointment.Since.ToJst(), appointment.Seq);
}

/// <summary>The incident's commander and scribe; null where nobody holds the role (no commander yet: someone must take command).</summary>
public sealed record CommandView(AppointmentView? Commander, AppointmentView? Scribe);

/// <param name="Command">Who leads the response (the commander) and who records at their side (the scribe).</param>
public sealed record IncidentState(
    IncidentSummary Incident,
    PlaybookInfo Playbook,
    long LastSeq,
    string HeadHash,
    IReadOnlyList<FactView> Facts,
    IReadOnlyList<StepView> Steps,
    IReadOnlyDictionary<string, IReadOnlyList<NextView>> Next,
    IReadOnlyList<AssetView> Assets,
    int AnomalyReports,
    int Notes,
    int ContactsLogged,
    int ReportsIssued,
    CommandView Command);

/// <summary>One event as stored: <see cref="Body"/> is the exact text its <see cref="Hash"/> covers.</summary>
public sealed record EventView(long Seq, string Type, DateTimeOffset At, string Hash, string Body);

/// <param name="Older">Pass as <c>before</c> for the page before this one; null on the first page.</param>
/// <param name="Newer">Pass as <c>after</c> for the page after this one; null on the latest page.</param>
public sealed record EventsPage(Guid IncidentId, long LastSeq, IReadOnlyList<EventView> Items, long? Older, long? Newer);

public sealed record AppendedEvent(long Seq, string Type, string Hash);

/// <param name="Replayed">True when the Idempotency-Key was seen before: nothing new was recorded.</param>
public sealed record CommandResult(Guid IncidentId, int Number, long LastSeq, string HeadHash, bool Replayed, IReadOnlyList<AppendedEvent> Appended);

/// <summary>Builds the API's views of an incident from its projection; never from its whole record.</summary>
public static class IncidentViews
{
    public static IncidentSummary Summary(Incident incident, Playbook playbook)
    {
        var snapshot = StepStates.Compute(playbook, incident.ReadProgress());
        return Summary(incident, snapshot);
    }

    public static IncidentSummary Summary(Incident incident, IncidentSnapshot snapshot)
    {
        var open = snapshot.Steps.Where(s => s.State.IsOpen()).ToList();
        int? phase = incident.Status == IncidentStatus.Closed ? null
            : open.Count > 0 ? open.Min(s => s.Step.Phase)
            : snapshot.Unsettled.Select(s => (int?)s.Step.Phase).Min();
        return new IncidentSummary(
            incident.Id, incident.Number, incident.Title, Wire.Name(incident.Status), incident.Outcome is { } o ? Wire.Name(o) : null,
            Wire.Name(incident.Source), incident.Drill, incident.OpenedAt.ToJst(), incident.UpdatedAt.ToJst(), incident.ClosedAt?.ToJst(),
            phase, open.Count, incident.LastSeq,
            incident.Outcome == IncidentOutcome.Merged ? incident.ReadProgress().MergedInto?.Number : null);
    }

    public static IncidentState State(Incident incident, LoadedPlaybook loaded)
    {
        var playbook = loaded.Playbook;
        var progress = incident.ReadProgress();
        var snapshot = StepStates.Compute(playbook, progress);

        var facts = playbook.Facts.Select(fact =>
        {
            var recorded = progress.Facts.GetValueOrDefault(fact.Id);
            var answer = snapshot.Answer(fact.Id);
            var valueTitle = recorded is null ? null : fact.FindValue(recorded.Value)?.Title;
            return new FactView(fact.Id.Value, TextPair.From(fact.Title), Wire.Name(fact.Kind),
                recorded is not null ? "known" : answer.IsPending ? "pending" : "absent",
                recorded?.Value, valueTitle is null ? null : TextPair.From(valueTitle), recorded?.At.ToJst(), recorded?.By, recorded?.Revisions ?? 0);
        }).ToList();

        var steps = snapshot.Steps.Select(status => new StepView(
            status.Step.Id.Value,
            status.Step.Phase,
            TextPair.From(status.Step.Title),
            status.Step.Guideline,
            status.State.Id(),
            status.Step.Roles.Select(r => r.Id()).ToList(),
            status.Step.After.Select(s => s.Value).ToList(),
            status.WaitingForSteps.Select(s => s.Value).ToList(),
            status.WaitingForFacts.Select(f => f.Value).ToList(),
            status.Step.Asks.Select(f => f.Value).ToList(),
            status.Step.Records.Select(f => f.Value).ToList(),
            status.MissingFacts.Select(f => f.Value).ToList(),
            status.Step.Actions.Select(a => new ActionView(a.Id, a.Role.Id(), TextPair.From(a.Text),
                status.Progress.ActionsDone.GetValueOrDefault(a.Id) is { } done
                    ? new DoneView(done.Seq, done.At.ToJst(), done.By, done.Role.Id(), done.For?.Id())
                    : null)).ToList(),
            status.Progress.Resolution is { } r
                ? new ResolutionView(Wire.Name(r.Kind), r.Seq, r.At.ToJst(), r.By, r.Role.Id(), r.Reason)
                : null)).ToList();

        var next = Roles.All.ToDictionary(
            r => r.Id(),
            r => (IReadOnlyList<NextView>)snapshot.NextFor(r).Select(n => new NextView(n.Step.Value, Wire.Name(n.Kind), n.Action, n.Fact?.Value)).ToList());

        return new IncidentState(
            Summary(incident, snapshot),
            new PlaybookInfo(loaded.PlaybookId, loaded.Version, loaded.Sha256, TextPair.From(playbook.Title)),
            incident.LastSeq,
            incident.HeadHash,
            facts,
            steps,
            next,
            progress.Assets.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new AssetView(a.Key, Wire.Name(a.Value))).ToList(),
            progress.AnomalyReports,
            progress.Notes,
            progress.ContactsLogged,
            progress.ReportsIssued,
            new CommandView(AppointmentView.Of(progress.Commander), AppointmentView.Of(progress.Scribe)));
    }

    public static EventView Event(IncidentEventRow row) => new(row.Seq, row.Type, row.At.ToJst(), row.Hash, row.Body);

    public static CommandResult Result(CommandOutcome.Appended appended) => new(
        appended.IncidentId,
        appended.Number,
        appended.LastSeq,
        appended.HeadHash,
        appended.Replayed,
        appended.Events.Select(e => new AppendedEvent(e.Seq, e.Type, e.Hash)).ToList());
}
