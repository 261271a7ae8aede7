using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Chat.Agent.Api;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Chat.Agent.Account;

/// <summary>
/// Sign-in posts the form to Chat.Server's staff login and keeps the returned token inside the console's own
/// HttpOnly auth cookie (encrypted by data protection), so a reload stays signed in and scripts never see the token.
/// </summary>
public static partial class SignInEndpoints
{
    public static WebApplicationBuilder AddStaffSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "lpse_console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;

                // Secure everywhere but a developer's machine; browsers accept Secure cookies on http://localhost too.
                o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                o.LoginPath = "/masuk";
                o.AccessDeniedPath = "/ditolak";
                o.SlidingExpiration = false;
            });
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffUser.SupervisorPolicy, p => p.RequireAuthenticatedUser().RequireRole(StaffUser.SupervisorRole));
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static IEndpointRouteBuilder MapStaffSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/akun/masuk", SignInAsync);
        app.MapPost("/akun/keluar", async (HttpContext http, IHttpClientFactory factory, ILoggerFactory logs) =>
        {
            // Revoke the server token as well: a copy of the cookie (or of the token) must not outlive signing out.
            if (http.User.StaffToken() is { Length: > 0 } token)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "api/staff/me/sign-out");
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                    using var response = await factory.CreateClient(ApiExtensions.ClientName).SendAsync(request, http.RequestAborted);
                }
                catch (HttpRequestException e)
                {
                    logs.CreateLogger(typeof(SignInEndpoints)).LogWarning(e, "Could not revoke the staff token on sign-out");
                }
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/masuk");
        });
        app.MapGet("/akun/bahasa", (string? c, string? kembali, HttpContext http) =>
        {
            // Indonesian first; English on request. Only the two known cultures are written to the cookie.
            var culture = c == "en" ? "en" : "id";
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { HttpOnly = true, Secure = http.Request.IsHttps || !http.RequestServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment(), SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            return Results.LocalRedirect(kembali is { Length: > 0 } k && k.StartsWith('/') && !k.StartsWith("//", StringComparison.Ordinal) && !k.StartsWith("/\\", StringComparison.Ordinal) ? k : "/");
        });
        return app;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d{2}:\d{2}\b")]
    private static partial System.Text.RegularExpressions.Regex LockedUntil();

    private static async Task<IResult> SignInAsync(
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http, IHttpClientFactory factory, ILoggerFactory logs)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return Results.LocalRedirect("/masuk?e=kosong");
        }

        HttpResponseMessage response;
        try
        {
            response = await factory.CreateClient(ApiExtensions.ClientName)
                .PostAsJsonAsync("api/staff/login", new StaffLoginRequest(username.Trim(), password), ChatApi.Json, http.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            logs.CreateLogger(typeof(SignInEndpoints)).LogWarning(e, "Chat.Server is unreachable");
            return Results.LocalRedirect("/masuk?e=server");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = response.StatusCode switch
                {
                    HttpStatusCode.Locked => "terkunci",
                    HttpStatusCode.TooManyRequests => "terlalu-sering",
                    HttpStatusCode.Unauthorized => "salah",
                    _ => "server",
                };
                var until = string.Empty;
                if (response.StatusCode == HttpStatusCode.Locked
                    && LockedUntil().Match(await response.Content.ReadAsStringAsync(http.RequestAborted)) is { Success: true } match)
                {
                    // Only the clock time crosses over, never the server's free text.
                    until = "&sampai=" + Uri.EscapeDataString(match.Value);
                }

                return Results.LocalRedirect("/masuk?e=" + error + until);
            }

            var session = (await response.Content.ReadFromJsonAsync<StaffSession>(ChatApi.Json, http.RequestAborted))!;
            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, session.Staff.Id.ToString()),
                    new Claim(ClaimTypes.Name, session.Staff.DisplayName),
                    new Claim(StaffUser.UsernameClaim, session.Staff.Username),
                    new Claim(ClaimTypes.Role, session.Staff.Role == StaffRole.Supervisor ? StaffUser.SupervisorRole : "agent"),
                    new Claim(StaffUser.TokenClaim, session.Token),
                ],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(
                CookieAuthenticationDefaults.AuthenticationScheme,
                new ClaimsPrincipal(identity),
                new AuthenticationProperties { IsPersistent = true, ExpiresUtc = session.ExpiresAt });
        }

        return Results.LocalRedirect(returnUrl is { Length: > 1 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) ? r : "/");
    }
}
