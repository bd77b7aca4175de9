using System.Net;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Health;

/// <summary>
/// <c>/metrics</c> in Prometheus's text format: ASP.NET Core's requests, the runtime, and Sonae's own series (the
/// record writer's answers by outcome, the queues, the outbox), for this machine only.
/// </summary>
public sealed class MetricsTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task Metrics_AfterAnAppend_HaveSonaesSeries()
    {
        var hospital = await factory.AddHospital("計測病院 " + Guid.NewGuid().ToString("N")[..6]);
        await (await hospital.Staff.PostJson("/api/v1/anomaly-reports", new { department = "外来", signs = new[] { "other" } })).Json(HttpStatusCode.Created);

        var scraped = await factory.Client(null).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        var text = await scraped.Content.ReadAsStringAsync();
        Assert.Matches(@"(?m)^sonae_record_commands_total\{[^}]*outcome=""appended""[^}]*\} [1-9]", text);
        Assert.Contains("sonae_record_writer_queue_depth", text, StringComparison.Ordinal);
        Assert.Contains("sonae_audit_queue_depth", text, StringComparison.Ordinal);
        Assert.Contains("sonae_outbox_pending", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        // Routes, never the addresses asked for: no incident's number or key in a label.
        Assert.DoesNotContain(hospital.Keys[Core.Access.Role.Staff], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ThroughAProxySonaeDoesNotTrust_AreNotFound()
    {
        var client = factory.Client(null);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }
}

/// <summary>A server with <c>Sonae:Metrics:Enabled=false</c>.</summary>
public sealed class NoMetricsFactory : SqliteFactory
{
    public override IReadOnlyList<string> StorageArguments => [.. base.StorageArguments, "--Sonae:Metrics:Enabled=false"];
}

public sealed class NoMetricsTests(NoMetricsFactory factory) : IClassFixture<NoMetricsFactory>
{
    [Fact]
    public async Task Metrics_Disabled_AreNoEndpoint()
    {
        var answer = await factory.Client(null).GetAsync("/metrics");

        // Like any address Sonae does not serve (the sign-in page): no figures.
        Assert.DoesNotContain("# TYPE", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
