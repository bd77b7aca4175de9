namespace Sonae.Web.Documents;

/// <summary>The Documents area (binder, poster, PDF printing) registers its services and maps its endpoints here, for the web host and the CLI alike.</summary>
public static class DocumentsFeature
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DocumentOptions>(configuration.GetSection(DocumentOptions.Section));
        services.AddSingleton<PdfPrinter>();
        services.AddScoped<DocumentRenderer>();
        services.AddScoped<MakeBinder>();
        services.AddScoped<MakeSituationSheet>();
        return services;
    }

    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app) => app.MapDocumentEndpoints();
}
