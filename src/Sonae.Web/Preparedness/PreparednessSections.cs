using System.Text.Json;
using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.Web.Preparedness;

/// <summary>
/// Each section of the preparedness record with its content type and the content it has before anyone saved one,
/// stored as JSON in the record's conventions (<see cref="RecordJson"/>).
/// </summary>
public static class PreparednessSections
{
    public static IReadOnlyList<PreparednessSection> All { get; } = Enum.GetValues<PreparednessSection>();

    /// <summary>The section's id in URLs and the API: <c>people</c>, <c>inventory</c>…</summary>
    public static string Id(this PreparednessSection section) => Labels.Id(section);

    public static bool TryParse(string? id, out PreparednessSection section)
    {
        section = All.FirstOrDefault(s => string.Equals(s.Id(), id, StringComparison.Ordinal));
        return string.Equals(section.Id(), id, StringComparison.Ordinal);
    }

    public static Type ContentType(this PreparednessSection section) => section switch
    {
        PreparednessSection.Profile => typeof(OrganizationProfile),
        PreparednessSection.People => typeof(PeopleDirectory),
        PreparednessSection.Parties => typeof(ExternalPartyList),
        PreparednessSection.Inventory => typeof(Inventory),
        PreparednessSection.Network => typeof(NetworkConfiguration),
        PreparednessSection.Drills => typeof(DrillLog),
    };

    /// <summary>What a section holds before its first save; the profile has none (readiness asks for it).</summary>
    public static object? Initial(this PreparednessSection section) => section switch
    {
        PreparednessSection.Profile => null,
        PreparednessSection.People => PeopleDirectory.Empty,
        PreparednessSection.Parties => ExternalPartyList.Empty,
        PreparednessSection.Inventory => Inventory.Empty,
        PreparednessSection.Network => NetworkConfiguration.Empty,
        PreparednessSection.Drills => DrillLog.Empty,
    };

    public static string Serialize(PreparednessSection section, object content) =>
        JsonSerializer.Serialize(content, section.ContentType(), RecordJson.Options);

    public static object Deserialize(PreparednessSection section, string json) =>
        JsonSerializer.Deserialize(json, section.ContentType(), RecordJson.Options)
        ?? throw new JsonException($"The {section.Id()} section is empty.");

    /// <summary>
    /// A section as a client sent it; a missing or non-object content is refused. Members left out are null, and
    /// <see cref="SectionValidation"/> names every one that must not be.
    /// </summary>
    public static object Deserialize(PreparednessSection section, JsonElement json) =>
        json.ValueKind == JsonValueKind.Object
            ? json.Deserialize(section.ContentType(), RecordJson.Options) ?? throw new JsonException($"The {section.Id()} section is empty.")
            : throw new JsonException($"The {section.Id()} section must be a JSON object.");
}
