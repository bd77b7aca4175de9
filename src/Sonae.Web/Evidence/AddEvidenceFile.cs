using Microsoft.AspNetCore.Http.Features;
using Sonae.Core.Evidence;
using Sonae.Core.Incidents;
using Sonae.Web.Access;
using Sonae.Web.Incidents;

namespace Sonae.Web.Evidence;

/// <summary>What a person says of a file they put in the locker.</summary>
public sealed record EvidenceDetails(string FileName, EvidenceKind Kind, string? CollectedBy, DateTimeOffset? CollectedAt, string? FromAsset, string? Description);

/// <summary>
/// Puts a file in the evidence locker: stores it by the SHA-256 computed as it arrives (up to the locker's limit),
/// then records <c>evidence-added</c> with that hash. A file the rules then refuse stays in the locker unnamed by
/// the record (it is stored by hash, so it costs nothing but its space and is never served).
/// </summary>
public sealed class AddEvidenceFile(EvidenceLocker locker, ApplyIncidentCommand apply)
{
    public abstract record Outcome
    {
        public sealed record Added(CommandOutcome.Appended Appended) : Outcome
        {
            /// <summary>What the record says of the file: its id in the locker (E1, E2 …) and its hash.</summary>
            public EvidenceAdded Event => (EvidenceAdded)EventChain.Parse(Appended.Events[^1].Body).Data;
        }

        public sealed record TooLarge(long Limit) : Outcome;

        public sealed record Refused(CommandOutcome Command) : Outcome;
    }

    public async Task<Outcome> Run(HttpContext http, Guid incidentId, Stream content, EvidenceDetails details, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = locker.MaxBytes + 1024 * 1024;
        if (http.Request.ContentLength > locker.MaxBytes + 1024 * 1024)
            return new Outcome.TooLarge(locker.MaxBytes);
        LockedFile file;
        try
        {
            file = await locker.Store(content, cancellationToken);
        }
        catch (EvidenceTooLargeException e)
        {
            return new Outcome.TooLarge(e.Limit);
        }
        var caller = Caller.From(http.User);
        var command = new AddEvidence(file.Sha256, file.Size, details.FileName, details.Kind, details.CollectedBy, details.CollectedAt, details.FromAsset, details.Description);
        var outcome = await apply.Run(caller, incidentId, command, null, cancellationToken);
        return outcome is CommandOutcome.Appended appended ? new Outcome.Added(appended) : new Outcome.Refused(outcome);
    }
}
