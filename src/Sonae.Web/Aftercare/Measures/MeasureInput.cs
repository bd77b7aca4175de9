using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Core;
using Sonae.Core.Aftercare.Measures;
using Sonae.Web.Localization;
using Sonae.Web.Problems;
using Sonae.Web.Resources;

namespace Sonae.Web.Aftercare.Measures;

/// <summary>Reading what callers send to the measures' API and forms: days, texts and names, each refused with its own words.</summary>
internal static class MeasureInput
{
    /// <summary>Reads a day written <c>2027-03-31</c>; a problem naming <paramref name="field"/> when it is missing or not one.</summary>
    public static ProblemHttpResult? Day(string field, string? value, out DateOnly day, bool required = true)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(value))
            return required ? ProblemResults.Field(field, ProblemResults.Format(ProblemTexts.FieldRequired, Texts.Field(field))) : null;
        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
            ? null
            : ProblemResults.Field(field, ProblemResults.Format(ProblemTexts.MeasureDayFormat, Texts.Field(field), value.Length > 40 ? value[..40] : value));
    }

    /// <summary>A day that must not be after <paramref name="today"/> (a check or a training session already held).</summary>
    public static ProblemHttpResult? PastDay(string field, string? value, DateOnly today, out DateOnly day) =>
        Day(field, value, out day) ?? (day > today ? ProblemResults.Field(field, ProblemResults.Format(ProblemTexts.FieldInTheFuture, Texts.Field(field))) : null);

    /// <summary>Checks a text field (length, characters; blank is missing).</summary>
    public static ProblemHttpResult? Text(string field, string? value, int limit, bool required = false) =>
        TextRules.Check(field, value, limit, required) is { } refused ? ProblemResults.Field(refused) : null;

    /// <summary>The text as kept: trimmed, null when blank.</summary>
    public static string? Kept(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static ProblemHttpResult NotFound(string id) =>
        ProblemResults.Create(StatusCodes.Status404NotFound, "measure-not-found", ProblemResults.NotFoundText(id, ProblemTexts.MeasureNotFound, ProblemTexts.MeasureNotFoundUnnamed));

    public static ProblemHttpResult InstructionNotFound(string id) =>
        ProblemResults.Create(StatusCodes.Status404NotFound, "instruction-not-found", ProblemResults.NotFoundText(id, ProblemTexts.InstructionNotFound, ProblemTexts.InstructionNotFoundUnnamed));

    /// <summary>The version an edit was made on is missing: an edit must say which version it read.</summary>
    public static ProblemHttpResult VersionRequired() => ProblemResults.Field("version", ProblemResults.Format(ProblemTexts.FieldRequired, Texts.Field("version")));

    /// <summary>A measure changed since the editor read it (409 <c>measure-changed</c>): who changed it, when, and its version now.</summary>
    public static ProblemHttpResult MeasureChanged(int number, string by, DateTimeOffset at, int version) =>
        ProblemResults.Create(StatusCodes.Status409Conflict, "measure-changed", ProblemResults.Format(ProblemTexts.MeasureChanged, number, by, Texts.Time(at), version));

    /// <summary>An instruction changed since the editor read it (409 <c>instruction-changed</c>).</summary>
    public static ProblemHttpResult InstructionChanged(int number, string by, DateTimeOffset at, int version) =>
        ProblemResults.Create(StatusCodes.Status409Conflict, "instruction-changed", ProblemResults.Format(ProblemTexts.InstructionChanged, number, by, Texts.Time(at), version));

    /// <summary>An ended instruction cannot be changed, ended again or given a link (409 <c>instruction-ended</c>).</summary>
    public static ProblemHttpResult InstructionEnded(int number, string by, DateTimeOffset at) =>
        ProblemResults.Create(StatusCodes.Status409Conflict, "instruction-ended", ProblemResults.Format(ProblemTexts.InstructionEnded, number, by, Texts.Time(at)));

    /// <summary>The words of a refused status change.</summary>
    public static ProblemHttpResult StatusRefused(MeasureRefusal refusal, MeasureStatus from, MeasureStatus to) => refusal switch
    {
        MeasureRefusal.AlreadyThere => ProblemResults.Create(StatusCodes.Status409Conflict, "measure-status-unchanged",
            ProblemResults.Format(ProblemTexts.MeasureStatusUnchanged, MeasureTexts.Status(to))),
        MeasureRefusal.NotAllowed => ProblemResults.Create(StatusCodes.Status409Conflict, "measure-status-not-allowed",
            ProblemResults.Format(ProblemTexts.MeasureStatusNotAllowed, MeasureTexts.Status(from), MeasureTexts.Status(to),
                MeasureRules.Next(from) is { Count: > 0 } next ? string.Join(ProblemTexts.ListSeparator, next.Select(MeasureTexts.Status)) : ProblemTexts.MeasureStatusNone)),
        MeasureRefusal.ReasonRequired => ProblemResults.Field("reason", ProblemTexts.MeasureDropReasonRequired),
    };
}

/// <summary>The measures' words that depend on a value: a status's name, a check's result.</summary>
public static class MeasureTexts
{
    public static string Status(MeasureStatus status) => status switch
    {
        MeasureStatus.Proposed => UiTexts.MeasureStatusProposed,
        MeasureStatus.Approved => UiTexts.MeasureStatusApproved,
        MeasureStatus.InProgress => UiTexts.MeasureStatusInProgress,
        MeasureStatus.Done => UiTexts.MeasureStatusDone,
        MeasureStatus.Dropped => UiTexts.MeasureStatusDropped,
    };

    public static string Status(string id) => MeasureRules.TryParse(id, out var status) ? Status(status) : id;

    public static string Result(string? result) => result switch
    {
        CheckResults.Complies => UiTexts.MeasureCheckComplies,
        CheckResults.DoesNotComply => UiTexts.MeasureCheckDoesNotComply,
        _ => "—",
    };

    public static string Yen(long? yen) => yen is { } y ? string.Format(CultureInfo.CurrentCulture, UiTexts.MeasureYen, y) : "—";
}
