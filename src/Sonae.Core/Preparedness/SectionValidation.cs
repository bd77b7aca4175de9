using System.Collections;
using System.Reflection;
using System.Text.Json;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Preparedness;

/// <summary>Something that makes a section's content unusable, at its JSON path (<c>people[3].id</c>).</summary>
public sealed record ContentProblem(string Path, string Code, LocalizedText Message);

/// <summary>
/// What a section must satisfy to be saved: ids present and unique in their list, names filled in, references inside
/// the section pointing at something that exists. What is merely missing or stale is for readiness, not for this.
/// </summary>
public static class SectionValidation
{
    /// <summary>The longest representative (title and name) a profile keeps.</summary>
    public const int MaxRepresentativeLength = 100;

    /// <summary>Every problem that keeps the section's content from being saved; empty when it may be.</summary>
    /// <param name="content">The section's content.</param>
    /// <param name="today">Today in Japan, for dates that cannot lie ahead (a firmware update); null checks none.</param>
    public static IReadOnlyList<ContentProblem> Check(object content, DateOnly? today = null)
    {
        var problems = new List<ContentProblem>();
        // A client's JSON can leave out what a record cannot do without, or hold characters no text may keep (U+0000):
        // name each, before anything reads them.
        Unusable(content, "", problems, new NullabilityInfoContext());
        if (problems.Count > 0)
            return problems;
        switch (content)
        {
            case OrganizationProfile profile:
                Required(problems, "name", profile.Name);
                // One line of a report's heading: a title and a name, not a paragraph.
                if (profile.Representative?.Trim().Length > MaxRepresentativeLength)
                    problems.Add(Problem("representative", "too-long", MaxRepresentativeLength));
                else if (profile.Representative?.Trim().Contains('\n', StringComparison.Ordinal) == true)
                    problems.Add(Problem("representative", "one-line", null));
                if (profile.Beds is < 0 or > 10_000)
                    problems.Add(Problem("beds", "out-of-range", profile.Beds));
                if (profile.PreliminaryReportDays is < 3 or > 5)
                    problems.Add(Problem("preliminaryReportDays", "out-of-range", profile.PreliminaryReportDays));
                if (profile.ConfirmWithinMinutes is < 1 or > OrganizationProfile.MaxConfirmWithinMinutes)
                    problems.Add(Problem("confirmWithinMinutes", "out-of-range", profile.ConfirmWithinMinutes));
                if (profile.PageOfficerEveryMinutes is < 1 or > OrganizationProfile.MaxPageEveryMinutes)
                    problems.Add(Problem("pageOfficerEveryMinutes", "out-of-range", profile.PageOfficerEveryMinutes));
                if (profile.PageManagementEveryMinutes is < 1 or > OrganizationProfile.MaxPageEveryMinutes)
                    problems.Add(Problem("pageManagementEveryMinutes", "out-of-range", profile.PageManagementEveryMinutes));
                if (profile.UpdateEveryMinutes is < Incidents.StatusUpdates.MinEveryMinutes or > Incidents.StatusUpdates.MaxEveryMinutes)
                    problems.Add(Problem("updateEveryMinutes", "update-rhythm", profile.UpdateEveryMinutes));
                if (!Enum.IsDefined(profile.DocumentDates))
                    problems.Add(Problem("documentDates", "out-of-range", profile.DocumentDates));
                break;
            case PeopleDirectory people:
                Ids(problems, "people", people.People, p => p.Id, p => p.Name);
                Channels(problems, "people", people.People, p => p.Channels);
                break;
            case ExternalPartyList parties:
                Ids(problems, "parties", parties.Parties, p => p.Id, p => p.Name);
                Channels(problems, "parties", parties.Parties, p => p.Channels);
                break;
            case Inventory inventory:
                Ids(problems, "systems", inventory.Systems, s => s.Id, s => s.Name);
                Ids(problems, "assets", inventory.Assets, a => a.Id, a => a.Name);
                for (var i = 0; i < inventory.Assets.Count; i++)
                    CpeOf(problems, $"assets[{i}].cpe", inventory.Assets[i].Cpe);
                break;
            case NetworkConfiguration network:
                Ids(problems, "segments", network.Segments, s => s.Id, s => s.Name);
                Ids(problems, "lines", network.Lines, l => l.Id, l => l.Name);
                for (var i = 0; i < network.Links.Count; i++)
                {
                    foreach (var (end, id) in new[] { ("from", network.Links[i].From), ("to", network.Links[i].To) })
                    {
                        if (!network.HasSegment(id))
                            problems.Add(Problem($"links[{i}].{end}", "unknown-segment", id));
                    }
                }
                for (var i = 0; i < network.Lines.Count; i++)
                {
                    if (!network.HasSegment(network.Lines[i].Segment))
                        problems.Add(Problem($"lines[{i}].segment", "unknown-segment", network.Lines[i].Segment));
                    Appliance(problems, $"lines[{i}].", network.Lines[i], today);
                }
                break;
            case DrillLog drills:
                Ids(problems, "drills", drills.Drills, d => d.Id, d => d.Title);
                break;
            default:
                throw new ArgumentException($"{content.GetType().Name} is not a preparedness section.", nameof(content));
        }
        return problems;
    }

