namespace Sonae.Web.Access;

/// <summary>
/// The Access area (accounts, sign-in, keys, invitations, reporting links, organizations and first-run setup)
/// registers its services and maps its pages' forms and endpoints here, for the web host and the CLI alike.
/// Authentication schemes and the request pipeline stay with the web host (<see cref="Hosting.SonaeWebApp"/>): the
/// CLI signs nobody in. The audit log is an area of its own (<see cref="Audit.AuditFeature"/>).
/// </summary>
public static class AccessFeature
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        AccountSignIn.AddAccounts(services);
        services.AddScoped<SignInThrottle>();
        services.AddSingleton<SetupCode>();
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<ApiKeyVerifier>();
        services.AddScoped<CreateOrganization>();
        services.AddScoped<SetUpInBrowser>();
        services.AddScoped<LoadOrganizations>();
        services.AddScoped<LoadPeople>();
        services.AddScoped<LoadInvitations>();
        services.AddScoped<InvitationChanges>();
        services.AddScoped<SecretLinks>();
        services.AddScoped<LoadReportingLinks>();
        services.AddScoped<ReportingLinkChanges>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccess(this IEndpointRouteBuilder app)
    {
        app.MapSignIn();
        app.MapSetupEndpoints();
        app.MapReportingLinks();
        app.MapAccountSignIn();
        app.MapAccountSecurity();
        app.MapAccountAdministration();
        app.MapInvitations();
        app.MapSingleSignOn();
        return app;
    }
}
