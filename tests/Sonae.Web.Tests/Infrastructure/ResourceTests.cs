using System.Collections;
using System.Globalization;
using System.Resources;
using Sonae.Core.Playbooks;
using Sonae.Web.Resources;

namespace Sonae.Web.Tests.Infrastructure;

/// <summary>Every text people read exists in Japanese and in English, with the same placeholders.</summary>
public sealed class ResourceTests
{
    public static TheoryData<string> Resources() => [nameof(ProblemTexts), nameof(CliTexts), nameof(PlaybookTexts), nameof(UiTexts)];

    private static ResourceManager Manager(string name) => name switch
    {
        nameof(ProblemTexts) => ProblemTexts.ResourceManager,
        nameof(CliTexts) => CliTexts.ResourceManager,
        nameof(PlaybookTexts) => PlaybookTexts.ResourceManager,
        nameof(UiTexts) => UiTexts.ResourceManager,
        _ => throw new ArgumentException(name, nameof(name)),
    };

    private static Dictionary<string, string> Texts(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [Theory]
    [MemberData(nameof(Resources))]
    public void Resources_JapaneseAndEnglish_HaveTheSameKeysAndPlaceholders(string name)
    {
        var japanese = Texts(Manager(name), CultureInfo.InvariantCulture);
        var english = Texts(Manager(name), CultureInfo.GetCultureInfo("en"));

        Assert.Equal(japanese.Keys.Order(), english.Keys.Order());
        foreach (var (key, ja) in japanese)
        {
            Assert.False(string.IsNullOrWhiteSpace(ja), $"{name}.{key} is empty in Japanese");
            Assert.Equal(Placeholders(ja), Placeholders(english[key]));
        }
    }

    private static IEnumerable<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Distinct().Order();
}
