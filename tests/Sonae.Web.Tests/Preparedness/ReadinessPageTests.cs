using System.Net;
using Sonae.Core.Access;
using Sonae.Web.Tests.Infrastructure;

namespace Sonae.Web.Tests.Preparedness;

/// <summary>
/// The readiness page leads each finding to where it is fixed: Sonae's own backup to its settings page (to those who
/// may change settings), not to the inventory the finding is listed under.
/// </summary>
public abstract class ReadinessPageTests(SonaeFactory factory)
{
    private const string NotConfigured = "Sonae 自身の定期バックアップが設定されていません";

    [Fact]
    public async Task Readiness_BackupNotConfigured_LeadsLeadersToTheBackupSettings_AndStaffNowhere()
    {
        var hospital = await factory.AddHospital($"準備 {Guid.NewGuid():N}"[..12]);

        var leader = await Item(hospital, Role.Management);
        Assert.Contains("href=\"/settings/backup\"", leader, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/preparedness/inventory\"", leader, StringComparison.Ordinal);

        var staff = await Item(hospital, Role.Staff);
        Assert.DoesNotContain("/settings/backup", staff, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/preparedness/inventory\"", staff, StringComparison.Ordinal);
    }

    /// <summary>The list item of the backup finding on the readiness page, as <paramref name="role"/> sees it.</summary>
    private async Task<string> Item(Hospital hospital, Role role)
    {
        var session = await PageSession.SignedIn(factory, hospital.Keys[role]);
        var response = await session.Get("/preparedness");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var at = html.IndexOf(NotConfigured, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{role}: the backup finding is not on the readiness page");
        var end = html.IndexOf("</li>", at, StringComparison.Ordinal);
        return html[at..end];
    }
}

public sealed class SqliteReadinessPageTests(SqliteFactory factory) : ReadinessPageTests(factory), IClassFixture<SqliteFactory>;

public sealed class PostgresReadinessPageTests(PostgresFactory factory) : ReadinessPageTests(factory), IClassFixture<PostgresFactory>;
