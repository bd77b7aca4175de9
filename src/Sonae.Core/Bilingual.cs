using System.Globalization;
using System.Resources;
using Sonae.Core.Playbooks;

namespace Sonae.Core;

/// <summary>Formats a text from a pair of resource files in both languages at once.</summary>
public static class Bilingual
{
    /// <summary>Japanese, the neutral language of every resource.</summary>
    public static CultureInfo Japanese { get; } = CultureInfo.GetCultureInfo("ja");

    /// <summary>English, the satellite language.</summary>
    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en");

    /// <summary>The resource <paramref name="key"/> in both languages, formatted with <paramref name="args"/>; a missing text throws, since it is a bug.</summary>
    public static LocalizedText Format(ResourceManager resources, string key, params object?[] args) =>
        new(FormatOne(resources, key, Japanese, args), FormatOne(resources, key, English, args));

    private static string FormatOne(ResourceManager resources, string key, CultureInfo culture, object?[] args)
    {
        var template = resources.GetString(key, culture)
            ?? throw new InvalidOperationException($"Text {key} is missing from {resources.BaseName} ({culture.Name}).");
        return args.Length == 0 ? template : string.Format(culture, template, args);
    }
}
