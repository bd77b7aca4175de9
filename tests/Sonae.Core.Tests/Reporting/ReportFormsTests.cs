using Sonae.Core.Incidents;
using Sonae.Core.Playbooks;
using Sonae.Core.Preparedness;
using Sonae.Core.Reporting;
using Sonae.Core.Tests.Incidents;
using static Sonae.Core.Tests.Incidents.IncidentDriver;

namespace Sonae.Core.Tests.Reporting;

/// <summary>
/// What the authorities' forms ask for and the record now gives: the representative in the reporter heading, when
/// the breach happened beside when it was found, the ministry and the police in item 9 once they were told, and a
/// public announcement in place of the notice to the people affected as a choice with its reason.
/// </summary>
public sealed class ReportFormsTests
{
    private static readonly DateTimeOffset Aware = new(2026, 11, 24, 7, 20, 0, TimeSpan.FromHours(9));

    private static ReportContext Context() => new()
    {
        Bindings = BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings,
        Organization = "さくら病院",
        Address = "架空県さくら市1-1",
        Phone = "0000-00-0000",
        Representative = "理事長 山田 太郎",
        IncidentNumber = 7,
        IncidentTitle = "電子カルテ暗号化",
        Dates = DocumentDates.Western,
        Awareness = new Awareness(Aware, AwarenessBasis.NoticedSince),
    };

    private static IReadOnlyDictionary<string, string> Fill(ReportKind kind, ReportContext context) =>
        ReportDrafting.Fill(ReportTemplates.Get(kind), context);

    [Fact]
    public void Reporter_NamesTheOrganizationItsAddressAndItsRepresentative()
    {
        foreach (var kind in new[] { ReportKind.PrivacyPreliminary, ReportKind.PrivacyFinal })
            Assert.Equal("さくら病院\n架空県さくら市1-1\n代表者: 理事長 山田 太郎\n電話: 0000-00-0000", Fill(kind, Context())["reporter"]);
    }

    [Fact]
    public void Reporter_WithoutARepresentativeInTheProfile_SaysItIsMissing()
    {
        var reporter = Fill(ReportKind.PrivacyPreliminary, Context() with { Representative = null })["reporter"];

        Assert.Contains("代表者: (基本情報に未登録)", reporter, StringComparison.Ordinal);
    }

    [Fact]
    public void Overview_OfThePrivacyReports_GivesWhenItHappenedAndWhenItWasFound()
    {
        var known = Context() with { FactValues = new Dictionary<string, string> { ["breach-began"] = "2026年11月20日 深夜(推定、ログによる)" } };

        foreach (var kind in new[] { ReportKind.PrivacyPreliminary, ReportKind.PrivacyFinal })
        {
            var overview = Fill(kind, known)["overview"].Split('\n');
            Assert.Contains("発生日時: 2026年11月20日 深夜(推定、ログによる)", overview);
            Assert.Contains("発覚日時: 2026年11月24日 07:20", overview);
        }
        foreach (var kind in new[] { ReportKind.Ministry, ReportKind.Police })
            Assert.Contains("発生日時: 2026年11月20日 深夜(推定、ログによる)", Fill(kind, known)["overview"].Split('\n'));
    }

    [Fact]
    public void Overview_BeforeTheRecordSaysWhenItHappened_IsUnderInvestigationForTheCommissionOnly()
    {
        Assert.Contains($"発生日時: {ReportDrafting.UnderInvestigation}", Fill(ReportKind.PrivacyPreliminary, Context())["overview"].Split('\n'));
        Assert.DoesNotContain("発生日時", Fill(ReportKind.Ministry, Context())["overview"], StringComparison.Ordinal);
    }

    [Fact]
    public void Overview_OfAPlaybookThatBindsAnotherFact_ReadsThatFact()
    {
        var bindings = new PlaybookBindings(new Dictionary<string, StepId>(), new Dictionary<string, HeadingSources>(), [], null, [], occurredAt: new FactId("started"));
        var context = Context() with { Bindings = bindings, FactValues = new Dictionary<string, string> { ["started"] = "不明", ["breach-began"] = "読まれない" } };

        Assert.Contains("発生日時: 不明", Fill(ReportKind.PrivacyFinal, context)["overview"].Split('\n'));
    }

