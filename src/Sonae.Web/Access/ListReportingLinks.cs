using Microsoft.EntityFrameworkCore;
using Sonae.Data;

namespace Sonae.Web.Access;

/// <summary>The organization's reporting links, oldest first, without their secrets (the settings page and the API).</summary>
public sealed class ListReportingLinks(SonaeDbContext db)
{
    public Task<List<ReportingLinkView>> Run(CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().Where(k => k.ReportOnly).OrderBy(k => k.CreatedAt)
            .Select(k => new ReportingLinkView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt)).ToListAsync(cancellationToken);
}
