using System.Text;
using Sonae.Core.Aftercare.Checklists;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;

namespace Sonae.Core.Tests.Aftercare.Checklists;

public class FiscalYearTests
{
    [Theory]
    [InlineData("2025-04-01", 2025)]
    [InlineData("2026-03-31", 2025)]
    [InlineData("2026-01-15", 2025)]
    [InlineData("2025-03-31", 2024)]
    [InlineData("2025-12-31", 2025)]
    public void Of_Day_IsTheYearStartingThePreviousApril(string day, int expected) =>
        Assert.Equal(expected, FiscalYear.Of(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).StartYear);

    [Fact]
    public void Of_Instant_IsTakenInJapan_NotUtc()
    {
        // 2026-03-31 15:30 UTC is already 1 April 00:30 in Japan: the new fiscal year.
        Assert.Equal(2026, FiscalYear.Of(new DateTimeOffset(2026, 3, 31, 15, 30, 0, TimeSpan.Zero)).StartYear);
        Assert.Equal(2025, FiscalYear.Of(new DateTimeOffset(2026, 3, 31, 14, 59, 0, TimeSpan.Zero)).StartYear);
    }

    [Fact]
    public void Bounds_AreAprilFirstAndMarchThirtyFirst_BothIncluded()
    {
        var year = new FiscalYear(2025);
        Assert.Equal((new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31)), (year.First, year.Last));
        Assert.True(year.Contains(year.First));
        Assert.True(year.Contains(year.Last));
        Assert.False(year.Contains(new DateOnly(2025, 3, 31)));
        Assert.False(year.Contains(new DateOnly(2026, 4, 1)));
    }

    [Fact]
    public void Wareki_NamesTheEra() => Assert.Equal("令和7年度", new FiscalYear(2025).Wareki());

    [Theory]
    [InlineData("2025", true)]
    [InlineData("20255", false)]
    [InlineData("1999", false)]
    [InlineData("-2025", false)]
    [InlineData("R7", false)]
    [InlineData(null, false)]
    public void TryParse_AcceptsOnlyAStartYearInRange(string? text, bool ok) => Assert.Equal(ok, FiscalYear.TryParse(text, out _));

    [Fact]
    public void Constructor_RefusesAYearOutOfRange() =>
        Assert.Equal("startYear", Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalYear(1999)).ParamName);
}

public class ChecklistRulesTests
{
    private static readonly FiscalYear Year = new(2025);
    private static readonly DateOnly Today = new(2025, 10, 1);

    private static DateOnly D(string day) => DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Check_YesWithADayInTheYear_IsAccepted() => Assert.Null(ChecklistRules.Check(Year, true, D("2025-06-01"), null, Today));

    [Fact]
    public void Check_NoWithATargetInTheYear_IsAccepted() => Assert.Null(ChecklistRules.Check(Year, false, D("2025-06-01"), D("2026-03-31"), Today));

    [Theory]
    [InlineData(null, "2025-06-01", null, AnswerRefusal.NoAnswer)]
    [InlineData(true, null, null, AnswerRefusal.NoCheckDate)]
    [InlineData(true, "2025-10-02", null, AnswerRefusal.CheckDateFuture)]
    [InlineData(true, "2025-03-31", null, AnswerRefusal.CheckDateOutsideYear)]
    [InlineData(false, "2025-06-01", null, AnswerRefusal.NoTargetDate)]
    [InlineData(false, "2025-06-01", "2026-04-01", AnswerRefusal.TargetOutsideYear)]
    [InlineData(false, "2025-06-01", "2025-05-31", AnswerRefusal.TargetBeforeCheck)]
    [InlineData(true, "2025-06-01", "2025-12-01", AnswerRefusal.TargetWithYes)]
    public void Check_Refuses_WithTheReason(bool? yes, string? checkedOn, string? target, AnswerRefusal expected) =>
        Assert.Equal(expected, ChecklistRules.Check(Year, yes, checkedOn is null ? null : D(checkedOn), target is null ? null : D(target), Today));

    [Fact]
    public void Answer_KeepsTheFirstRoundsDayAndAnswer_WhenCheckedAgain()
    {
        var first = ChecklistRules.Answer(null, "bcp", false, D("2025-05-10"), D("2025-12-01"), "策定中");
        var again = ChecklistRules.Answer(first, "bcp", true, D("2025-12-01"), D("2025-12-01"), " 策定済み ");

        Assert.Equal((D("2025-05-10"), false), (first.FirstCheckedOn!.Value, first.FirstYes!.Value));
        Assert.Equal((true, D("2025-12-01"), D("2025-05-10"), false, null, "策定済み"),
            (again.Yes!.Value, again.CheckedOn!.Value, again.FirstCheckedOn!.Value, again.FirstYes!.Value, again.TargetOn, again.Note));
    }

