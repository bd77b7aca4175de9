using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sonae.Core;
using Sonae.Core.Notices;
using Sonae.Data.Notices;
using Sonae.Web.Access;
using Sonae.Web.Resources;

namespace Sonae.Web.Notices.Delivery;

/// <summary>What a test message came to: delivered, or why not.</summary>
public sealed record ChannelTest(DeliveryFailure? Failure)
{
    public bool Delivered => Failure is null;
}

/// <summary>
/// What the settings page and the API do to a hospital's channels: save them (checked by Core's
/// <see cref="ChannelRules"/>, every problem at its field), and send a test message through the mail server or a
/// webhook as they are kept, at once and outside the outbox, so that the person who pressed the button reads the
/// mail server's or the webhook's own answer right there.
/// </summary>
public sealed class ChannelChanges(ChannelSettingsStore store, OutboxSignal signal, IHttpClientFactory httpClients, IOptions<DeliveryOptions> options, TimeProvider clock)
{
    public abstract record Outcome;

    public sealed record Saved(ChannelsView View) : Outcome;

    public sealed record Invalid(IReadOnlyList<ChannelProblem> Problems) : Outcome;

    /// <summary>Checks and keeps the caller's hospital's channels; messages that waited for them are tried at once.</summary>
    public async Task<Outcome> Save(Caller caller, ChannelSettingsInput input, PasswordChange password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        // Only a password typed now needs a user beside it; a kept one is dropped when the user is cleared.
        var checkedInput = input with { Mail = input.Mail is { } mail ? mail with { HasPassword = password is PasswordChange.SetTo } : null };
        var (settings, problems) = ChannelRules.Read(checkedInput, NewWebhookId);
        if (settings is null)
            return new Invalid(problems);
        var view = await store.Save(caller.OrganizationId, settings, password, caller.Actor.Name, cancellationToken);
        signal.Wake();
        return new Saved(view);
    }

    /// <summary>Sends a test e-mail to <paramref name="to"/> through the kept mail server.</summary>
    public async Task<ChannelTest> TestMail(Guid organizationId, string to, CancellationToken cancellationToken)
    {
        var (settings, password) = await store.ForSending(organizationId, cancellationToken);
        await using var session = new MailSession(settings.Mail, password, options.Value.SendTimeout, clock);
        var message = new OutboxMessageRow
        {
            OrganizationId = organizationId, Channel = Lane.Email, Target = to.Trim(),
            Subject = TestSubject, Body = Both(nameof(UiTexts.ChannelTestBody), Now),
        };
        return new ChannelTest(await session.Send(message, $"{TestId(organizationId)}@sonae.outbox", cancellationToken));
    }

    /// <summary>Posts a test message to the kept webhook <paramref name="webhookId"/>; null when the hospital has no such webhook.</summary>
    public async Task<ChannelTest?> TestWebhook(Guid organizationId, string organizationName, string webhookId, string? link, CancellationToken cancellationToken)
    {
        var (settings, _) = await store.ForSending(organizationId, cancellationToken);
        if (settings.WebhookById(webhookId) is not { } webhook)
            return null;
        var message = new WebhookMessage(TestId(organizationId), organizationId, organizationName, "test", TestSubject,
            Both(nameof(UiTexts.ChannelTestBody), Now), link, null, clock.GetUtcNow());
        return new ChannelTest(await WebhookSession.Post(webhook, message, httpClients.CreateClient(OutboxDispatcher.HttpClientName), options.Value.SendTimeout, cancellationToken));
    }

    private static string TestSubject
    {
        get
        {
            var subject = Bilingual.Format(UiTexts.ResourceManager, nameof(UiTexts.ChannelTestSubject));
            return $"{subject.Ja} / {subject.En}";
        }
    }

    private string Now => clock.GetUtcNow().ToJst().ToString("yyyy-MM-dd HH:mm 'JST'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A text in Japanese, then in English: a test goes to whoever reads the channel, in either language.</summary>
    private static string Both(string key, params object[] args)
    {
        var text = Bilingual.Format(UiTexts.ResourceManager, key, args);
        return string.Equals(text.Ja, text.En, StringComparison.Ordinal) ? text.Ja : $"{text.Ja}\n\n{text.En}";
    }

    private static string TestId(Guid organizationId) => $"sonae-{organizationId:N}-test-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    private static string NewWebhookId() => "wh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
}