    /// <summary>
    /// Every member declared not null that is null, and every text with characters no text may keep
    /// (<see cref="TextRules.HasUnfitCharacters"/>), at its JSON path, through records and lists.
    /// </summary>
    private static void Unusable(object value, string path, List<ContentProblem> problems, NullabilityInfoContext nullability)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Computed members (no setter) are not data a client sends.
            if (property.PropertyType.IsValueType || property.GetIndexParameters().Length > 0 || property.SetMethod is null)
                continue;
            var member = path + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            switch (property.GetValue(value))
            {
                case null when nullability.Create(property).ReadState == NullabilityState.NotNull:
                    problems.Add(Problem(member, "required", null));
                    break;
                case string text:
                    Characters(problems, member, text);
                    break;
                case null:
                    break;
                case IEnumerable list:
                    var index = 0;
                    foreach (var item in list)
                    {
                        if (item is null)
                            problems.Add(Problem($"{member}[{index}]", "required", null));
                        else if (item is string text)
                            Characters(problems, $"{member}[{index}]", text);
                        else if (item.GetType().Namespace == typeof(SectionValidation).Namespace && !item.GetType().IsEnum)
                            Unusable(item, $"{member}[{index}].", problems, nullability);
                        index++;
                    }
                    break;
                case var record when record.GetType().Namespace == typeof(SectionValidation).Namespace:
                    Unusable(record, member + ".", problems, nullability);
                    break;
            }
        }
    }

    /// <summary>
    /// The appliance that terminates a line: a CPE an advisory can be matched against, an update that has happened,
    /// and an owner that is the hospital or the vendor.
    /// </summary>
    private static void Appliance(List<ContentProblem> problems, string path, ExternalLine line, DateOnly? today)
    {
        CpeOf(problems, path + "cpe", line.Cpe);
        if (today is { } day && line.LastFirmwareUpdate > day)
            problems.Add(Problem(path + "lastFirmwareUpdate", "future-date", line.LastFirmwareUpdate.Iso()));
        if (line.OwnedBy is { } owner && !Enum.IsDefined(owner))
            problems.Add(Problem(path + "ownedBy", "unknown-owner", owner));
    }

    /// <summary>A CPE name an advisory can be matched against, where one is given.</summary>
    private static void CpeOf(List<ContentProblem> problems, string member, string? cpe)
    {
        if (cpe is not null && !CpeName.IsWellFormed(cpe.Trim()))
            problems.Add(Problem(member, "bad-cpe", TextRules.Shorten(cpe, 81, "…")));
    }

    private static void Ids<T>(List<ContentProblem> problems, string list, IReadOnlyList<T> items, Func<T, string> id, Func<T, string> name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var value = id(items[i]);
            if (string.IsNullOrWhiteSpace(value))
                problems.Add(Problem($"{list}[{i}].id", "required", null));
            else if (!seen.Add(value))
                problems.Add(Problem($"{list}[{i}].id", "duplicate-id", value));
            Required(problems, $"{list}[{i}].name", name(items[i]));
        }
    }

    private static void Channels<T>(List<ContentProblem> problems, string list, IReadOnlyList<T> items, Func<T, IReadOnlyList<Channel>> channels)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var ofItem = channels(items[i]);
            for (var c = 0; c < ofItem.Count; c++)
                Required(problems, $"{list}[{i}].channels[{c}].value", ofItem[c].Value);
        }
    }

    private static void Characters(List<ContentProblem> problems, string path, string text)
    {
        if (TextRules.HasUnfitCharacters(text))
            problems.Add(Problem(path, "control-characters", null));
    }

    private static void Required(List<ContentProblem> problems, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            problems.Add(Problem(path, "required", null));
    }

    private static ContentProblem Problem(string path, string code, object? value) =>
        new(path, code, Bilingual.Format(PreparednessTexts.ResourceManager, $"Content_{code.Replace("-", "_", StringComparison.Ordinal)}", path, value));
}