    [Fact]
    public void Item9_OfThePreliminaryReport_NamesTheMinistryAndThePoliceOnceTheyWereTold()
    {
        var told = Context() with
        {
            AuthoritiesTold =
            [
                new AuthorityTold(Authority.Ministry, Aware.AddHours(3), "「厚生労働省への報告」を提出(厚生労働省 医政局)"),
                new AuthorityTold(Authority.Police, Aware.AddDays(1), "連絡: 架空県警 サイバー犯罪相談窓口(電話、通話できた)"),
            ],
            ReportsIssued = ["2026年11月24日 09:00 被害状況報告 → 院長"],
        };

        var other = Fill(ReportKind.PrivacyPreliminary, told)["other"];

        Assert.Equal(
            "他の行政機関等への報告・届出:\n" +
            "・厚生労働省: 2026年11月24日 10:20 「厚生労働省への報告」を提出(厚生労働省 医政局)\n" +
            "・警察: 2026年11月25日 07:20 連絡: 架空県警 サイバー犯罪相談窓口(電話、通話できた)", other);
        Assert.Contains("・警察:", Fill(ReportKind.NoticeToIndividuals, told)["other"], StringComparison.Ordinal);
        // Management's own reports are not the commission's business; the final incident report still lists them.
        Assert.Contains("被害状況報告", Fill(ReportKind.FinalIncidentReport, told)["reports"], StringComparison.Ordinal);
        Assert.False(Fill(ReportKind.PrivacyPreliminary, Context()).ContainsKey("other"));
    }

    [Fact]
    public void Authorities_AreTheCatalogueReports_AndContactsThatReachedThem_ByTheRecordsPartiesOrTheirUsualNames()
    {
        var parties = new ExternalPartyList(
        [
            new ExternalParty("kenchou", PartyKind.Prefecture, "架空県 医療政策課", null, [], new DateOnly(2027, 1, 1)),
            new ExternalParty("vendor", PartyKind.Vendor, "警察システム保守株式会社", null, [], new DateOnly(2027, 1, 1)),
        ]);

        Assert.Equal(Authority.Ministry, Authorities.OfReport("ministry", "院長", parties));
        Assert.Equal(Authority.Police, Authorities.OfReport("police", "", parties));
        Assert.Null(Authorities.OfReport("damage-status", "院長", parties));
        Assert.Equal(Authority.Ministry, Authorities.OfReport("厚労省への第一報", "厚労省 医政局", parties));
        Assert.Equal(Authority.LocalGovernment, Authorities.Named("架空県 医療政策課", parties));
        Assert.Equal(Authority.LocalGovernment, Authorities.Named("kenchou", parties));
        // The record's party is a vendor, whatever its name says.
        Assert.Null(Authorities.Named("警察システム保守株式会社", parties));
        Assert.Equal(Authority.Police, Authorities.Named("みなと警察署 生活安全課", parties));
        Assert.Null(Authorities.Named("電子カルテベンダ", parties));

        Assert.Equal(Authority.Police, Authorities.OfContact(new ContactLogged("架空県警", ContactChannel.Phone, ContactResult.Reached, null), parties));
        Assert.Equal(Authority.Ministry, Authorities.OfContact(new ContactLogged("厚生労働省", ContactChannel.Email, ContactResult.Sent, null), parties));
        Assert.Null(Authorities.OfContact(new ContactLogged("架空県警", ContactChannel.Phone, ContactResult.NoAnswer, null), parties));
        // The police calling the hospital is not the hospital's report to the police.
        Assert.Null(Authorities.OfContact(new ContactLogged("架空県警", ContactChannel.Phone, ContactResult.Reached, null, ContactDirection.Incoming), parties));
        Assert.Equal(Authority.Police, Authorities.OfContact(new ContactLogged("架空県警", ContactChannel.Phone, ContactResult.Reached, null, ContactDirection.Outgoing), parties));
    }

    [Fact]
    public void AnnouncementInsteadOfNotice_IsItems6And7OfTheFinalReport_WithItsReason_AndTheNoticeSaysItIsPublished()
    {
        var context = Context() with
        {
            IndividualNotice = new NoticeDecision(NoticeChoice.AnnounceInstead, "連絡先が分からない受診者が多数いるため"),
            LastIssued = new Dictionary<string, DateTimeOffset> { ["announcement"] = Aware.AddDays(10) },
        };

        var final = Fill(ReportKind.PrivacyFinal, context);
        var notice = Fill(ReportKind.NoticeToIndividuals, context);

        Assert.Equal(
            "本人への通知が困難であるため、公表により本人への通知に代える(個人情報保護法第26条第2項ただし書)。\n" +
            "通知が困難な理由: 連絡先が分からない受診者が多数いるため\n" +
            "2026年12月4日に公表を実施", final["response-to-individuals"]);
        Assert.Equal("本人への通知に代わる措置として公表する。\n2026年12月4日に公表を実施", final["publication"]);
        Assert.StartsWith("ご本人さまへ個別にお知らせすることが困難なため、このお知らせを公表することで", notice["other"], StringComparison.Ordinal);
    }

