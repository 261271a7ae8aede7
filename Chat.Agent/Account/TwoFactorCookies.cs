using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.DataProtection;

namespace Chat.Agent.Account;

/// <summary>A sign-in between its two steps: Chat.Server's challenge, which step, and where to go afterwards.</summary>
public sealed record PendingSignIn(string Challenge, TwoFactorStep Step, string ReturnUrl);

/// <summary>
/// The two short-lived cookies of a two-step sign-in, sealed with the console's data protection and HttpOnly: the
/// pending sign-in (challenge) between password and code, and the recovery codes shown once after enrolling.
/// </summary>
public static class TwoFactorCookies
{
    private const string PendingName = "lpse_signin_2fa";
    private const string RecoveryName = "lpse_recovery";

    public static void SetPending(HttpContext http, PendingSignIn pending, DateTimeOffset expires) =>
        Write(http, PendingName, JsonSerializer.Serialize(pending), expires);

    public static PendingSignIn? Pending(HttpContext http) =>
        Read(http, PendingName) is { } json ? JsonSerializer.Deserialize<PendingSignIn>(json) : null;

    public static void ClearPending(HttpContext http) => http.Response.Cookies.Delete(PendingName);

    public static void SetRecoveryCodes(HttpContext http, IReadOnlyList<string> codes, string returnUrl) =>
        Write(http, RecoveryName, JsonSerializer.Serialize(new RecoveryCodes(codes, returnUrl)), (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().AddMinutes(10));

    /// <summary>The codes, once: reading them deletes the cookie.</summary>
    public static RecoveryCodes? TakeRecoveryCodes(HttpContext http)
    {
        var json = Read(http, RecoveryName);
        http.Response.Cookies.Delete(RecoveryName);
        return json is null ? null : JsonSerializer.Deserialize<RecoveryCodes>(json);
    }

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("Chat.Agent.TwoFactor.v1");

    private static void Write(HttpContext http, string name, string value, DateTimeOffset expires) =>
        http.Response.Cookies.Append(name, Protector(http).Protect(value), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps || !http.RequestServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment(),
            Expires = expires,
            IsEssential = true,
        });

    private static string? Read(HttpContext http, string name)
    {
        if (http.Request.Cookies[name] is not { Length: > 0 } value)
        {
            return null;
        }

        try
        {
            return Protector(http).Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>Recovery codes to show once, and where the console goes afterwards.</summary>
public sealed record RecoveryCodes(IReadOnlyList<string> Codes, string ReturnUrl);