    private static ChecklistItem Item(string id, string ja = "文言", ChecklistTarget target = ChecklistTarget.All) =>
        new(id, 2, "2-①", new LocalizedText(ja, "wording"), [ChecklistForm.Hospital], target, true, null);

    private static ChecklistAnswer Done(string id, bool yes, DateOnly? target = null) => new(id, yes, D("2025-06-01"), D("2025-06-01"), yes, target, null, null);

    [Fact]
    public void Progress_CountsCheckedItems_AndListsTheMissingAndOverdue()
    {
        IReadOnlyList<ChecklistItem> items = [Item("a"), Item("b"), Item("c"), Item("d")];
        var answers = new Dictionary<string, ChecklistAnswer>
        {
            ["a"] = Done("a", true),
            ["b"] = Done("b", false, D("2025-09-30")),
            ["c"] = new("c", true, null, null, null, null, null, 2024),
        };

        var progress = ChecklistRules.Progress(items, answers, Today);

        Assert.Equal((2, 4, false, false), (progress.Done, progress.Needed, progress.Complete, progress.NotStarted));
        Assert.Equal(["c", "d"], progress.Missing);
        Assert.Equal(["b"], progress.Overdue);
    }

    [Fact]
    public void Progress_NoMedicalSystems_LeavesEveryOtherItemUnneeded()
    {
        IReadOnlyList<ChecklistItem> items = [Item(ChecklistRules.HasSystemsItem), Item("a"), Item("b")];
        var progress = ChecklistRules.Progress(items, new Dictionary<string, ChecklistAnswer> { [ChecklistRules.HasSystemsItem] = Done(ChecklistRules.HasSystemsItem, false, D("2026-03-01")) }, Today);
        Assert.True(progress.Complete);
        Assert.Equal(1, progress.Needed);
    }

    [Fact]
    public void Progress_NothingAnswered_IsNotStarted() =>
        Assert.True(ChecklistRules.Progress([Item("a")], new Dictionary<string, ChecklistAnswer>(), Today).NotStarted);

    [Fact]
    public void CarryForward_TakesOnlyUnchangedItems_AndLeavesTheirDatesToThisYear()
    {
        IReadOnlyList<ChecklistItem> last = [Item("same"), Item("reworded", "古い文言"), Item("dropped"), Item("retarget", target: ChecklistTarget.Server)];
        IReadOnlyList<ChecklistItem> next = [Item("same"), Item("reworded", "新しい文言"), Item("added"), Item("retarget", target: ChecklistTarget.All)];
        var answers = new Dictionary<string, ChecklistAnswer>
        {
            ["same"] = Done("same", false, D("2025-12-01")) with { Note = "予算化済み" },
            ["reworded"] = Done("reworded", true),
            ["dropped"] = Done("dropped", true),
            ["retarget"] = Done("retarget", true),
        };

        var carried = Assert.Single(ChecklistRules.CarryForward(Year, last, answers, next));

        Assert.Equal(new ChecklistAnswer("same", false, null, null, null, null, "予算化済み", 2025), carried);
        Assert.False(carried.IsDone);
        var changes = ChecklistRules.Compare(last, next);
        Assert.Equal((ItemComparison.Same, ItemComparison.Changed, ItemComparison.New, ItemComparison.Changed),
            (changes["same"], changes["reworded"], changes["added"], changes["retarget"]));
    }

