using System.Text.Json.Nodes;
using Sonae.Core;
using Sonae.Core.Notices;
using Sonae.Web.Localization;
using Sonae.Web.Resources;

namespace Sonae.Web.Notices.Delivery;

/// <summary>What a webhook is told: one message, with the stable id a receiver drops a repeat by.</summary>
/// <param name="Id">The delivery id (<see cref="DeliveryIds"/>), also sent as the <c>X-Sonae-Delivery</c> header.</param>
/// <param name="OrganizationId">The hospital.</param>
/// <param name="Organization">The hospital's name.</param>
/// <param name="Kind">The notice's kind (<c>page</c>, <c>stop-use</c> …), <c>message</c> when it belongs to no notice, <c>test</c> for the test button's.</param>
/// <param name="Title">The subject.</param>
/// <param name="Text">The text.</param>
/// <param name="Link">Where it leads (the notice, its acknowledgement), if anywhere.</param>
/// <param name="Incident">The number of the incident it is about, if any.</param>
/// <param name="SentAt">When this attempt was made.</param>
public sealed record WebhookMessage(string Id, Guid OrganizationId, string Organization, string Kind, string Title, string Text, string? Link, int? Incident, DateTimeOffset SentAt);

/// <summary>
/// The three bodies a webhook may receive (docs/notices.md has an example of each): Sonae's own plain JSON; what a
/// Slack incoming webhook accepts (<c>text</c>, shown in notifications, and blocks: a header, the text, a button to
/// the link); what a Microsoft Teams incoming webhook or Workflows webhook accepts (a <c>message</c> with one Adaptive
/// Card attachment: the title, the text, an <c>Action.OpenUrl</c> to the link). Slack's and Teams' limits are kept
/// (a header of 150 characters, a block of 3,000, a button's label of 75) by cutting the text, never by failing.
/// </summary>
public static class WebhookPayloads
{
    /// <summary>The body for <paramref name="format"/>.</summary>
    public static JsonObject For(WebhookFormat format, WebhookMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return format switch
        {
            WebhookFormat.Slack => Slack(message),
            WebhookFormat.Teams => Teams(message),
            _ => Plain(message),
        };
    }

    /// <summary>The button's label, in both languages: the channel is shared by people who read either.</summary>
    public static string OpenLabel =>
        $"{UiTexts.ResourceManager.GetString(nameof(UiTexts.WebhookOpen), Bilingual.Japanese)} / {UiTexts.ResourceManager.GetString(nameof(UiTexts.WebhookOpen), Bilingual.English)}";

    private static JsonObject Plain(WebhookMessage message)
    {
        var body = new JsonObject
        {
            ["id"] = message.Id,
            ["organization"] = new JsonObject { ["id"] = message.OrganizationId.ToString(), ["name"] = message.Organization },
            ["kind"] = message.Kind,
            ["title"] = message.Title,
            ["text"] = message.Text,
            ["link"] = message.Link,
        };
        if (message.Incident is { } incident)
            body["incident"] = incident;
        body["sentAt"] = CallerTimeJsonConverter.Format(message.SentAt);
        return body;
    }

    private static JsonObject Slack(WebhookMessage message)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(Cut(Title(message), 150)) },
        };
        if (message.Text.Trim().Length > 0)
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = PlainText(Cut(message.Text, 3000)) });
        if (message.Link is { } link)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray
                {
                    new JsonObject { ["type"] = "button", ["action_id"] = "open-in-sonae", ["text"] = PlainText(Cut(OpenLabel, 75)), ["url"] = link, ["style"] = "primary" },
                },
            });
        }
        // The text notifications and old clients show; Slack reads &, < and > in it as markup.
        var fallback = message.Link is { } url ? $"{Title(message)}\n{message.Text}\n{url}" : $"{Title(message)}\n{message.Text}";
        return new JsonObject { ["text"] = SlackEscape(Cut(fallback, 3000)), ["blocks"] = blocks };
    }

    private static JsonObject Teams(WebhookMessage message)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = Title(message), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
        };
        if (message.Text.Trim().Length > 0)
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = message.Text, ["wrap"] = true });
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (message.Link is { } link)
            card["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = OpenLabel, ["url"] = link } };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card },
            },
        };
    }

    private static string Title(WebhookMessage message) => message.Title.Trim().Length > 0 ? message.Title : "Sonae";

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static string Cut(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";

    private static string SlackEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
