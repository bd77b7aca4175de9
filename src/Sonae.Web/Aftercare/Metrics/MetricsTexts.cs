using System.Globalization;
using Sonae.Core.Aftercare.Metrics;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Metrics;

/// <summary>The metrics' words in the reader's language: milestones, their states, durations.</summary>
public static class MetricsTexts
{
    /// <summary>A milestone's name in the reader's language: 「確認まで」.</summary>
    public static string Milestone(string milestone) => Milestone(milestone, CultureInfo.CurrentUICulture);

    /// <summary>A milestone's name in <paramref name="culture"/> (the files give it in Japanese whoever exports them); an unknown one as it is.</summary>
    public static string Milestone(string milestone, CultureInfo culture)
    {
        var key = milestone switch
        {
            Milestones.Confirmed => nameof(UiTexts.MetricsMilestoneConfirmed),
            Milestones.Contained => nameof(UiTexts.MetricsMilestoneContained),
            Milestones.ManagementInformed => nameof(UiTexts.MetricsMilestoneInformed),
            Milestones.Recovered => nameof(UiTexts.MetricsMilestoneRecovered),
            _ => null,
        };
        return key is null ? milestone : UiTexts.ResourceManager.GetString(key, culture) ?? milestone;
    }

    /// <summary>A milestone that was not reached, in words; null for one that was (its time says it).</summary>
    public static string? NotReached(MilestoneState state) => state switch
    {
        MilestoneState.Reached => null,
        MilestoneState.Skipped => UiTexts.MetricsSkipped,
        MilestoneState.NotReached => UiTexts.MetricsNotReached,
        MilestoneState.NotApplicable => UiTexts.MetricsNotApplicable,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a milestone state."),
    };

    /// <summary>A milestone's time, or why it has none.</summary>
    public static string Reached(MilestoneTime? time) =>
        time is null ? "—" : time.FromReport is { } from ? Durations.Took(from) : NotReached(time.State) ?? "—";

    /// <summary>A duration in words, or a dash when there is none.</summary>
    public static string Duration(TimeSpan? duration) => duration is { } d ? Durations.Took(d) : "—";

    /// <summary>Minutes with one decimal, as the files write them (the reader's spreadsheet does the rest).</summary>
    public static string Minutes(TimeSpan? duration) =>
        MetricsViews.Minutes(duration) is { } minutes ? minutes.ToString("0.0", CultureInfo.InvariantCulture) : "";
}
