using Sonae.Core.Notices;

namespace Sonae.Core.Tests.Notices;

public sealed class ChannelRulesTests
{
    private static int _ids;

    private static readonly MailServerInput GoodMail = new("smtp.hospital.example.jp", "587", "starttls", "sonae", true, "sonae@hospital.example.jp", "備え 安全管理");

    private static (ChannelSettings? Settings, IReadOnlyList<ChannelProblem> Problems) Read(MailServerInput? mail, params WebhookInput[] webhooks) =>
        ChannelRules.Read(new ChannelSettingsInput(mail, webhooks), () => $"wh-new{++_ids}");

    [Fact]
    public void GoodSettings_AreKept_Trimmed_WithNewWebhooksGivenIds()
    {
        var (settings, problems) = Read(GoodMail with { Host = " smtp.hospital.example.jp " },
            new WebhookInput(null, " 情報システム課の Teams ", "Teams", "https://example.webhook.office.com/x"),
            new WebhookInput("wh-slack", "Slack", "slack", "https://hooks.slack.com/services/T/B/x"));
        Assert.Empty(problems);
        Assert.Equal(new MailServer("smtp.hospital.example.jp", 587, MailSecurity.StartTls, "sonae", "sonae@hospital.example.jp", "備え 安全管理"), settings!.Mail);
        Assert.StartsWith("wh-new", settings.Webhooks[0].Id, StringComparison.Ordinal);
        Assert.Equal("情報システム課の Teams", settings.Webhooks[0].Name);
        Assert.Equal(WebhookFormat.Teams, settings.Webhooks[0].Format);
        Assert.Equal("wh-slack", settings.Webhooks[1].Id);
        Assert.Same(settings.Webhooks[1], settings.WebhookById("wh-slack"));
    }

    [Fact]
    public void NothingTyped_IsNoMailServer()
    {
        var (settings, problems) = Read(new MailServerInput(" ", "587", "none", null, false, "", null));
        Assert.Empty(problems);
        Assert.Null(settings!.Mail);
        Assert.Empty(settings.Webhooks);
    }

    [Theory]
    [InlineData("0", "mail.port", "out-of-range")]
    [InlineData("65536", "mail.port", "out-of-range")]
    [InlineData("abc", "mail.port", "out-of-range")]
    [InlineData("-25", "mail.port", "out-of-range")]
    public void ABadPort_IsNamed(string port, string field, string code)
    {
        var (settings, problems) = Read(GoodMail with { Port = port });
        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.Equal((field, code), (problem.Field, problem.Code));
        Assert.Contains(port, problem.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("65535", problem.Message.En, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smtp://smtp.example.jp")]
    [InlineData("smtp.example.jp:587")]
    [InlineData("smtp example")]
    public void AHostThatIsNotAHost_IsRefused(string host)
    {
        var problem = Assert.Single(Read(GoodMail with { Host = host }).Problems);
        Assert.Equal(("mail.host", "not-a-host"), (problem.Field, problem.Code));
    }

    [Theory]
    [InlineData("sonae")]
    [InlineData("sonae@")]
    [InlineData("備え <sonae@hospital.example.jp>")]
    [InlineData("so nae@hospital.example.jp")]
    public void ASenderThatIsNotAnAddress_IsRefused(string from)
    {
        var problem = Assert.Single(Read(GoodMail with { FromAddress = from }).Problems);
        Assert.Equal(("mail.fromAddress", "not-an-address"), (problem.Field, problem.Code));
        Assert.Contains("sonae@hospital.example.jp", problem.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemOfOneForm_IsNamedAtOnce()
    {
        var (settings, problems) = Read(new MailServerInput("", "99999", "ssl", "", true, "x", "名前\n二行"),
            new WebhookInput(null, "", "discord", "ftp://files.example.jp/hook"),
            new WebhookInput("Bad Id", "ok", "json", "https://example.jp/hook"));
        Assert.Null(settings);
        Assert.Equal(
            ["mail.host", "mail.port", "mail.security", "mail.password", "mail.fromAddress", "mail.fromName", "webhooks[0].name", "webhooks[0].format", "webhooks[0].url", "webhooks[1].id"],
            problems.Select(p => p.Field));
        Assert.Contains("json、slack、teams", problems.Single(p => p.Field == "webhooks[0].format").Message.Ja, StringComparison.Ordinal);
        Assert.Contains("http://", problems.Single(p => p.Field == "webhooks[0].url").Message.En, StringComparison.Ordinal);
        Assert.Equal("送信者名に使えない文字（改行や制御文字）があります。", problems.Single(p => p.Field == "mail.fromName").Message.Ja);
    }

    [Fact]
    public void TwoWebhooksWithOneId_AndTooMany_AreRefused()
    {
        var twice = Read(null, new WebhookInput("wh-a", "a", "json", "https://a.example.jp"), new WebhookInput("wh-a", "b", "json", "https://b.example.jp")).Problems;
        Assert.Equal(("webhooks[1].id", "duplicate"), (Assert.Single(twice).Field, twice[0].Code));
        var many = Enumerable.Range(0, ChannelRules.MaxWebhooks + 1).Select(i => new WebhookInput(null, $"w{i}", "json", "https://example.jp/" + i)).ToArray();
        Assert.Equal("too-many", Assert.Single(Read(null, many).Problems).Code);
    }

    [Theory]
    [InlineData("sato@hospital.example.jp", true)]
    [InlineData("  sato@hospital.example.jp ", true)]
    [InlineData("sato", false)]
    [InlineData("佐藤 <sato@hospital.example.jp>", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AMailAddress_IsOnePlainAddress(string? text, bool expected) =>
        Assert.Equal(expected, ChannelRules.IsMailAddress(text));
}
