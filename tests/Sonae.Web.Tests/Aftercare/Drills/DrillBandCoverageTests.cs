using Microsoft.AspNetCore.Components;
using Sonae.Web.Aftercare.Drills;

namespace Sonae.Web.Tests.Aftercare.Drills;

/// <summary>
/// The 訓練 band is shown by the layout for each page that says which incident it shows (<see cref="ShowsIncidentAttribute"/>):
/// a page of one incident, a notice, a reporter's receipt or a drill that forgot to say so would show a drill unmarked.
/// </summary>
public sealed class DrillBandCoverageTests
{
    private static readonly string[] IncidentPages = ["/incidents/{Number", "/report/sent/{Number", "/notices/{Number", "/drills/{Number"];

    [Fact]
    public void Pages_ThatShowOneIncident_AllSaySo()
    {
        var pages = typeof(ShowsIncidentAttribute).Assembly.GetTypes()
            .Select(t => (Type: t, Routes: t.GetCustomAttributes(typeof(RouteAttribute), false).Cast<RouteAttribute>().Select(r => r.Template).ToList()))
            .Where(p => p.Routes.Any(r => IncidentPages.Any(prefix => r.StartsWith(prefix, StringComparison.Ordinal))))
            .ToList();

        Assert.True(pages.Count >= 15, $"only {pages.Count} pages of an incident found");
        Assert.All(pages, p => Assert.True(p.Type.GetCustomAttributes(typeof(ShowsIncidentAttribute), false).Length == 1, $"{p.Type.Name} ({string.Join(", ", p.Routes)}) has no [ShowsIncident]"));
        var notice = Assert.Single(pages, p => p.Routes.Any(r => r.StartsWith("/notices/", StringComparison.Ordinal)));
        Assert.Equal(ShownBy.Notice, ((ShowsIncidentAttribute)notice.Type.GetCustomAttributes(typeof(ShowsIncidentAttribute), false)[0]).By);
    }
}