    [Fact]
    public void Apply_CorrectsOverTheShippedItem_AndAddsNewOnesAfterTheirSection()
    {
        var edition = ChecklistEditions.ShippedEdition("2025-05")!;
        var at = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var items = ChecklistRules.Apply(edition, [
            new("bcp", false, null, "3-④", null, null, null, "PDF と番号が違った", "山本", at),
            new("bcp", false, null, "3-③", null, null, null, "やはり③だった", "山本", at.AddHours(1)),
            new("local-rule", true, 1, "1-③", new LocalizedText("院内独自の項目", "Our own item"), [ChecklistForm.Hospital], ChecklistTarget.All, "院内規定", "山本", at),
        ]);

        var bcp = Assert.Single(items, i => i.Id == "bcp");
        Assert.Equal(("3-③", true, null), (bcp.Number, bcp.Verified, bcp.Source));
        Assert.Equal(edition.Item("bcp")!.Text, bcp.Text);
        var added = items.ToList().FindIndex(i => i.Id == "local-rule");
        Assert.Equal(1, items[added - 1].Section);
        Assert.Equal(2, items[added + 1].Section);
        Assert.Equal(edition.Items.Count + 1, items.Count);
    }
    private static readonly DateTimeOffset Corrected = new(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void WordingChanges_OnlyTheWordingOrTheTarget_NotTheNumberNorTheSameWordsAgain()
    {
        var edition = ChecklistEditions.ShippedEdition("2025-05")!;
        var shipped = edition.Item("bcp")!;
        var changes = ChecklistRules.WordingChanges(edition, [
            new("bcp", false, null, "3-④", null, null, null, "番号だけ", "山本", Corrected),
            new("bcp", false, null, null, new LocalizedText("新しい文言", "new wording"), null, null, "文言を直した", "山本", Corrected.AddHours(1)),
            new("bcp", false, null, null, new LocalizedText("新しい文言", "new wording, English only"), null, null, "英語だけ", "山本", Corrected.AddHours(2)),
            new("security-rules", false, null, null, null, null, shipped.Target == ChecklistTarget.Server ? ChecklistTarget.All : ChecklistTarget.Server, "対象", "山本", Corrected.AddHours(3)),
            new("local-rule", true, 1, "1-③", new LocalizedText("院内独自の項目", "Our own item"), [ChecklistForm.Hospital], ChecklistTarget.All, "院内規定", "山本", Corrected.AddHours(4)),
        ]);

        Assert.Equal([new WordingChange("bcp", Corrected.AddHours(1)), new WordingChange("security-rules", Corrected.AddHours(3))], changes);
    }

    [Fact]
    public void NeedsNewCheck_AnAnswerGivenBeforeTheWordingChanged_InAYearThatTookTheChange()
    {
        IReadOnlyList<WordingChange> changes = [new("bcp", Corrected)];
        var before = Corrected.AddDays(-1);

        Assert.True(ChecklistRules.NeedsNewCheck("bcp", before, 2025, null, changes));
        Assert.True(ChecklistRules.NeedsNewCheck("bcp", before, 2026, null, changes));
        Assert.False(ChecklistRules.NeedsNewCheck("bcp", Corrected.AddMinutes(1), 2025, null, changes)); // checked again since
        Assert.False(ChecklistRules.NeedsNewCheck("other", before, 2025, null, changes));
        Assert.False(ChecklistRules.NeedsNewCheck("bcp", before, 2024, null, changes)); // last year kept its wording
        Assert.False(ChecklistRules.NeedsNewCheck("bcp", before, 2025, Corrected.AddHours(-1), changes)); // handed back before
        Assert.False(ChecklistRules.NeedsNewCheck("bcp", null, 2025, null, changes)); // carried, not answered this year
    }

    [Fact]
    public void Progress_AnAnswerWhoseWordingChanged_IsNotDone_NorOverdue()
    {
        var answers = new Dictionary<string, ChecklistAnswer>
        {
            ["a"] = Done("a", true) with { WordingChanged = true },
            ["b"] = Done("b", false, D("2025-09-30")) with { WordingChanged = true },
        };

        var progress = ChecklistRules.Progress([Item("a"), Item("b")], answers, Today);

        Assert.Equal((0, 0), (progress.Done, progress.Overdue.Count));
        Assert.Equal(["a", "b"], progress.Missing);
        Assert.False(ChecklistRules.Answer(answers["a"], "a", true, D("2025-10-01"), null, null).WordingChanged);
    }

    [Fact]
    public void Findings_HospitalFormNotThere_PastTargets_AndVendorFormsNotBack()
    {
        var findings = ChecklistRules.Findings("令和7年度", [
            new(ChecklistForm.Vendor, 3, 3, 2, "港画像システム", "PACS", Returned: false),
            new(ChecklistForm.Vendor, 3, 3, 0, "電子カルテ社", "EHR", Returned: true),
        ]);

        Assert.Equal([
            new ReadinessFinding(FindingKind.ChecklistNotStarted, "", "令和7年度"),
            new ReadinessFinding(FindingKind.ChecklistTargetPassed, "2", "令和7年度 港画像システム / PACS"),
            new ReadinessFinding(FindingKind.ChecklistVendorNotReturned, "港画像システム / PACS", "令和7年度"),
        ], findings);
    }

    [Theory]
    [InlineData(0, 10, FindingKind.ChecklistNotStarted, "")]
    [InlineData(4, 10, FindingKind.ChecklistIncomplete, "4/10")]
    public void Findings_HospitalFormNotStartedOrIncomplete(int done, int needed, FindingKind kind, string subject) =>
        Assert.Equal([new ReadinessFinding(kind, subject, "令和7年度")],
            ChecklistRules.Findings("令和7年度", [new(ChecklistForm.Hospital, done, needed, 0, null, null, false)]));

    [Fact]
    public void Findings_ACompleteHospitalForm_IsNone() =>
        Assert.Empty(ChecklistRules.Findings("令和7年度", [new(ChecklistForm.Hospital, 10, 10, 0, null, null, false)]));

    [Fact]
    public void Findings_TheHospitalsPastTargets_NamedByTheYearAlone() =>
        Assert.Contains(new ReadinessFinding(FindingKind.ChecklistTargetPassed, "1", "令和7年度"),
            ChecklistRules.Findings("令和7年度", [new(ChecklistForm.Hospital, 10, 10, 1, null, null, false)]));
}

public class ChecklistEditionsTests
{
    [Fact]
    public void Shipped_HasBothEditions_WithTheirFormsAndSections()
    {
        Assert.Equal(["2024-05", "2025-05"], ChecklistEditions.Shipped.Select(e => e.Key));
        foreach (var edition in ChecklistEditions.Shipped)
        {
            Assert.NotEmpty(edition.On(ChecklistForm.Hospital));
            Assert.NotEmpty(edition.On(ChecklistForm.Vendor));
            Assert.Equal([0, 1, 2, 3], edition.Items.Select(i => i.Section).Distinct().Order());
            Assert.All(edition.Items.Where(i => !i.Verified), i => Assert.False(string.IsNullOrWhiteSpace(i.Source)));
            Assert.DoesNotContain(edition.On(ChecklistForm.Vendor), i => i.Id == ChecklistRules.HasSystemsItem);
        }
        var r7 = ChecklistEditions.ShippedEdition("2025-05")!;
        Assert.Equal("パスワードの使い回しを禁止している。", r7.Item("no-password-reuse")!.Text.Ja);
        Assert.Equal(2025, r7.FirstFiscalYear);
        Assert.Null(ChecklistEditions.ShippedEdition("2024-05")!.Item("no-password-reuse"));
    }

