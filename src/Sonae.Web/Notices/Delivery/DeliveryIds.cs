using System.Globalization;
using Sonae.Data.Notices;

namespace Sonae.Web.Notices.Delivery;

/// <summary>
/// The identity a message keeps through every attempt, from its outbox row: delivery is at least once (a crash
/// between the receiver accepting a message and Sonae marking it sent sends it again), so a receiver drops a
/// repeat by this id — the e-mail's <c>Message-ID</c>, a webhook's <c>X-Sonae-Delivery</c> header and its JSON
/// <c>id</c>.
/// </summary>
public static class DeliveryIds
{
    /// <summary><c>sonae-{organization}-{outbox id}</c>: unique across hospitals sharing one receiver.</summary>
    public static string For(Guid organizationId, long outboxId) =>
        $"sonae-{organizationId:N}-{outboxId.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc cref="For(Guid, long)"/>
    public static string For(OutboxMessageRow message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return For(message.OrganizationId, message.Id);
    }

    /// <summary>The e-mail's <c>Message-ID</c> (without its angle brackets), the same whatever the mail server or sender.</summary>
    public static string MessageId(OutboxMessageRow message) => For(message) + "@sonae.outbox";
}
