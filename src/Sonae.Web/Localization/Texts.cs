using System.Globalization;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Playbooks;
using Sonae.Web.Resources;

namespace Sonae.Web.Localization;

/// <summary>How steps, facts, roles, fields and times are named in what people read, in the request's language.</summary>
public sealed class Texts(Playbook playbook)
{
    private static CultureInfo Culture => CultureInfo.CurrentUICulture;

    private static bool English => string.Equals(Culture.TwoLetterISOLanguageName, "en", StringComparison.Ordinal);

    /// <summary>"1-4(医療情報システム安全管理責任者による確認)" or "1-4 (Security officer confirms)".</summary>
    public string Step(StepId id) => playbook.FindStep(id) is { } step
        ? English ? $"{id} ({step.Title.En})" : $"{id}({step.Title.Ja})"
        : id.Value;

    public string Steps(IEnumerable<StepId> ids) => string.Join(ProblemTexts.ListSeparator, ids.Select(Step));

    /// <summary>"「サイバー攻撃の兆候」(cyber-attack-signs)" or "“Signs of a cyber attack” (cyber-attack-signs)".</summary>
    public string Fact(FactId id) => playbook.FindFact(id) is { } fact
        ? English ? $"\"{fact.Title.En}\" ({id})" : $"「{fact.Title.Ja}」({id})"
        : id.Value;

    public string Facts(IEnumerable<FactId> ids) => string.Join(ProblemTexts.ListSeparator, ids.Select(Fact));

    public string Action(StepId step, string action) =>
        playbook.FindStep(step)?.FindAction(action)?.Text.For(Culture) ?? action;

    public static string Role(Role role) => role.Name().For(Culture);

    /// <summary>
    /// A person's name as the reader should see it. An organization's first keys are named after their role in
    /// Japanese (「ベンダー」, see <see cref="Access.CreateOrganization.DefaultKeyNames"/>): such a name is the role's
    /// short name in the reader's language; any other name is a person's or a key's own, shown as written.
    /// </summary>
    public static string PersonName(string name, IEnumerable<Role> roles)
    {
        foreach (var role in roles)
        {
            if (string.Equals(Access.CreateOrganization.DefaultKeyNames[role], name, StringComparison.Ordinal))
                return role.ShortName().For(Culture);
        }
        return name;
    }

    public static string RoleList(IEnumerable<Role> roles) => string.Join(ProblemTexts.ListSeparator, roles.Select(Role));

    /// <summary>A request field's name for people; the API name itself where no label is written.</summary>
    public static string Field(string field) => ProblemTexts.ResourceManager.GetString("Field_" + field, Culture)
        ?? Core.Reporting.ReportTemplates.All.SelectMany(t => t.Fields).FirstOrDefault(f => f.Id == field)?.Heading.For(Culture)
        ?? CategoryReason(field)
        ?? field;

    /// <summary>「理由(第1号 要配慮個人情報…)」 for <c>reason.sensitive-data</c>.</summary>
    private static string? CategoryReason(string field) =>
        field.StartsWith("reason.", StringComparison.Ordinal) && Wire.TryParse<Core.Reporting.ReportingCategory>(field["reason.".Length..], out var category)
            ? $"{Field("reason")}({Reporting.ReportingTexts.Category(category)})"
            : null;

    /// <summary>A time in Japan Standard Time: "2026年11月24日 14:03" or "24 Nov 2026 14:03 JST".</summary>
    public static string Time(DateTimeOffset time)
    {
        var jst = time.ToJst();
        return English
            ? jst.ToString("d MMM yyyy HH:mm 'JST'", CultureInfo.InvariantCulture)
            : jst.ToString("yyyy'年'M'月'd'日' HH:mm", CultureInfo.InvariantCulture);
    }
}
