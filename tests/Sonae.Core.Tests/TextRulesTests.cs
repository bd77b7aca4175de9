using Sonae.Core.Incidents;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests;

public sealed class TextRulesTests
{
    [Fact]
    public void Check_UnfitCharacter_IsRefused()
    {
        // Built here, not as test data: lone surrogates do not survive the test runner's serialization.
        foreach (var value in new[] { "a\u0000b", "\u0007", "a\u0085", "a\uFFFE", "\uD800", "a\uDC00b" })
        {
            Assert.True(TextRules.HasUnfitCharacters(value), value);
            Assert.Equal(new FieldRefused("name", FieldProblem.ControlCharacters), TextRules.Check("name", value, 100));
        }
    }

    [Theory]
    [InlineData("行1\n行2\r\n\t字下げ")]
    [InlineData("絵文字 😀")]
    [InlineData(null)]
    public void Check_LineBreaksTabsAndPairs_AreKept(string? value)
    {
        Assert.False(TextRules.HasUnfitCharacters(value));
        Assert.Null(TextRules.Check("name", value, 100));
    }

    [Fact]
    public void SectionValidation_UnfitCharacterInAnyText_IsNamedByItsPath()
    {
        var drills = new DrillLog([new Drill("d-1", "訓練", null, null, null, ["山田", "佐\u0000藤"], "所見\u0001", null)]);

        var problems = SectionValidation.Check(drills);

        Assert.Equal(["drills[0].findings", "drills[0].participants[1]"], problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.All(problems, p => Assert.Equal("control-characters", p.Code));
    }

    [Theory]
    [InlineData("あいう", 3, "", "あいう")]
    [InlineData("あいうえ", 3, "", "あいう")]
    [InlineData("あいうえ", 3, "…", "あい…")]
    [InlineData("ab𠮷c", 3, "", "ab")]
    [InlineData("ab𠮷c", 4, "…", "ab…")]
    public void Shorten_CutsToTheLimit_NeverBetweenTheHalvesOfASurrogatePair(string text, int limit, string ellipsis, string expected)
    {
        var shortened = TextRules.Shorten(text, limit, ellipsis);

        Assert.Equal(expected, shortened);
        Assert.False(TextRules.HasUnfitCharacters(shortened));
    }
}
