using System.Globalization;
using System.Net.Mail;
using Sonae.Core.Playbooks;

namespace Sonae.Core.Notices;

/// <summary>How the connection to the mail server is protected.</summary>
public enum MailSecurity
{
    /// <summary>Plain SMTP (a relay inside the hospital's network that offers nothing else).</summary>
    None,

    /// <summary>Plain at first, then upgraded with STARTTLS (usually port 587); refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    Tls,
}

/// <summary>What a webhook receives: Sonae's own JSON, or what a Slack or Microsoft Teams incoming webhook accepts.</summary>
public enum WebhookFormat
{
    /// <summary>Sonae's own plain payload (docs/notices.md), for a hospital's own system.</summary>
    Json,

    /// <summary>A Slack incoming webhook's message: <c>text</c> and blocks with a button to the link.</summary>
    Slack,

    /// <summary>A Microsoft Teams incoming webhook's (or Workflows webhook's) message with an Adaptive Card.</summary>
    Teams,
}

/// <summary>A hospital's mail server, as Sonae sends through it (the password is kept apart, protected).</summary>
/// <param name="Host">Its host name or IP address.</param>
/// <param name="Port">Its port (25, 587, 465 …).</param>
/// <param name="Security">How the connection is protected.</param>
/// <param name="User">The user to sign in as; null to send without signing in.</param>
/// <param name="FromAddress">The address messages come from.</param>
/// <param name="FromName">The name shown with it (「備え 安全管理」); null for none.</param>
public sealed record MailServer(string Host, int Port, MailSecurity Security, string? User, string FromAddress, string? FromName);

/// <summary>One of a hospital's webhooks.</summary>
/// <param name="Id">Its id, which the outbox names as a message's target (<c>wh-…</c>), kept when it is edited.</param>
/// <param name="Name">What people call it (「情報システム課の Teams」).</param>
/// <param name="Format">What it receives.</param>
/// <param name="Url">Where it is posted (http or https).</param>
public sealed record Webhook(string Id, string Name, WebhookFormat Format, string Url);

/// <summary>A hospital's channels as typed (a page form or the API), before <see cref="ChannelRules.Read"/> checks them.</summary>
/// <param name="Mail">The mail server's fields; null or all blank for none.</param>
/// <param name="Webhooks">The webhooks.</param>
public sealed record ChannelSettingsInput(MailServerInput? Mail, IReadOnlyList<WebhookInput> Webhooks);

/// <summary>The mail server's fields as typed.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">The port as typed.</param>
/// <param name="Security"><c>none</c>, <c>starttls</c> or <c>tls</c>.</param>
/// <param name="User">The user name, if the server asks for one.</param>
/// <param name="HasPassword">Whether a password is given or kept (it needs a user).</param>
/// <param name="FromAddress">The sender's address.</param>
/// <param name="FromName">The sender's name.</param>
public sealed record MailServerInput(string? Host, string? Port, string? Security, string? User, bool HasPassword, string? FromAddress, string? FromName)
{
    /// <summary>Whether nothing was typed: no mail server.</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Host) && string.IsNullOrWhiteSpace(FromAddress) && string.IsNullOrWhiteSpace(User);
}

/// <summary>A webhook's fields as typed.</summary>
/// <param name="Id">Its id when it exists already; null or blank for a new one.</param>
/// <param name="Name">Its name.</param>
/// <param name="Format"><c>json</c>, <c>slack</c> or <c>teams</c>.</param>
/// <param name="Url">Its address.</param>
public sealed record WebhookInput(string? Id, string? Name, string? Format, string? Url);

/// <summary>A problem with a typed setting, at its field (<c>mail.port</c>, <c>webhooks[1].url</c>), in both languages.</summary>
/// <param name="Field">The field, as the API names it.</param>
/// <param name="Code">What is wrong, for programs (<c>out-of-range</c>, <c>not-http</c>).</param>
/// <param name="Message">What is wrong, for people.</param>
public sealed record ChannelProblem(string Field, string Code, LocalizedText Message);