    private static ChecklistFileRead Read(string json) => ChecklistEditions.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Read_AGoodFile_GivesTheEdition()
    {
        var read = Read("""
            {"edition":"2026-05","titleJa":"令和8年度版","titleEn":"FY2026","published":"2026-05-01","firstFiscalYear":2026,"source":"PDF",
             "items":[{"id":"a","section":1,"number":"1-①","ja":"文言","en":"wording","forms":["hospital","vendor"],"target":"all","verified":true}]}
            """);
        Assert.Empty(read.Problems);
        Assert.Equal(("2026-05", 1), (read.Edition!.Key, read.Edition.Items.Count));
    }

    [Fact]
    public void Read_ABadFile_ListsEveryProblemByField_AndGivesNoEdition()
    {
        var read = Read("""
            {"edition":"2026/05","titleJa":"令和8年度版","published":"1 May","firstFiscalYear":1900,"source":"PDF",
             "items":[{"id":"A","section":7,"number":"1","ja":"x","en":"y","forms":["clinic"],"target":"printer","verified":false},
                      {"id":"b","section":1,"number":"1","ja":"x","en":"y","forms":["hospital"],"target":"all","verified":true},
                      {"id":"b","section":1,"number":"2","ja":"x","en":"y","forms":["hospital"],"target":"all","verified":true}]}
            """);
        Assert.Null(read.Edition);
        Assert.Equal(["edition", "titleEn", "published", "firstFiscalYear", "items[0].id", "items[0].section", "items[0].forms", "items[0].target", "items[0].source", "items[2].id"],
            read.Problems.Select(p => p.Where));
        Assert.Contains("items[0].target", read.Problems.Single(p => p.Where == "items[0].target").Text.Ja, StringComparison.Ordinal);
        Assert.Contains("printer", read.Problems.Single(p => p.Where == "items[0].target").Text.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotJson_SaysSo() =>
        Assert.Equal("", Assert.Single(Read("{ not json").Problems).Where);

    [Fact]
    public void Read_AFormWithNoItem_IsRefused()
    {
        var read = Read("""
            {"edition":"2026-05","titleJa":"a","titleEn":"b","published":"2026-05-01","firstFiscalYear":2026,"source":"PDF",
             "items":[{"id":"a","section":1,"number":"1","ja":"x","en":"y","forms":["hospital"],"target":"all","verified":true}]}
            """);
        Assert.Contains("vendor", Assert.Single(read.Problems).Text.En, StringComparison.Ordinal);
    }
}
