using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Sonae.Data;
using Sonae.Web.Notices.Delivery;

namespace Sonae.Web.Health;

/// <summary>
/// Sonae's own instruments (meter <see cref="MeterName"/>), exported with ASP.NET Core's and the runtime's at
/// <c>/metrics</c>: commands answered by the record writer by outcome, alerts received, how long a page waits for its
/// first acknowledgement, and the depth of the queues. Ids and counts only: no label names a person or a hospital.
/// </summary>
public sealed class SonaeMetrics
{
    public const string MeterName = "Sonae";

    private readonly Counter<long> _appends;
    private readonly Counter<long> _alerts;
    private readonly Histogram<double> _paging;

    public SonaeMetrics(IMeterFactory meters, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _appends = meter.CreateCounter<long>("sonae.record.commands", "{command}",
            "Commands the record writer answered, by outcome (appended, refused, contended, overloaded, failed, …)");
        _alerts = meter.CreateCounter<long>("sonae.alerts.received", "{alert}", "Monitoring alerts received from alert sources, by what became of the delivery");
        _paging = meter.CreateHistogram<double>("sonae.paging.acknowledgement.duration", "s", "From a page sent to its first acknowledgement",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [15, 30, 60, 120, 300, 600, 900, 1800, 3600] });
        // Read at each scrape: the singletons are resolved then, not here (the writers themselves count with this class).
        meter.CreateObservableGauge("sonae.record_writer.queue.depth", () => services.GetRequiredService<Incidents.RecordWriter>().Waiting, "{command}",
            "Commands waiting for the record writer");
        meter.CreateObservableGauge("sonae.audit.queue.depth", () => services.GetRequiredService<Audit.AuditLog>().Waiting, "{entry}", "Audit entries waiting to be written");
        meter.CreateObservableGauge("sonae.outbox.pending", () => OutboxPending(services), "{message}",
            "Messages in the outbox not sent yet and not given up on (read from the database at each scrape)");
    }

    /// <summary>A command the record writer answered; <paramref name="outcome"/> is its kind (<c>appended</c>, <c>refused</c>, …).</summary>
    public void Answered(string outcome) => _appends.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="outcome">What became of the delivery: <c>filed</c>, <c>muted</c>, <c>refused</c>, ….</param>
    public void AlertsReceived(int alerts, string outcome) => _alerts.Add(alerts, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>The first acknowledgement of a page, <paramref name="waited"/> after it was sent.</summary>
    public void PageAcknowledged(TimeSpan waited) => _paging.Record(Math.Max(0, waited.TotalSeconds));

    private static long OutboxPending(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SonaeDbContext>();
        return db.OutboxMessages.IgnoreQueryFilters([SonaeDbContext.TenantFilter]).Waiting().LongCount();
    }
}
