namespace Sonae.Web.Aftercare.Checklists;

/// <summary>
/// The ministry's yearly cybersecurity checklist (医療機関におけるサイバーセキュリティ対策チェックリスト): editions as
/// data with the hospital's corrections, yearly forms (the hospital's and each vendor's), vendors' links, the print
/// for 立入検査 and the workbook.
/// </summary>
public static class ChecklistsFeature
{
    public static IServiceCollection AddChecklists(this IServiceCollection services)
    {
        services.AddScoped<LoadChecklists>();
        services.AddScoped<ChecklistChanges>();
        services.AddScoped<MakeChecklistPrint>();
        return services;
    }

    public static IEndpointRouteBuilder MapChecklists(this IEndpointRouteBuilder app) => app.MapChecklistEndpoints();
}
