using System.Net.Http.Headers;
using System.Text;
using Sonae.Core.Notices;
using Sonae.Data.Notices;

namespace Sonae.Web.Notices.Delivery;

/// <summary>
/// Posts one lane's messages to one of the hospital's webhooks (its settings as they were when the run began): the
/// body its format asks for, UTF-8 JSON, with the <c>X-Sonae-Delivery</c> header. A 2xx answer is delivered;
/// anything else (a redirect too, which is not followed), or no answer within the send timeout, is a failure that
/// names the status and the start of what the receiver said.
/// </summary>
public sealed class WebhookSession(ChannelSettings settings, HttpClient http, Func<OutboxMessageRow, CancellationToken, Task<WebhookMessage>> describe, TimeSpan timeout) : IChannelSession
{
    public const string DeliveryHeader = "X-Sonae-Delivery";

    public async Task<DeliveryFailure?> Send(OutboxMessageRow message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (settings.WebhookById(message.Target) is not { } webhook)
            return DeliveryFailure.WebhookRemoved(message.Target);
        return await Post(webhook, await describe(message, cancellationToken), http, timeout, cancellationToken);
    }

    /// <summary>Posts <paramref name="message"/> to <paramref name="webhook"/> (also the test button's message); null when it was accepted.</summary>
    public static async Task<DeliveryFailure?> Post(Webhook webhook, WebhookMessage message, HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(http);
        var where = new Uri(webhook.Url).GetLeftPart(UriPartial.Authority);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
            {
                Content = new StringContent(WebhookPayloads.For(webhook.Format, message).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(DeliveryHeader, message.Id);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Sonae", "1"));
            using var response = await http.SendAsync(request, bounded.Token);
            if (response.IsSuccessStatusCode)
                return null;
            var said = await response.Content.ReadAsStringAsync(bounded.Token);
            return DeliveryFailure.HttpStatus((int)response.StatusCode, response.ReasonPhrase, said.Length > 200 ? said[..200] : said);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryFailure.Timeout(where, timeout);
        }
        catch (HttpRequestException e)
        {
            return DeliveryFailure.From(e, where);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
