using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Security;

public static class SecurityExtensions
{
    /// <summary>Live-session checks: account re-checked on every hub call, revocation signals, token expiry on open connections.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section)
            .Validate(o => o.AccountCacheTtl > TimeSpan.Zero && o.ExpirySweepInterval > TimeSpan.Zero, "Security intervals must be positive.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<AccountGuard>();
        services.AddSingleton<AccountHubFilter>();
        services.AddSingleton<SessionSignals>();
        services.AddSingleton<StaffAccess>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionSignals>());
        services.AddHostedService<SessionExpiryService>();

        // Runs inside the error filter registered by AddHubs, so its refusals reach the client as "code: text".
        services.Configure<HubOptions>(o => o.AddFilter<AccountHubFilter>());
        return builder;
    }
}
