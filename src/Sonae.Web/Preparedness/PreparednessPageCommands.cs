using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sonae.Web.Hosting;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;
using Sonae.Core.Reporting;
using Sonae.Web.Access;
using Sonae.Web.Cluster;
using Sonae.Web.Incidents;
using Sonae.Web.Resources;
using Sonae.Web.Components;

namespace Sonae.Web.Preparedness;

/// <summary>
/// The forms of the preparedness pages post here: importing a spreadsheet, marking an external party's numbers as
/// checked, marking the network diagram as reviewed, saving the profile, adding a drill. Each saves its section's
/// next version and goes back to the page with a one-time message (post, redirect, get). A rejected import's
/// problems are kept in memory for ten minutes under a random id, for the page to list them all.
/// </summary>
public static class PreparednessPageCommands
{
    public static IEndpointRouteBuilder MapPreparednessPageCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost("/preparedness/{section}/do", Do).RequireAuthorization(Core.Access.Operation.EditPreparedness).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    public static async Task<RedirectHttpResult> Do(
        string section, HttpContext context, LoadPreparedness load, SavePreparednessSection save, ImportLedger import, KeptValues keep)
    {
        // The form is read by hand (it may carry a file), so its antiforgery token is checked by hand too.
        if (await PageForms.RefuseExpired(context, "/preparedness") is { } expired)
            return expired;
        var back = $"/preparedness/{Uri.EscapeDataString(section)}";
        var caller = Caller.From(context.User);
        if (!PreparednessSections.TryParse(section, out var which))
            return PageForms.Back(context, "/preparedness", false, ProblemTexts.BadRequest);
        if (AccessPolicies.RefusalText(caller, Core.Access.Operation.EditPreparedness) is { } refused)
            return PageForms.Back(context, back, false, refused);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var by = caller.Actor.Name;
        var ct = context.RequestAborted;
        switch (form["kind"].FirstOrDefault())
        {
            case "import" when ImportLedger.TryParseKind(form["ledger"], out var ledger) && ImportLedger.SectionOf(ledger) == which:
                if (form.Files.GetFile("file") is not { Length: > 0 } upload)
                    return PageForms.Back(context, back, false, UiTexts.PreparednessChooseFile);
                if (upload.Length > LedgerFiles.MaxBytes)
                    return PageForms.Back(context, back, false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.TooLarge, LedgerFiles.MaxBytes));
                var format = upload.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? LedgerFormat.Csv : LedgerFormat.Xlsx;
                using (var buffer = new MemoryStream())
                {
                    await upload.CopyToAsync(buffer, ct);
                    var outcome = await import.Run(caller.OrganizationId, ledger, buffer.ToArray(), format, form["note"], by, ct);
                    switch (outcome)
                    {
                        case ImportLedger.Imported imported:
                            return PageForms.Back(context, back, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PreparednessImported, imported.Count, imported.Version));
                        case ImportLedger.Rejected rejected:
                            var id = await keep.KeepAsync(ProblemsKind, caller.OrganizationId, rejected.Problems, ct);
                            return PageForms.Back(context, $"{back}?problems={id}#import", false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.LedgerRejected, rejected.Problems.Count));
                        case ImportLedger.Unreadable:
                            return PageForms.Back(context, back, false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.LedgerUnreadable, format.Extension()));
                        case ImportLedger.Conflict conflict:
                            return PageForms.Back(context, back, false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.SectionConflict, conflict.Base, conflict.Current));
                    }
                    break;
                }
            case "verify-party" when which == PreparednessSection.Parties:
                if ((await load.Current(which, ct)).As<ExternalPartyList>().Find(form["party"]) is not { } checkedParty)
                    break;
                // A party with no number cannot have been called: checked means a number was tried.
                if (checkedParty.Channels.Count == 0)
                    return PageForms.Back(context, back, false, string.Format(CultureInfo.CurrentCulture, UiTexts.PartiesNoNumber, checkedParty.Name));
                return await Change<ExternalPartyList>(context, back, which, load, save, caller, form["note"], current => current.Checked(checkedParty.Id, load.Today));
            case "review-network" when which == PreparednessSection.Network:
                return await Change<NetworkConfiguration>(context, back, which, load, save, caller, form["note"], current => current with { ReviewedOn = load.Today });
            case "profile" when which == PreparednessSection.Profile:
                if (!Enum.TryParse<FacilityKind>(form["facility"], out var facility) || !Enum.TryParse<Operator>(form["operator"], out var @operator)
                    || !Enum.TryParse<DocumentDates>(form["dates"], out var dates) || !Enum.IsDefined(dates)
                    || !int.TryParse(form["preliminaryDays"], NumberStyles.None, CultureInfo.InvariantCulture, out var preliminaryDays))
                    break;
                int? beds = int.TryParse(form["beds"], NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;
                if (!string.IsNullOrWhiteSpace(form["beds"]) && beds is null)
                    return PageForms.Back(context, back, false, UiTexts.PreparednessBedsNotANumber);
                var confirmWithin = 10;
                if (!string.IsNullOrWhiteSpace(form["confirmWithin"])
                    && !int.TryParse(form["confirmWithin"], NumberStyles.None, CultureInfo.InvariantCulture, out confirmWithin))
                    return PageForms.Back(context, back, false, UiTexts.ProfileConfirmWithinNotANumber);
                var updateEvery = StatusUpdates.DefaultEveryMinutes;
                if (!string.IsNullOrWhiteSpace(form["updateEvery"])
                    && !int.TryParse(form["updateEvery"], NumberStyles.None, CultureInfo.InvariantCulture, out updateEvery))
                    return PageForms.Back(context, back, false, UiTexts.ProfileUpdateEveryNotANumber);
                if (Minutes(form["pageOfficerEvery"], 5) is not { } pageOfficer || Minutes(form["pageManagementEvery"], 10) is not { } pageManagement)
                    return PageForms.Back(context, back, false, UiTexts.ProfilePageEveryNotANumber);
                var profile = new OrganizationProfile(form["name"].ToString().Trim(), facility, beds, @operator, form["large"] == "true",
                    Blank(form["address"]), Blank(form["phone"]), dates, preliminaryDays, form["countFirstDay"] == "true", confirmWithin, Blank(form["representative"]),
                    pageOfficer, pageManagement, updateEvery);
                // The whole profile is replaced, so it must be replaced from the version the form showed.
                if (!int.TryParse(form["base"], NumberStyles.None, CultureInfo.InvariantCulture, out var shown))
                    break;
                return await save.Run(caller.OrganizationId, which, shown, profile, form["note"], by, ct) switch
                {
                    SavePreparednessSection.Saved saved => PageForms.Back(context, back, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PreparednessSaved, saved.Version)),
                    SavePreparednessSection.Conflict conflict => PageForms.Back(context, back, false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.SectionConflict, conflict.Base, conflict.Current)),
                    SavePreparednessSection.Invalid invalid => PageForms.Back(context, back, false, Problems(invalid, ProfileLabels)),
                    var other => throw new InvalidOperationException($"Unknown outcome {other.GetType().Name}."),
                };
            case "add-drill" when which == PreparednessSection.Drills:
                DateOnly? Day(string field) => DateOnly.TryParseExact(form[field], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
                var title = form["title"].ToString().Trim();
                if (title.Length == 0)
                    return PageForms.Back(context, back, false, UiTexts.PreparednessDrillTitleRequired);
                var drill = new Drill($"d-{Guid.NewGuid():N}"[..10], title, Blank(form["scenario"]), Day("planned"), Day("held"),
                    [.. form["participants"].ToString().Split(['、', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                    Blank(form["findings"]), Day("next"));
                // Pressing the button twice records the drill once.
                return await Change<DrillLog>(context, back, which, load, save, caller, form["note"], current =>
                    current.Drills.Any(d => d.Title == drill.Title && d.PlannedOn == drill.PlannedOn && d.HeldOn == drill.HeldOn) ? null : current with { Drills = [.. current.Drills, drill] });
        }
        return PageForms.Back(context, back, false, ProblemTexts.BadRequest);
    }

    private static string Problems(SavePreparednessSection.Invalid invalid) =>
        string.Join(" ", invalid.Problems.Select(p => p.Message.For(CultureInfo.CurrentUICulture)));

    /// <summary>
    /// The problems of a form whose fields have labels: each message names the field as the form does (「代表者: …」),
    /// not by its path in the record's JSON, which the API's clients read.
    /// </summary>
    private static string Problems(SavePreparednessSection.Invalid invalid, Dictionary<string, Func<string>> labels) =>
        string.Join(" ", invalid.Problems.Select(p => p.Message.For(CultureInfo.CurrentUICulture) is var message
            && labels.TryGetValue(p.Path, out var label) && message.StartsWith(p.Path + ":", StringComparison.Ordinal)
                ? label() + message[p.Path.Length..]
                : message));

    /// <summary>The profile form's fields by their path in the record.</summary>
    private static readonly Dictionary<string, Func<string>> ProfileLabels = new(StringComparer.Ordinal)
    {
        ["name"] = () => UiTexts.ProfileName,
        ["representative"] = () => UiTexts.ProfileRepresentative,
        ["address"] = () => UiTexts.ProfileAddress,
        ["mainPhone"] = () => UiTexts.ProfilePhone,
        ["beds"] = () => UiTexts.ProfileBeds,
        ["confirmWithinMinutes"] = () => UiTexts.ProfileConfirmWithin,
        ["pageOfficerEveryMinutes"] = () => UiTexts.ProfilePageOfficerEvery,
        ["pageManagementEveryMinutes"] = () => UiTexts.ProfilePageManagementEvery,
        ["updateEveryMinutes"] = () => UiTexts.ProfileUpdateEvery,
    };

    /// <summary>A whole number of minutes from a form field; its default when left empty, null when not a number.</summary>
    private static int? Minutes(string? text, int empty) =>
        string.IsNullOrWhiteSpace(text) ? empty : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ? minutes : null;

    /// <summary>The kind a rejected ledger's problems are kept under (<see cref="KeptValues"/>) for the page it goes back to.</summary>
    public const string ProblemsKind = "import-problems";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Saves the section's next version made from its current one; <paramref name="change"/> gives null when there is nothing to change.</summary>
    private static async Task<RedirectHttpResult> Change<T>(HttpContext context, string back, PreparednessSection section, LoadPreparedness load,
        SavePreparednessSection save, Caller caller, string? note, Func<T, T?> change) where T : class
    {
        var current = await load.Current(section, context.RequestAborted);
        var content = current.Content is T value ? change(value) : change(null!);
        if (content is null)
            return PageForms.Back(context, back, true, UiTexts.PreparednessNothingToChange);
        return await save.Run(caller.OrganizationId, section, current.Version, content, note, caller.Actor.Name, context.RequestAborted) switch
        {
            SavePreparednessSection.Saved saved => PageForms.Back(context, back, true, string.Format(CultureInfo.CurrentCulture, UiTexts.PreparednessSaved, saved.Version)),
            SavePreparednessSection.Conflict conflict => PageForms.Back(context, back, false, string.Format(CultureInfo.CurrentCulture, ProblemTexts.SectionConflict, conflict.Base, conflict.Current)),
            SavePreparednessSection.Invalid invalid => PageForms.Back(context, back, false, Problems(invalid)),
            var other => throw new InvalidOperationException($"Unknown outcome {other.GetType().Name}."),
        };
    }

}
