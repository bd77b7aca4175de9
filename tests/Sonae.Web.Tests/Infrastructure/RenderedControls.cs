using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>A field of a rendered form: an input, a textarea or a select, as the page drew it.</summary>
public sealed record RenderedField(string Element, IReadOnlyDictionary<string, string> Attributes, string Text, IReadOnlyList<IReadOnlyDictionary<string, string>> Options)
{
    public string? Name => Attributes.GetValueOrDefault("name");

    public string Type => Element == "input" ? Attributes.GetValueOrDefault("type", "text") : Element;

    public bool Has(string attribute) => Attributes.ContainsKey(attribute);
}

/// <summary>A submit button of a form: pressing it sends the form with its own name and value, if it has them.</summary>
public sealed record SubmitButton(IReadOnlyDictionary<string, string> Attributes, string Text);

/// <summary>A form as a page drew it: where it goes, how, its fields and its submit buttons.</summary>
public sealed record RenderedForm(string Method, string? Action, bool Multipart, IReadOnlyList<RenderedField> Fields, IReadOnlyList<SubmitButton> Buttons)
{
    /// <summary>
    /// What a browser would send when <paramref name="pressed"/> is pressed, with every field a person would have to
    /// fill filled (a radio group with nothing chosen gets its first choice, an empty text a short answer, a select its
    /// selected or first option), so that the command reaches the server's rules instead of stopping at "nothing chosen".
    /// </summary>
    public List<KeyValuePair<string, string>> Filled(SubmitButton pressed, DateTimeOffset now)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var group in Fields.Where(f => f.Name is not null && !f.Has("disabled")).GroupBy(f => (f.Name!, f.Type)))
        {
            var (name, type) = group.Key;
            switch (type)
            {
                case "submit" or "button" or "reset" or "image" or "file":
                    break;
                case "radio":
                    var chosen = group.FirstOrDefault(f => f.Has("checked")) ?? group.First();
                    fields.Add(new(name, chosen.Attributes.GetValueOrDefault("value", "on")));
                    break;
                case "checkbox":
                    fields.AddRange(group.Where(f => f.Has("checked")).Select(f => new KeyValuePair<string, string>(name, f.Attributes.GetValueOrDefault("value", "on"))));
                    break;
                case "select":
                    foreach (var select in group)
                    {
                        var option = select.Options.FirstOrDefault(o => o.ContainsKey("selected")) ?? (select.Options.Count > 0 ? select.Options[0] : null);
                        if (option is not null)
                            fields.Add(new(name, option.GetValueOrDefault("value", "")));
                    }
                    break;
                default:
                    foreach (var field in group)
                    {
                        var value = field.Element == "textarea" ? field.Text : field.Attributes.GetValueOrDefault("value", "");
                        fields.Add(new(name, value.Length > 0 || type == "hidden" || field.Has("readonly") ? value : Answer(field, now)));
                    }
                    break;
            }
        }
        if (pressed.Attributes.TryGetValue("name", out var buttonName))
            fields.Add(new(buttonName, pressed.Attributes.GetValueOrDefault("value", "")));
        return fields;
    }

    /// <summary>The file inputs a multipart form asks for.</summary>
    public IEnumerable<string> FileFields => Fields.Where(f => f.Type == "file" && f.Name is not null).Select(f => f.Name!);

    /// <summary>A plausible answer for an empty field, by what the field asks for.</summary>
    private static string Answer(RenderedField field, DateTimeOffset now) => field.Type switch
    {
        "datetime-local" => now.ToOffset(TimeSpan.FromHours(9)).AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        "date" => now.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "number" => "1",
        "email" => "matrix@example.jp",
        "tel" => "03-0000-0000",
        "url" => "https://example.jp/",
        "password" => "matrix-test-passphrase-2026",
        _ when field.Has("pattern") || field.Attributes.GetValueOrDefault("inputmode") == "numeric" => "1",
        _ => "マトリクス試験",
    };
}

