using System.Threading.RateLimiting;
using Chat.Server.Resources;
using Microsoft.AspNetCore.Authorization;

namespace Chat.Server.Accounts;

public static class AccountsExtensions
{
    public const string RegistrationLimiter = "registration";
    public const string LoginLimiter = "login";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        services.AddSingleton<TokenService>();
        services.AddSingleton<VisitorStore>();
        services.AddSingleton<StaffStore>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<PolicyStore>();

        services.AddAuthentication(ChatClaims.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ChatTokenHandler>(ChatClaims.Scheme, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy(ChatClaims.VisitorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ChatClaims.Kind, "visitor"))
            .AddPolicy(ChatClaims.StaffPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ChatClaims.Kind, "staff"))
            .AddPolicy(ChatClaims.SupervisorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ChatClaims.Kind, "staff").RequireRole("supervisor"));

        // Per-address limits on the two unauthenticated writes; per-instance is enough to blunt guessing and form floods.
        var limits = builder.Configuration.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new AccountOptions();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RegistrationLimiter, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "?", _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.RegistrationsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(LoginLimiter, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "?", _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.LoginsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "application/problem+json";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { status = 429, title = "rate_limited", code = "rate_limited", detail = Text.Get("RateLimited", 60) }, ct);
            };
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return builder;
    }
}
