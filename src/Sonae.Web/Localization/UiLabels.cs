using System.Globalization;
using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Web.Resources;

namespace Sonae.Web.Localization;

/// <summary>How states, statuses and next steps are named on the pages: a word and a symbol, never colour alone.</summary>
public static class UiLabels
{
    public static string State(StepState state) => state switch
    {
        StepState.Locked => UiTexts.StateLocked,
        StepState.Available => UiTexts.StateAvailable,
        StepState.InProgress => UiTexts.StateInProgress,
        StepState.Done => UiTexts.StateDone,
        StepState.Skipped => UiTexts.StateSkipped,
        StepState.NotApplicable => UiTexts.StateNotApplicable,
    };

    public static string Symbol(StepState state) => state switch
    {
        StepState.Locked => "◌",
        StepState.Available => "○",
        StepState.InProgress => "◐",
        StepState.Done => "✓",
        StepState.Skipped => "↷",
        StepState.NotApplicable => "–",
    };

    public static string Status(IncidentStatus status, IncidentOutcome? outcome) => (status, outcome) switch
    {
        (IncidentStatus.Open, _) => UiTexts.StatusOpen,
        (IncidentStatus.Closed, IncidentOutcome.Resolved) => UiTexts.OutcomeResolved,
        (IncidentStatus.Closed, IncidentOutcome.FalseAlarm) => UiTexts.OutcomeFalseAlarm,
        (IncidentStatus.Closed, IncidentOutcome.ClosedEarly) => UiTexts.OutcomeClosedEarly,
        (IncidentStatus.Closed, IncidentOutcome.Merged) => UiTexts.OutcomeMerged,
        _ => UiTexts.StatusClosed,
    };

    /// <summary>What a next item asks of someone, in the playbook's words.</summary>
    public static string Next(NextItem item, Playbook playbook)
    {
        var culture = CultureInfo.CurrentUICulture;
        var step = playbook.Step(item.Step);
        return item.Kind switch
        {
            NextKind.DoAction => step.FindAction(item.Action!)!.Text.For(culture),
            NextKind.AnswerFact => string.Format(culture, UiTexts.NextAnswer, playbook.Fact(item.Fact!.Value).Question.For(culture)),
            NextKind.CompleteStep => UiTexts.NextComplete,
            NextKind.WaitingOnOthers => string.Format(culture, UiTexts.NextWaitingOnOthers, Texts.RoleList(step.Roles)),
            _ => throw new ArgumentOutOfRangeException(nameof(item), item.Kind, null),
        };
    }

    /// <summary>A role's short name, for the lanes of the flowchart (a lane is its role's, named as everywhere else).</summary>
    public static string Lane(Core.Access.Role role) => Core.Access.Roles.ShortName(role).For(CultureInfo.CurrentUICulture);

    public static string StepTitle(StepDefinition step) => $"{step.Id} {step.Title.For(CultureInfo.CurrentUICulture)}";

    public static string Phase(Playbook playbook, int phase) =>
        playbook.Phases.FirstOrDefault(p => p.Id == phase)?.Title.For(CultureInfo.CurrentUICulture) ?? phase.ToString(CultureInfo.InvariantCulture);

    /// <summary>How something was sent or said: 電話, FAX, 持参…</summary>
    public static string Channel(Core.Incidents.ContactChannel channel) =>
        Resources.UiTexts.ResourceManager.GetString($"Channel_{channel}", CultureInfo.CurrentUICulture) ?? channel.ToString();

    /// <summary>What came of a contact: 話せた, 応答なし…</summary>
    public static string Result(ContactResult result) => result switch
    {
        ContactResult.Reached => UiTexts.Result_Reached,
        ContactResult.NoAnswer => UiTexts.Result_NoAnswer,
        ContactResult.LeftMessage => UiTexts.Result_LeftMessage,
        ContactResult.Failed => UiTexts.Result_Failed,
        ContactResult.Sent => UiTexts.Result_Sent,
        ContactResult.WrongNumber => UiTexts.Result_WrongNumber,
    };

    /// <summary>Which way a contact went, short: こちらから, 相手から.</summary>
    public static string Direction(ContactDirection direction) => direction switch
    {
        ContactDirection.Outgoing => UiTexts.ContactsOutgoingShort,
        ContactDirection.Incoming => UiTexts.ContactsIncomingShort,
    };
}