/// <summary>A button outside any form: on a live page, it sends its command over the page's connection (<c>data-command</c> names it).</summary>
public sealed record LiveButton(IReadOnlyDictionary<string, string> Attributes, string Text)
{
    public string? Command => Attributes.GetValueOrDefault("data-command");

    public string? Data(string name) => Attributes.GetValueOrDefault("data-" + name);

    /// <summary>A button that only acts in the browser (print): it sends nothing.</summary>
    public bool BrowserOnly => Attributes.GetValueOrDefault("type") == "button";
}

/// <summary>
/// Reads the forms and buttons out of a page as Sonae renders it (Blazor's markup: attributes in double quotes,
/// forms never nested). Not a general HTML parser.
/// </summary>
public static partial class RenderedControls
{
    public static IReadOnlyList<RenderedForm> Forms(string html) =>
        [.. FormElement().Matches(html).Select(form =>
        {
            var attributes = Attributes(form.Groups["attrs"].Value);
            var body = form.Groups["body"].Value;
            var fields = new List<RenderedField>();
            var buttons = new List<SubmitButton>();
            foreach (Match control in Control().Matches(body))
            {
                var element = control.Groups["element"].Value;
                var own = Attributes(control.Groups["attrs"].Value);
                var text = WebUtility.HtmlDecode(control.Groups["text"].Value);
                if (element == "button")
                {
                    if (own.GetValueOrDefault("type", "submit") == "submit")
                        buttons.Add(new SubmitButton(own, text));
                    continue;
                }
                if (element == "input" && own.GetValueOrDefault("type") is "submit" or "image")
                {
                    buttons.Add(new SubmitButton(own, own.GetValueOrDefault("value", "")));
                    continue;
                }
                IReadOnlyList<IReadOnlyDictionary<string, string>> options = element == "select"
                    ? [.. OptionElement().Matches(control.Groups["text"].Value).Select(o => Attributes(o.Groups["attrs"].Value))]
                    : [];
                fields.Add(new RenderedField(element, own, text, options));
            }
            return new RenderedForm(attributes.GetValueOrDefault("method", "get").ToUpperInvariant(), attributes.GetValueOrDefault("action"),
                attributes.GetValueOrDefault("enctype") == "multipart/form-data", fields, buttons);
        })];

    /// <summary>Where the page's links lead (their href, decoded, without the fragment).</summary>
    public static IReadOnlyList<string> Links(string html) =>
        [.. LinkElement().Matches(html).Select(a => Attributes(a.Groups["attrs"].Value).GetValueOrDefault("href") ?? "")
            .Select(href => href.Split('#')[0]).Where(href => href.Length > 0).Distinct()];

    /// <summary>The buttons of the page outside its forms.</summary>
    public static IReadOnlyList<LiveButton> LiveButtons(string html) =>
        [.. ButtonElement().Matches(FormElement().Replace(html, "")).Select(b => new LiveButton(Attributes(b.Groups["attrs"].Value), WebUtility.HtmlDecode(b.Groups["text"].Value).Trim()))];

    private static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match attribute in Attribute().Matches(text))
            attributes.TryAdd(attribute.Groups["name"].Value.ToLowerInvariant(), WebUtility.HtmlDecode(attribute.Groups["value"].Value));
        return attributes;
    }

    [GeneratedRegex("""<form\b(?<attrs>[^>]*)>(?<body>.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex("""<(?<element>textarea|select|button)\b(?<attrs>[^>]*)>(?<text>.*?)</\k<element>>|<(?<element>input)\b(?<attrs>[^>]*)>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Control();

    [GeneratedRegex("""<button\b(?<attrs>[^>]*)>(?<text>.*?)</button>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ButtonElement();

    [GeneratedRegex("""<a\b(?<attrs>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex LinkElement();

    [GeneratedRegex("""<option\b(?<attrs>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex OptionElement();

    [GeneratedRegex("""(?<name>[^\s=/>"]+)(?:\s*=\s*"(?<value>[^"]*)")?""")]
    private static partial Regex Attribute();
}
