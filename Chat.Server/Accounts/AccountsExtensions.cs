using Microsoft.AspNetCore.Authorization;

namespace Chat.Server.Accounts;

public static class AccountsExtensions
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        services.AddSingleton<TokenService>();
        services.AddSingleton<VisitorStore>();
        services.AddSingleton<StaffStore>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<TwoFactor.TwoFactorStore>();
        services.AddSingleton<TwoFactor.TwoFactorChallenges>();

        services.AddAuthentication(ChatClaims.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ChatTokenHandler>(ChatClaims.Scheme, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy(ChatClaims.VisitorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ChatClaims.Kind, "visitor"))
            .AddPolicy(ChatClaims.StaffPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ChatClaims.Kind, "staff"))
            .AddPolicy(ChatClaims.SupervisorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ChatClaims.Kind, "staff").RequireRole("supervisor"));

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return builder;
    }
}
