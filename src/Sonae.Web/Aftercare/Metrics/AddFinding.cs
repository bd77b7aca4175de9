using Microsoft.EntityFrameworkCore;
using Sonae.Core;
using Sonae.Core.Access;
using Sonae.Core.Incidents;
using Sonae.Data;
using Sonae.Data.Aftercare.Metrics;
using Sonae.Web.Incidents;

namespace Sonae.Web.Aftercare.Metrics;

/// <summary>What became of a finding: stored (or stored before, for a repeated request), refused, or no such incident.</summary>
public abstract record AddFindingResult
{
    public sealed record Added(FindingView Finding, int IncidentNumber) : AddFindingResult;

    public sealed record Refused(FieldRefused Problem) : AddFindingResult;

    public sealed record NotFound : AddFindingResult;
}

/// <summary>
/// Writes a finding on an incident's after-action report, with who and when. A finding is added, never changed: a
/// second request with the same request id returns the first finding and stores nothing.
/// </summary>
public sealed partial class AddFinding(SonaeDbContext db, IncidentQueries incidents, TimeProvider clock, ILogger<AddFinding> logger)
{
    /// <summary>The longest finding.</summary>
    public const int MaxLength = 2_000;

    public async Task<AddFindingResult> Add(string incidentId, string? text, Guid? requestId, Actor actor, Guid organizationId, CancellationToken cancellationToken)
    {
        if (await incidents.Find(incidentId, cancellationToken) is not { } incident)
            return new AddFindingResult.NotFound();
        if (TextRules.Check("finding", text, MaxLength, required: true) is { } problem)
            return new AddFindingResult.Refused(problem);
        var request = requestId ?? Guid.NewGuid();
        if (await db.AfterActionFindings.AsNoTracking().FirstOrDefaultAsync(f => f.RequestId == request, cancellationToken) is { } earlier)
            return new AddFindingResult.Added(new FindingView(earlier.Id, earlier.Text, earlier.AddedByName, earlier.AddedAt), incident.Number);
        var row = new AfterActionFindingRow
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            IncidentId = incident.Id,
            Text = text!.Trim(),
            AddedBy = actor.Id,
            AddedByName = actor.Name,
            AddedAt = clock.GetUtcNow(),
            RequestId = request,
        };
        db.AfterActionFindings.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StorageRegistration.IsUniqueViolation(e))
        {
            // The same form sent twice at once: the other request stored it.
            db.ChangeTracker.Clear();
            var stored = await db.AfterActionFindings.AsNoTracking().SingleAsync(f => f.RequestId == request, cancellationToken);
            return new AddFindingResult.Added(new FindingView(stored.Id, stored.Text, stored.AddedByName, stored.AddedAt), incident.Number);
        }
        FindingAdded(logger, incident.Id, row.Id, incident.Drill);
        return new AddFindingResult.Added(new FindingView(row.Id, row.Text, row.AddedByName, row.AddedAt), incident.Number);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Finding {Finding} added to the after-action report of incident {Incident} (drill: {Drill})")]
    private static partial void FindingAdded(ILogger logger, Guid incident, Guid finding, bool drill);
}
