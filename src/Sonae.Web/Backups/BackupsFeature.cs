namespace Sonae.Web.Backups;

/// <summary>
/// The Backups area: taking, checking and restoring backups (the console verbs), and the scheduled backup (its
/// settings, the run, the API). The schedule's service is hosted by the web host alone.
/// </summary>
public static class BackupsFeature
{
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BackupOptions>(configuration.GetSection(BackupOptions.Section));
        services.AddScoped<TakeBackup>();
        services.AddScoped<RestoreBackup>();
        services.AddScoped<BackupScheduleSettings>();
        services.AddScoped<RunScheduledBackup>();
        return services;
    }

    public static IEndpointRouteBuilder MapBackups(this IEndpointRouteBuilder app) => app.MapBackupEndpoints();
}
