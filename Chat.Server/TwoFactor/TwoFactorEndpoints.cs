using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.RateLimits;
using Chat.Server.Resources;
using Chat.Server.Security;
using Microsoft.Extensions.Options;

namespace Chat.Server.TwoFactor;

/// <summary>
/// The second step of staff sign-in (a code, or enrolling an authenticator when the role requires one), enrolling
/// from a signed-in console, and a supervisor's reset of a colleague's second factor.
/// </summary>
public static class TwoFactorEndpoints
{
    public static IEndpointRouteBuilder MapTwoFactor(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff");
        api.MapPost("/login/enrol", EnrolAtSignInAsync).RequireLimit(RequestLimit.SignIn);
        api.MapPost("/login/code", CodeAsync).RequireLimit(RequestLimit.SignIn);

        var me = api.MapGroup("/me/two-factor").RequireAuthorization(ChatClaims.StaffPolicy);
        me.MapPost("/", async (ClaimsPrincipal user, StaffStore staff, TwoFactorStore store, CancellationToken ct) =>
        {
            var member = await staff.GetAsync(user.Id(), ct) ?? throw ChatError.Forbidden(HubErrors.Forbidden, "Forbidden");
            if (member.TwoFactor)
            {
                throw ChatError.Conflict("two_factor_on", "TwoFactorAlreadyOn");
            }

            return await store.StartAsync(member.Id, member.Username, fresh: true, ct);
        });
        me.MapPost("/confirm", async (TwoFactorConfirmRequest request, ClaimsPrincipal user, TwoFactorStore store, CancellationToken ct) =>
        {
            var codes = await store.ConfirmAsync(user.Id(), request.Code ?? string.Empty, AuditEntry.Staff(user, "staff.2fa.enabled", user.Id()), ct)
                ?? throw ChatError.BadRequest("two_factor_failed", "TwoFactorWrongCode");
            return new TwoFactorEnabled(codes);
        });

        // A lost phone: a supervisor turns a colleague's second factor off (never their own: that would need nobody's
        // second factor at all), which also signs the colleague out everywhere.
        api.MapDelete("/{id:guid}/two-factor", async (Guid id, ClaimsPrincipal user, StaffStore staff, TwoFactorStore store, SessionSignals sessions, CancellationToken ct) =>
        {
            if (id == user.Id())
            {
                throw ChatError.Forbidden("own_account", "TwoFactorOwnReset");
            }

            var member = await staff.GetAsync(id, ct) ?? throw ChatError.NotFound("not_found", "StaffNotFound");
            await store.ResetAsync(member.Id, AuditEntry.Staff(user, "staff.2fa.reset", member.Id, new { username = member.Username }), ct);
            await sessions.AccountChangedAsync(SenderRole.Agent, member.Id);
            return Results.NoContent();
        }).RequireAuthorization(ChatClaims.SupervisorPolicy);
        return app;
    }

    /// <summary>Whether an account must use a second factor: supervisors always, agents when configured.</summary>
    public static bool IsRequired(StaffRecord member, AccountOptions options) => member.IsSupervisor || options.TwoFactorForAgents;

    private static async Task<TwoFactorEnrolment> EnrolAtSignInAsync(
        TwoFactorEnrolRequest request, TwoFactorChallenges challenges, StaffStore staff, TwoFactorStore store, CancellationToken ct)
    {
        var (payload, member) = await ReadAsync(request.Challenge, challenges, staff, ct);
        if (payload.Step != TwoFactorStep.Enrol || member.TwoFactor)
        {
            throw Expired();
        }

        return await store.StartAsync(member.Id, member.Username, fresh: false, ct);
    }

    /// <summary>
    /// The code step. Wrong codes count towards the same back-off as wrong passwords (per account from one address,
    /// and per address), and towards a per-account limit on codes, so knowing the password buys no unlimited guessing;
    /// the counters clear only when a sign-in completes.
    /// </summary>
    private static async Task<StaffSession> CodeAsync(
        TwoFactorCodeRequest request, HttpContext http, TwoFactorChallenges challenges, StaffStore staff, TwoFactorStore store, LoginThrottle throttle,
        TokenService tokens, AuditLog audit, IOptions<AccountOptions> options, CancellationToken ct)
    {
        var refused = new ChatError("two_factor_failed", StatusCodes.Status401Unauthorized, Text.Get("TwoFactorFailed"));
        var (payload, member) = await ReadAsync(request.Challenge, challenges, staff, ct);
        var address = ClientAddress.Key(http);
        var attempt = new { username = member.Username, clientIp = ClientAddress.Raw(http) };
        if (await throttle.IsBlockedAsync(member.Username, address) || await throttle.IsCodeBlockedAsync(member.Id))
        {
            await audit.AppendAsync(AuditEntry.Staff(member.Id, "staff.signin.throttled", member.Id, attempt), ct);
            throw refused;
        }

        var code = request.Code?.Trim() ?? string.Empty;
        IReadOnlyList<string>? recoveryCodes = null;
        var accepted = code.Length is > 0 and <= 20
            && (payload.Step == TwoFactorStep.Enrol && !member.TwoFactor
                ? (recoveryCodes = await store.ConfirmAsync(member.Id, code, AuditEntry.Staff(member.Id, "staff.2fa.enabled", member.Id), ct)) is not null
                : await store.VerifyAsync(member.Id, code, ct));
        if (!accepted)
        {
            await throttle.FailedAsync(member.Username, address);
            await throttle.CodeFailedAsync(member.Id);
            await audit.AppendAsync(AuditEntry.Staff(member.Id, "staff.signin.code_failed", member.Id, attempt), ct);
            throw refused;
        }

        await throttle.SucceededAsync(member.Username, address, member.Id);
        await audit.AppendAsync(AuditEntry.Staff(member.Id, "staff.signin", member.Id, new { attempt.username, attempt.clientIp, secondFactor = true }), ct);
        return AccountEndpoints.Session(member with { TwoFactor = true }, tokens, options.Value) with { RecoveryCodes = recoveryCodes };
    }

    /// <summary>The challenge's account, still active and at the same token version; otherwise the sign-in starts again.</summary>
    private static async Task<(ChallengePayload Payload, StaffRecord Member)> ReadAsync(string? challenge, TwoFactorChallenges challenges, StaffStore staff, CancellationToken ct)
    {
        var payload = challenges.Read(challenge) ?? throw Expired();
        var member = await staff.GetAsync(payload.StaffId, ct);
        return member is { Active: true } && member.TokenVersion == payload.TokenVersion ? (payload, member) : throw Expired();
    }

    private static ChatError Expired() => new("two_factor_expired", StatusCodes.Status401Unauthorized, Text.Get("TwoFactorExpired"));
}
