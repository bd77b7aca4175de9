using Microsoft.EntityFrameworkCore;
using Sonae.Data;

namespace Sonae.Web.Access;

/// <summary>Reads the organization's reporting links, oldest first (their secrets are never shown again).</summary>
public sealed class LoadReportingLinks(SonaeDbContext db)
{
    public async Task<IReadOnlyList<ReportingLinkView>> List(CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().Where(k => k.ReportOnly).OrderBy(k => k.CreatedAt)
            .Select(k => new ReportingLinkView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt)).ToListAsync(cancellationToken);
}