    [Fact]
    public void NoticeChoices_EachReadAsTheyWereChosen_InItems6And7()
    {
        static (string Individuals, string Publication) Items(NoticeDecision? decision)
        {
            var fields = Fill(ReportKind.PrivacyFinal, Context() with { IndividualNotice = decision });
            return (fields["response-to-individuals"], fields["publication"]);
        }

        Assert.Equal(("本人へ個別に通知する。\n本人への通知: 未実施(準備中)", "未実施"), Items(new NoticeDecision(NoticeChoice.Notify)));
        Assert.Equal(("本人へ個別に通知し、あわせて公表する。\n本人への通知: 未実施(準備中)\n公表: 未実施(準備中)", "本人への通知とあわせて公表する。\n未実施(準備中)"),
            Items(new NoticeDecision(NoticeChoice.Both)));
        Assert.Equal(("未実施(通知の方法を検討中)", "未実施"), Items(new NoticeDecision(NoticeChoice.NotYet)));
        Assert.Equal(("未実施(準備中)", "未実施"), Items(null));
        Assert.DoesNotContain("公表することで", Fill(ReportKind.NoticeToIndividuals, Context() with { IndividualNotice = new NoticeDecision(NoticeChoice.Both) }).GetValueOrDefault("other") ?? "", StringComparison.Ordinal);
    }

    /// <summary>A leak found without an attack: 4-3 opens after 2-1, where management chooses how the people are told.</summary>
    private static IncidentDriver AtPrivacyReport()
    {
        var incident = OpenedByHand();
        incident.Complete(Officer, "1-1", "infection-signs", "no");
        incident.Complete(Officer, "1-3");
        incident.Complete(Officer, "1-4", "anomaly-confirmed", "yes");
        incident.Fact(Officer, "breach-began", "2026年11月20日頃(推定)");
        incident.Complete(Officer, "2-1", "cause", "vendor-work", "cyber-attack-signs", "no", "data-leak-suspected", "yes");
        // Open, and already in progress: it records the date 2-1 gave.
        Assert.Equal(StepState.InProgress, incident.State("4-3"));
        return incident;
    }

    [Fact]
    public void AnnouncementInsteadOfNotice_WithoutAReason_IsRefused_AndWithOneIsRecordedWithIt()
    {
        var incident = AtPrivacyReport();
        var notice = BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings.IndividualNotice!;
        var instead = notice.Values[NoticeChoice.AnnounceInstead];

        var refusal = Assert.IsType<FactNeedsReason>(incident.Refused(Director, new RecordFact(notice.Fact, instead, "  ")));
        Assert.Equal((notice.Fact, instead), (refusal.Fact, refusal.Value));

        var recorded = incident.Do(Director, new RecordFact(notice.Fact, instead, "連絡先が分からない受診者が多数いるため"));
        var fact = Assert.IsType<FactRecorded>(EventChain.Parse(Assert.Single(recorded).Body).Data);
        Assert.Equal("連絡先が分からない受診者が多数いるため", fact.Reason);
        Assert.Equal("2026年11月20日頃(推定)", incident.Progress.Facts[new FactId("breach-began")].Value);
    }

    [Fact]
    public void NoticeToEachPerson_NeedsNoReason()
    {
        var incident = AtPrivacyReport();
        var notice = BuiltInPlaybooks.MhlwIncidentFlowchart.Bindings.IndividualNotice!;

        var recorded = incident.Do(Director, new RecordFact(notice.Fact, notice.Values[NoticeChoice.Notify]));

        Assert.Null(Assert.IsType<FactRecorded>(EventChain.Parse(Assert.Single(recorded).Body).Data).Reason);
        // Changing to the announcement later is a revision, and its reason is the one the record keeps.
        Assert.IsType<FactNeedsReason>(incident.Refused(Director, new RecordFact(notice.Fact, notice.Values[NoticeChoice.AnnounceInstead])));
    }

    [Theory]
    [InlineData("架空県警 サイバー犯罪相談窓口", Authority.Police)]
    [InlineData("厚労省 医政局", Authority.Ministry)]
    [InlineData("みなと保健所", Authority.LocalGovernment)]
    [InlineData("東京警察病院 医事課", null)]
    [InlineData("県立中央病院 医務課", null)]
    [InlineData("システム保守ベンダ", null)]
    public void AFreeTextName_IsAnAuthorityByItsUsualName_ButAHospitalNamedAfterOneIsNot(string name, Authority? expected)
    {
        Assert.Equal(expected, Authorities.Named(name, ExternalPartyList.Empty));
    }
}