/// <summary>
/// What a hospital's channel settings must be before Sonae keeps them: a mail server Sonae can reach (a host name,
/// a port from 1 to 65535, a known protection, a sender's address that is an address), webhooks with a name, a known
/// format and an http or https address. Every problem is named at its field, so the page keeps what was typed and
/// says what to change.
/// </summary>
public static class ChannelRules
{
    /// <summary>The most webhooks a hospital keeps.</summary>
    public const int MaxWebhooks = 20;

    /// <summary>The longest webhook address kept.</summary>
    public const int MaxUrlLength = 2000;

    /// <summary>The longest name (a webhook's, the sender's) and user name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The wire name of a protection.</summary>
    public static string Id(this MailSecurity security) => security switch
    {
        MailSecurity.None => "none",
        MailSecurity.StartTls => "starttls",
        MailSecurity.Tls => "tls",
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };

    /// <summary>The wire name of a format.</summary>
    public static string Id(this WebhookFormat format) => format switch
    {
        WebhookFormat.Json => "json",
        WebhookFormat.Slack => "slack",
        WebhookFormat.Teams => "teams",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The protection named <paramref name="text"/> (its wire name, any case), if any.</summary>
    public static bool TryParseSecurity(string? text, out MailSecurity security) =>
        WireNames.TryParse(Enum.GetValues<MailSecurity>(), Id, text?.Trim().ToLowerInvariant(), out security);

    /// <summary>The format named <paramref name="text"/> (its wire name, any case), if any.</summary>
    public static bool TryParseFormat(string? text, out WebhookFormat format) =>
        WireNames.TryParse(Enum.GetValues<WebhookFormat>(), Id, text?.Trim().ToLowerInvariant(), out format);

    /// <summary>Whether <paramref name="text"/> is one plain e-mail address (<c>someone@hospital.example.jp</c>), without a name around it.</summary>
    public static bool IsMailAddress(string? text)
    {
        var trimmed = text?.Trim();
        return !string.IsNullOrEmpty(trimmed) && trimmed.Length <= 254 && !TextRules.HasUnfitCharacters(trimmed)
            && MailAddress.TryCreate(trimmed, out var address) && string.Equals(address.Address, trimmed, StringComparison.Ordinal)
            && address.Host.Length > 0 && !trimmed.Any(char.IsWhiteSpace);
    }

    /// <summary>Whether <paramref name="text"/> is an absolute http or https address with a host.</summary>
    public static bool IsWebAddress(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    /// <summary>
    /// The settings <paramref name="input"/> stands for, with the ids <paramref name="newId"/> makes for new webhooks;
    /// or every problem that keeps them from being kept (then the settings are null).
    /// </summary>
    public static (ChannelSettings? Settings, IReadOnlyList<ChannelProblem> Problems) Read(ChannelSettingsInput input, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(newId);
        var problems = new List<ChannelProblem>();
        var mail = input.Mail is { IsBlank: false } typed ? ReadMail(typed, problems) : null;
        if (input.Webhooks.Count > MaxWebhooks)
            problems.Add(Problem("webhooks", "too-many", "Channel_too_many_webhooks", MaxWebhooks));
        var webhooks = new List<Webhook>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < input.Webhooks.Count; i++)
        {
            if (ReadWebhook(input.Webhooks[i], $"webhooks[{i.ToString(CultureInfo.InvariantCulture)}]", newId, problems) is { } webhook)
            {
                if (ids.Add(webhook.Id))
                    webhooks.Add(webhook);
                else
                    problems.Add(Problem($"webhooks[{i.ToString(CultureInfo.InvariantCulture)}].id", "duplicate", "Channel_webhook_id_duplicate", webhook.Id));
            }
        }
        return problems.Count > 0 ? (null, problems) : (new ChannelSettings(mail, webhooks), problems);
    }

    private static MailServer? ReadMail(MailServerInput input, List<ChannelProblem> problems)
    {
        var before = problems.Count;
        var host = input.Host?.Trim() ?? "";
        if (host.Length == 0)
            problems.Add(Problem("mail.host", "required", "Channel_host_required"));
        else if (host.Length > 253 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            problems.Add(Problem("mail.host", "not-a-host", "Channel_host_invalid", host));
        var portText = input.Port?.Trim() ?? "";
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            problems.Add(Problem("mail.port", "out-of-range", "Channel_port_invalid", portText));
        if (!TryParseSecurity(input.Security, out var security))
            problems.Add(Problem("mail.security", "unknown", "Channel_security_unknown", input.Security));
        var user = Optional(input.User, "mail.user", "Channel_field_user", MaxNameLength, problems);
        if (input.HasPassword && user is null)
            problems.Add(Problem("mail.password", "needs-user", "Channel_password_without_user"));
        var from = input.FromAddress?.Trim() ?? "";
        if (from.Length == 0)
            problems.Add(Problem("mail.fromAddress", "required", "Channel_from_required"));
        else if (!IsMailAddress(from))
            problems.Add(Problem("mail.fromAddress", "not-an-address", "Channel_address_invalid", from));
        var fromName = Optional(input.FromName, "mail.fromName", "Channel_field_from_name", MaxNameLength, problems);
        return problems.Count > before ? null : new MailServer(host, port, security, user, from, fromName);
    }

    private static Webhook? ReadWebhook(WebhookInput input, string at, Func<string> newId, List<ChannelProblem> problems)
    {
        var before = problems.Count;
        var id = string.IsNullOrWhiteSpace(input.Id) ? newId() : input.Id.Trim();
        if (id.Length > 40 || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            problems.Add(Problem($"{at}.id", "invalid-id", "Channel_webhook_id_invalid", id));
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
            problems.Add(Problem($"{at}.name", "required", "Channel_webhook_name_required"));
        else
            Optional(name, $"{at}.name", "Channel_field_webhook_name", MaxNameLength, problems);
        if (!TryParseFormat(input.Format, out var format))
            problems.Add(Problem($"{at}.format", "unknown", "Channel_webhook_format_unknown", input.Format));
        var url = input.Url?.Trim() ?? "";
        if (url.Length == 0)
            problems.Add(Problem($"{at}.url", "required", "Channel_webhook_url_required"));
        else if (url.Length > MaxUrlLength)
            problems.Add(Problem($"{at}.url", "too-long", "Channel_too_long", Label("Channel_field_url"), MaxUrlLength));
        else if (!IsWebAddress(url) || TextRules.HasUnfitCharacters(url))
            problems.Add(Problem($"{at}.url", "not-http", "Channel_webhook_url_invalid", url));
        return problems.Count > before ? null : new Webhook(id, name, format, url);
    }

    /// <summary>A trimmed optional one-line text, null when blank; a problem when too long or holding what no text may.</summary>
    private static string? Optional(string? value, string field, string label, int limit, List<ChannelProblem> problems)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
            return null;
        if (text.Length > limit)
            problems.Add(Problem(field, "too-long", "Channel_too_long", Label(label), limit));
        else if (TextRules.HasUnfitCharacters(text) || text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
            problems.Add(Problem(field, "control-characters", "Channel_unfit_characters", Label(label)));
        return text;
    }

    /// <summary>A field's name in both languages, for a message that names it.</summary>
    private static LocalizedText Label(string key) => Bilingual.Format(ChannelTexts.ResourceManager, key);

    private static ChannelProblem Problem(string field, string code, string key, params object?[] args)
    {
        // A label named in the message is said in the message's own language.
        var ja = args.Select(a => a is LocalizedText text ? text.Ja : a).ToArray();
        var en = args.Select(a => a is LocalizedText text ? text.En : a).ToArray();
        return new ChannelProblem(field, code, new LocalizedText(
            string.Format(Bilingual.Japanese, ChannelTexts.ResourceManager.GetString(key, Bilingual.Japanese)!, ja),
            string.Format(Bilingual.English, ChannelTexts.ResourceManager.GetString(key, Bilingual.English)!, en)));
    }
}

/// <summary>A hospital's channels as kept: its mail server (null for none) and its webhooks.</summary>
/// <param name="Mail">The mail server; null when e-mail is not set up.</param>
/// <param name="Webhooks">The webhooks, in the order the page lists them.</param>
public sealed record ChannelSettings(MailServer? Mail, IReadOnlyList<Webhook> Webhooks)
{
    /// <summary>No mail server and no webhook.</summary>
    public static ChannelSettings None { get; } = new(null, []);

    /// <summary>The webhook with this id, if the hospital has it.</summary>
    public Webhook? WebhookById(string id) => Webhooks.FirstOrDefault(w => string.Equals(w.Id, id, StringComparison.Ordinal));
}
