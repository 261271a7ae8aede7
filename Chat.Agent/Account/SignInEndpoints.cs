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
        app.MapPost("/akun/kode", CodeAsync);
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
            response = await PostAsync(factory, http, "api/staff/login", new StaffLoginRequest(username.Trim(), password));
        }
        catch (HttpRequestException e)
        {
            logs.CreateLogger(typeof(SignInEndpoints)).LogWarning(e, "Chat.Server is unreachable");
            return Results.LocalRedirect("/masuk?e=server");
        }

        var target = returnUrl is { Length: > 1 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) && !r.StartsWith("/\\", StringComparison.Ordinal) ? r : "/";
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                // The password was right; the second step (a code, or enrolling an authenticator first) comes next.
                var challenge = (await response.Content.ReadFromJsonAsync<TwoFactorChallenge>(ChatApi.Json, http.RequestAborted))!;
                TwoFactorCookies.SetPending(http, new PendingSignIn(challenge.Challenge, challenge.Step, target), challenge.ExpiresAt);
                return Results.LocalRedirect(challenge.Step == TwoFactorStep.Enrol ? "/masuk/aktifkan" : "/masuk/kode");
            }

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

            await CompleteAsync(http, (await response.Content.ReadFromJsonAsync<StaffSession>(ChatApi.Json, http.RequestAborted))!);
        }

        return Results.LocalRedirect(target);
    }

    /// <summary>
    /// The second step: the code goes to Chat.Server with the pending challenge. A wrong code returns to the same page;
    /// an expired challenge starts again at the password; enrolling ends on the page that shows the recovery codes once.
    /// </summary>
    private static async Task<IResult> CodeAsync([FromForm] string? code, HttpContext http, IHttpClientFactory factory, ILoggerFactory logs)
    {
        if (TwoFactorCookies.Pending(http) is not { } pending)
        {
            return Results.LocalRedirect("/masuk?e=kedaluwarsa");
        }

        var page = pending.Step == TwoFactorStep.Enrol ? "/masuk/aktifkan" : "/masuk/kode";
        if (string.IsNullOrWhiteSpace(code))
        {
            return Results.LocalRedirect(page + "?e=kosong");
        }

        HttpResponseMessage response;
        try
        {
            response = await PostAsync(factory, http, "api/staff/login/code", new TwoFactorCodeRequest(pending.Challenge, code.Trim()));
        }
        catch (HttpRequestException e)
        {
            logs.CreateLogger(typeof(SignInEndpoints)).LogWarning(e, "Chat.Server is unreachable");
            return Results.LocalRedirect(page + "?e=server");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var problem = response.StatusCode == HttpStatusCode.Unauthorized ? (await ApiError.ReadAsync(response, http.RequestAborted)).Code : null;
                if (problem == "two_factor_expired")
                {
                    TwoFactorCookies.ClearPending(http);
                    return Results.LocalRedirect("/masuk?e=kedaluwarsa");
                }

                return Results.LocalRedirect(page + "?e=" + response.StatusCode switch
                {
                    HttpStatusCode.TooManyRequests => "terlalu-sering",
                    HttpStatusCode.Unauthorized => "kode",
                    _ => "server",
                });
            }

            var session = (await response.Content.ReadFromJsonAsync<StaffSession>(ChatApi.Json, http.RequestAborted))!;
            TwoFactorCookies.ClearPending(http);
            await CompleteAsync(http, session);
            if (session.RecoveryCodes is { Count: > 0 } codes)
            {
                TwoFactorCookies.SetRecoveryCodes(http, codes, pending.ReturnUrl);
                return Results.LocalRedirect("/masuk/kode-pemulihan");
            }
        }

        return Results.LocalRedirect(pending.ReturnUrl);
    }

    /// <summary>
    /// A sign-in step posted to Chat.Server on the staff member's behalf, saying where they are: the server's back-off
    /// counts failures per source address, and without this every staff member would share the console's.
    /// </summary>
    internal static async Task<HttpResponseMessage> PostAsync<T>(IHttpClientFactory factory, HttpContext http, string path, T body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ChatApi.Json) };
        if (http.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.Add("X-Forwarded-For", (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString());
        }

        return await factory.CreateClient(ApiExtensions.ClientName).SendAsync(request, http.RequestAborted);
    }

    /// <summary>Keeps Chat.Server's token in the console's own sign-in cookie.</summary>
    private static async Task CompleteAsync(HttpContext http, StaffSession session)
    {
        {
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
    }
}
