namespace Sonae.Web.Checkpoints;

/// <summary>
/// The Checkpoints area registers its services and maps its endpoints here, for the web host and the CLI alike. Its
/// schedule (<see cref="CheckpointSchedule"/>) is hosted by the web host alone: a CLI verb makes none by itself.
/// </summary>
public static class CheckpointsFeature
{
    public static IServiceCollection AddCheckpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CheckpointOptions>(configuration.GetSection(CheckpointOptions.Section));
        services.AddScoped<LoadCheckpoints>();
        services.AddScoped<MakeCheckpoint>();
        services.AddScoped<VerifyCheckpoint>();
        return services;
    }

    public static IEndpointRouteBuilder MapCheckpoints(this IEndpointRouteBuilder app) => app.MapCheckpointEndpoints();
}
