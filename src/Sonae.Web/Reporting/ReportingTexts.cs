using System.Globalization;
using Sonae.Core.Reporting;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Reporting;

/// <summary>The words of the reporting pages for the values of the reporting rules, in the page's language.</summary>
public static class ReportingTexts
{
    private static CultureInfo Culture => CultureInfo.CurrentUICulture;

    /// <summary>「第1号 要配慮個人情報」, "Case 1: sensitive data (medical records)".</summary>
    public static string Category(ReportingCategory category) => category switch
    {
        ReportingCategory.SensitiveData => UiTexts.CategorySensitiveData,
        ReportingCategory.FinancialHarm => UiTexts.CategoryFinancialHarm,
        ReportingCategory.UnlawfulPurpose => UiTexts.CategoryUnlawfulPurpose,
        ReportingCategory.OverThreshold => UiTexts.CategoryOverThreshold,
    };

    public static string CategoryHelp(ReportingCategory category) => category switch
    {
        ReportingCategory.SensitiveData => UiTexts.CategorySensitiveDataHelp,
        ReportingCategory.FinancialHarm => UiTexts.CategoryFinancialHarmHelp,
        ReportingCategory.UnlawfulPurpose => UiTexts.CategoryUnlawfulPurposeHelp,
        ReportingCategory.OverThreshold => UiTexts.CategoryOverThresholdHelp,
    };

    public static string Need(ReportingNeed need) => need switch
    {
        ReportingNeed.NotRaised => UiTexts.NeedNotRaised,
        ReportingNeed.AnswerNeeded => UiTexts.NeedAnswerNeeded,
        ReportingNeed.Required => UiTexts.NeedRequired,
        ReportingNeed.NotRequired => UiTexts.NeedNotRequired,
    };

    public static string Basis(Awareness awareness) => awareness.Basis switch
    {
        AwarenessBasis.Opened => UiTexts.AwareOpened,
        AwarenessBasis.Reported => UiTexts.AwareReported,
        AwarenessBasis.NoticedSince => UiTexts.AwareNoticedSince,
        AwarenessBasis.SetByManagement => string.Format(Culture, UiTexts.AwareSetByManagement, awareness.Reason),
    };

    /// <summary>
    /// The words for issuing <paramref name="template"/>: 「提出」 for a report that goes to an authority, 「発行」 for the
    /// hospital's own documents (the first text is the filing one, the second the issuing one).
    /// </summary>
    public static string Issuing(ReportTemplate? template, string filed, string issued) => template is { GoesToAuthority: true } ? filed : issued;

    /// <summary>「知った日から 3 日以内(知った日は数えず翌日から数える)」, "3 days from awareness (counted from the next day)".</summary>
    public static string Rules(ReportingRules rules) => string.Format(Culture, UiTexts.RulesLine, rules.PreliminaryDays,
        rules.Count == DayCount.IncludingFirstDay ? UiTexts.RulesCountFirstDay : UiTexts.RulesCountNextDay);

    /// <summary>「3 日(初日不算入)」, "3 days (first day not counted)": the rules in a line of history.</summary>
    public static string RulesShort(ReportingRules rules) => string.Format(Culture, UiTexts.RulesShort, rules.PreliminaryDays,
        rules.Count == DayCount.IncludingFirstDay ? UiTexts.RulesFirstDayCounted : UiTexts.RulesFirstDayNotCounted);

    public static string ClockName(ReportKind report) => report == ReportKind.PrivacyFinal ? UiTexts.ClockFinal : UiTexts.ClockPreliminary;

    /// <summary>
    /// Where a clock stands, in words: 「あと 2日 5時間」, 「期限まで 23時間」, 「期限切れ(3時間超過)」, 「提出済み」, with
    /// dates in the reader's style (<paramref name="wareki"/>).
    /// </summary>
    public static string State(Clock clock, DateTimeOffset now, bool wareki = false) => clock.State switch
    {
        ClockState.Running or ClockState.Within48Hours or ClockState.Within24Hours => string.Format(Culture, UiTexts.ClockLeft, Span(clock.Due - now)),
        ClockState.Overdue => string.Format(Culture, UiTexts.ClockOverdue, Span(now - clock.Due)),
        ClockState.Done => string.Format(Culture, UiTexts.ClockDone, DateStyles.DateTime(clock.Done!.At, wareki)),
        ClockState.DoneLate => string.Format(Culture, UiTexts.ClockDoneLate, DateStyles.DateTime(clock.Done!.At, wareki)),
        ClockState.NotNeeded => UiTexts.ClockNotNeeded,
        _ => throw new ArgumentOutOfRangeException(nameof(clock), clock.State, null),
    };

    /// <summary>The CSS class of a clock: calm, warned at 48 and 24 hours, alarm when overdue.</summary>
    public static string Css(ClockState state) => state switch
    {
        ClockState.Running => "clock-running",
        ClockState.Within48Hours => "clock-48",
        ClockState.Within24Hours => "clock-24",
        ClockState.Overdue => "clock-overdue",
        ClockState.Done => "clock-done",
        ClockState.DoneLate => "clock-late",
        ClockState.NotNeeded => "clock-done",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>「2日 5時間」, "2 d 5 h"; under a day, hours and minutes.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
            span = TimeSpan.Zero;
        return span.TotalHours >= 24
            ? string.Format(Culture, UiTexts.SpanDaysHours, (int)span.TotalDays, span.Hours)
            : string.Format(Culture, UiTexts.SpanHoursMinutes, (int)span.TotalHours, span.Minutes);
    }

    public static string Format(ReportFormat format) => format switch
    {
        ReportFormat.Pdf => "PDF",
        ReportFormat.Docx => "Word (DOCX)",
        ReportFormat.Text => UiTexts.FormatText,
    };
}
