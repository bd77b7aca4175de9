using System.Globalization;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Aftercare.Drills;
using Sonae.Core.Incidents;
using Sonae.Core.Notices;
using Sonae.Data.Aftercare.Drills;
using Sonae.Web.Access;
using Sonae.Web.Incidents;
using Sonae.Web.Notices;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Drills;

/// <param name="Scenario">The scenario's id in the library.</param>
/// <param name="Mode"><c>live</c> (injects arrive in Sonae) or <c>tabletop</c> (cards read at a table; nothing is sent).</param>
/// <param name="Participants"><c>account:…</c> or <c>person:…</c> of the people record: the only people its notices reach.</param>
/// <param name="Speed">Scenario minutes per minute, 1 to 60 (1 when not given).</param>
public sealed record StartDrillRequest(string? Scenario, string? Mode, IReadOnlyList<string>? Participants, double? Speed);

/// <summary>
/// Starts a drill: opens its incident with <c>Drill</c> set and its run (scenario, mode, participants, facilitator,
/// clock) in one transaction, then, for a live drill, tells the participants — and only them — that it has begun,
/// marked as a drill. The round (<see cref="DrillRound"/>) delivers its injects from then on.
/// </summary>
public sealed class StartDrill(OpenIncident open, NoticeAudiences audiences, SendNotice send, LoadDrills load)
{
    public const int MaxParticipants = 200;

    public abstract record Outcome;

    public sealed record Started(DrillDetail Drill) : Outcome;

    /// <summary>A field is wrong: nothing was opened.</summary>
    public sealed record Invalid(string Field, string Code, string Detail) : Outcome;

    public sealed record Failed(CommandOutcome Outcome) : Outcome;

    /// <param name="tell">False to send the participants nothing (the demo's past drill, whose notice would arrive today).</param>
    public async Task<Outcome> Run(Caller caller, StartDrillRequest request, string? requestId, CancellationToken cancellationToken, bool tell = true)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (ScenarioLibrary.Find(request.Scenario?.Trim()) is not { } scenario)
            return new Invalid("scenario", "drill-scenario-unknown", Format(UiTexts.DrillScenarioUnknown, request.Scenario ?? "",
                string.Join(", ", ScenarioLibrary.BuiltIn.Select(s => s.Id))));
        var mode = DrillMode.Live;
        if (!string.IsNullOrWhiteSpace(request.Mode) && !DrillNames.TryParseMode(request.Mode.Trim(), out mode))
            return new Invalid("mode", "drill-mode-unknown", Format(UiTexts.DrillModeUnknown, request.Mode));
        var speed = request.Speed ?? 1;
        if (!(speed >= 1 && speed <= DrillClock.MaxSpeed))
            return new Invalid("speed", "drill-speed-out-of-range", Format(UiTexts.DrillSpeedOutOfRange, speed, DrillClock.MaxSpeed));
        var keys = (request.Participants ?? []).Select(k => k?.Trim()).OfType<string>().Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
            return new Invalid("participants", "drill-participants-required", UiTexts.DrillParticipantsRequired);
        if (keys.Count > MaxParticipants)
            return new Invalid("participants", "drill-participants-too-many", Format(UiTexts.DrillParticipantsTooMany, MaxParticipants));
        var source = await audiences.Load(cancellationToken);
        var participants = new List<DrillParticipant>(keys.Count);
        foreach (var key in keys)
        {
            var name = source.People.People.FirstOrDefault(p => Audiences.KeyOf(p) == key)?.Name
                ?? source.Accounts.FirstOrDefault(a => Audiences.KeyOf(a) == key)?.Name;
            if (name is null)
                return new Invalid("participants", "drill-participant-unknown", Format(UiTexts.DrillParticipantUnknown, key));
            participants.Add(new DrillParticipant(key, name));
        }
        var role = Permissions.ActingRole(caller.Actor, Operation.RunDrills) ?? Role.SecurityOfficer;
        var opened = await open.Run(caller, new NewIncident(scenario.Title.Ja, IncidentSource.Manual, scenario.Summary.Ja, Drill: true), null, requestId, cancellationToken,
            incident => new DrillRunRow
            {
                Id = Guid.CreateVersion7(incident.OpenedAt),
                OrganizationId = incident.OrganizationId,
                IncidentId = incident.Id,
                Number = incident.Number,
                ScenarioId = scenario.Id,
                Mode = mode.Id(),
                Speed = speed,
                Participants = DrillRun.WriteParticipants(participants),
                FacilitatorId = caller.Actor.Id,
                FacilitatorName = caller.Actor.Name,
                FacilitatorRole = role.Id(),
                StartedAt = incident.OpenedAt,
            });
        if (opened is not CommandOutcome.Appended appended)
            return new Failed(opened);
        var run = await load.OfIncident(appended.IncidentId, cancellationToken)
            ?? throw new InvalidOperationException("The drill's run was saved with its incident.");
        if (mode == DrillMode.Live && tell)
        {
            // The notice goes to the participants alone; SendNotice marks it as a drill and keeps it to them.
            var number = appended.Number.ToString(CultureInfo.InvariantCulture);
            var body = DrillRecord.Both(nameof(UiTexts.DrillStartNoticeBody), [scenario.Title.Ja, $"/incidents/{number}"], [scenario.Title.En, $"/incidents/{number}"]);
            await send.Run(caller, new SendNoticeRequest("ad-hoc", Bilingual.Format(UiTexts.ResourceManager, nameof(UiTexts.DrillStartNoticeTitle), scenario.Title.Ja).Ja,
                body, new AudienceRequest(false, [], [], [.. participants.Select(p => p.Key)]), number), $"drill-start:{appended.IncidentId:N}", cancellationToken);
        }
        return new Started(load.Detail(run));
    }

    private static string Format(string template, params object?[] args) => string.Format(CultureInfo.CurrentCulture, template, args);
}
