using System.Net;
using Sonae.Core.Access;
using Sonae.Core.Preparedness;
using Sonae.Web.Demo;
using Sonae.Web.Tests.Infrastructure;
using static Sonae.Web.Tests.Documents.PdfReading;

namespace Sonae.Web.Tests.Documents;

/// <summary>
/// The demo hospital's emergency binder and QR poster, made by the real Chromium into real PDFs: read back with
/// PdfPig for every number and every role card, checked with poppler for real embedded fonts, and rendered to PNG
/// (TestResults/documents/) for a person to look at.
/// </summary>
public sealed partial class BinderTests(DemoFactory factory) : IClassFixture<DemoFactory>
{

    private async Task<byte[]> Pdf(string path, Role role = Role.Staff)
    {
        var response = await factory.Client(DemoHospital.Keys[role]).GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task BinderPdf_DemoHospital_HasEveryNumberEveryRoleCardAndTheForms()
    {
        var pdf = await Pdf("/binder.pdf");
        var text = Text(pdf, out var pages);

        foreach (var person in DemoPreparedness.People.People)
        {
            AssertHas(text, person.Name);
            foreach (var channel in person.Channels)
                AssertHas(text, channel.Value, $"{person.Name}'s {channel.Kind} {channel.Value} is not in the binder");
        }
        foreach (var party in DemoPreparedness.Parties(new DateOnly(2026, 11, 24)).Parties)
        {
            AssertHas(text, party.Name);
            foreach (var channel in party.Channels)
                AssertHas(text, channel.Value, $"{party.Name}'s {channel.Value} is not in the binder");
        }
        foreach (var role in new[] { "経営層", "医療情報システム安全管理責任者", "医療従事者・一般のシステム利用者", "ベンダ・事業者" })
            AssertHas(text, $"役割ごとの行動カード: {role}");
        foreach (var heading in new[] { "緊急時対応バインダー", "緊急連絡網", "ネットワーク構成図", "対応フローチャート", "連絡記録", "異常メモ", "電子カルテ保守 VPN", "紙カルテ・紙伝票" })
            AssertHas(text, heading);
        AssertHas(text, "までに新しい版と差し替えてください");
        // The officer's card: at 2-1, a leak, a loss or damage of personal data is checked on every path, attack or not.
        AssertHas(text, "消えたり壊れたりしてバックアップなどの写しから戻せないデータがないかも確かめる(攻撃でなくても)", "the officer's card does not ask about lost or damaged data");
        AssertHas(text, "確認期限切れ");
        Assert.InRange(pages, 12, 40);

        var fonts = await Poppler("pdffonts", pdf);
        Assert.Contains("IPAexGothic", fonts, StringComparison.Ordinal);
        Assert.DoesNotContain("Type 3", fonts, StringComparison.Ordinal);
        await Pictures(pdf, "binder");
    }

    /// <summary>
    /// The flowchart is read on paper: a page per phase whose every word is at least 8 pt (poppler's word boxes, the
    /// footer apart); the cover names each key person's deputy; and no phone number is broken across two lines.
    /// </summary>
    [Fact]
    public async Task BinderPdf_FlowchartIsAtLeast8pt_CoverNamesTheDeputies_NumbersStayOnOneLine()
    {
        var pdf = await Pdf("/binder.pdf");
        var pages = Words(await PdfToText(pdf, "-bbox", "-q"));

        var first = pages.FindIndex(p => p.Words.Any(w => w.Text == "フェーズ"));
        Assert.True(first > 0, "no flowchart page");
        var last = pages.FindIndex(first, p => p.Words.Any(w => w.Text == "連絡記録")) - 1;
        var flowchart = pages[first..(last + 1)];
        Assert.Equal(4, flowchart.Count(p => p.Words.Any(w => w.Text == "フェーズ")));
        foreach (var page in flowchart)
        {
            // The footer (made by the printer in the bottom margin) is not the flowchart.
            var small = page.Words.Where(w => w.Bottom < page.Height - 40 && w.Height < 8).ToList();
            Assert.True(small.Count == 0, $"flowchart page {page.Number}: smaller than 8 pt: {string.Join(", ", small.Take(5).Select(w => $"{w.Text} ({w.Height:0.0} pt)"))}");
        }
        foreach (var step in new[] { "1-1", "2-12", "3-1" })
            Assert.Contains(flowchart.SelectMany(p => p.Words), w => w.Text == step);

        var cover = Plain(string.Concat(pages[0].Words.Select(w => w.Text)));
        AssertHas(cover, "主な役割と代理");
        var people = DemoPreparedness.People;
        foreach (var holder in people.People.Where(p => p.Roles.Contains(Role.Management) || p.Roles.Contains(Role.SecurityOfficer)))
        {
            AssertHas(cover, holder.Name);
            if (people.Find(holder.Deputy) is { } deputy)
                AssertHas(cover, deputy.Name, $"{holder.Name}'s deputy {deputy.Name} is not on the cover");
        }

        var lines = (await PdfToText(pdf, "-q")).Split('\n').Select(Plain).ToList();
        var numbers = people.People.SelectMany(p => p.Channels)
            .Concat(DemoPreparedness.Parties(new DateOnly(2026, 11, 24)).Parties.SelectMany(p => p.Channels))
            .Where(c => !c.Kind.NeedsNetwork()).Select(c => Plain(c.Value)).Distinct().ToList();
        Assert.NotEmpty(numbers);
        foreach (var number in numbers)
            Assert.True(lines.Any(l => l.Contains(number, StringComparison.Ordinal)), $"{number} is broken across lines (or missing)");
        foreach (var line in lines.Where(l => l.Length > 0))
            Assert.False(BrokenNumber().IsMatch(line), $"a line ends inside a number: {line}");
    }

    private sealed record Word(string Text, double Height, double Bottom);

    private sealed record PageWords(int Number, double Height, List<Word> Words);

    /// <summary>poppler's words with their boxes (pdftotext -bbox), page by page; a word's box is as tall as its font size.</summary>
    private static List<PageWords> Words(string xhtml)
    {
        var pages = new List<PageWords>();
        foreach (System.Text.RegularExpressions.Match page in PageElement().Matches(xhtml))
        {
            var words = WordElement().Matches(page.Groups[2].Value).Select(w => new Word(
                System.Net.WebUtility.HtmlDecode(w.Groups[3].Value),
                Number(w.Groups[2].Value) - Number(w.Groups[1].Value),
                Number(w.Groups[2].Value))).ToList();
            pages.Add(new PageWords(pages.Count + 1, Number(page.Groups[1].Value), words));
        }
        return pages;
    }

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex(@"<page width=""[0-9.]+"" height=""([0-9.]+)"">(.*?)</page>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex PageElement();

    [System.Text.RegularExpressions.GeneratedRegex(@"<word xMin=""[0-9.]+"" yMin=""([0-9.]+)"" xMax=""[0-9.]+"" yMax=""([0-9.]+)"">([^<]*)</word>")]
    private static partial System.Text.RegularExpressions.Regex WordElement();

    /// <summary>A line that ends inside a phone number: after a hyphen between digits, or after the line's kind (携帯, 院内PHS …).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\d-$|(PHS|携帯|内線|自宅|代表|直通)$")]
    private static partial System.Text.RegularExpressions.Regex BrokenNumber();

    [Fact]
    public async Task PosterPdf_IsOnePageWithTheReportAddressAndTheOfficersNumbers()
    {
        var pdf = await Pdf("/poster.pdf");
        var text = Text(pdf, out var pages);

        Assert.Equal(1, pages);
        AssertHas(text, "/report");
        AssertHas(text, "090-0000-2100");
        Assert.Contains("<svg", await factory.Client(DemoHospital.Keys[Role.Staff]).GetStringAsync("/poster"), StringComparison.Ordinal);
        await Pictures(pdf, "poster");
    }

    [Fact]
    public async Task BinderPage_InEnglish_IsThePrintPageWithItsPdfLink()
    {
        var html = await factory.Client(DemoHospital.Keys[Role.Management], "en").GetStringAsync("/binder");

        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("Emergency binder", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/binder.pdf\"", html, StringComparison.Ordinal);
        Assert.Contains("Phone the security officer: 田中 一郎 <span class=\"phone\">In-house PHS 2100</span> / <span class=\"phone\">Mobile 090-0000-2100</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binder_ForAVendor_IsForbidden()
    {
        var response = await factory.Client(DemoHospital.Keys[Role.Vendor]).GetAsync("/binder.pdf");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
