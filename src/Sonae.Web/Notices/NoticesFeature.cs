namespace Sonae.Web.Notices;

/// <summary>The Notices area: paging with escalation, notices with acknowledgement, their channels and the outbox.</summary>
public static class NoticesFeature
{
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.AddSingleton<AckLinks>();
        services.AddSingleton<NoticeMessages>();
        services.AddSingleton<PagingWatch>();
        services.AddSingleton<AckWriter>();
        services.AddScoped<NoticeStore>();
        services.AddScoped<NoticeAudiences>();
        services.AddScoped<NoticeChannelSettings>();
        services.AddScoped<NoticeQueries>();
        services.AddScoped<SendNotice>();
        services.AddScoped<NoticeActions>();
        services.AddScoped<AcknowledgeNotice>();
        return services;
    }

    public static IEndpointRouteBuilder MapNotices(this IEndpointRouteBuilder app)
    {
        app.MapNoticeEndpoints();
        return app;
    }
}
