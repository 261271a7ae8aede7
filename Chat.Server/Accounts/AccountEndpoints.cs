using System.Security.Claims;
using Chat.Server.Audit;
using Chat.Server.Email;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Moderation;
using Chat.Server.RateLimits;
using Chat.Server.Resources;
using Chat.Server.Security;
using Chat.Server.TwoFactor;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/topics", () => Topics.All.Select(t => new TopicInfo(t, Text.Topic(t))).ToArray());
        api.MapGet("/policy/current", (PolicyStore policies, CancellationToken ct) => policies.CurrentAsync(ct));
        api.MapGet("/policy/{version:int}", async (int version, PolicyStore policies, CancellationToken ct) =>
            await policies.GetAsync(version, ct) is { } p ? Results.Ok(p) : Results.NotFound());

        api.MapPost("/visitors", RegisterAsync).RequireLimit(RequestLimit.Registration);

        var me = api.MapGroup("/visitors/me").RequireAuthorization(ChatClaims.VisitorPolicy);
        me.MapGet("/", async (ClaimsPrincipal user, VisitorStore visitors, PolicyStore policies, CancellationToken ct) =>
            await MeAsync(user.Id(), visitors, policies, ct));
        me.MapPut("/email", async (UpdateEmailRequest request, ClaimsPrincipal user, HttpContext http, VisitorStore visitors, PolicyStore policies, VisitorEmail email, CancellationToken ct) =>
        {
            // The new address takes effect when its owner enters the code sent there (clause 2); the old one is told.
            var visitor = await visitors.GetAsync(user.Id(), ct) ?? throw ChatError.NotFound(HubErrors.Forbidden, "Unauthorized");
            await email.RequestChangeAsync(visitor, VisitorValidation.Email(request.Email), ClientIp(http), ct);
            return await MeAsync(user.Id(), visitors, policies, ct);
        }).RequireActiveVisitor();
        // The name and agency staff see: moderated like at registration (refused when it would be withheld, queued for
        // review when flagged).
        me.MapPut("/profile", async (UpdateProfileRequest request, ClaimsPrincipal user, VisitorStore visitors, PolicyStore policies, ContentGate gate, CancellationToken ct) =>
        {
            var (name, organization) = VisitorValidation.Profile(request);
            var nameFlag = gate.Ensure("FieldName", name, SenderRole.Visitor);
            var agencyFlag = gate.Ensure("FieldAgency", organization, SenderRole.Visitor);
            await visitors.UpdateProfileAsync(user.Id(), name, organization, ct);
            await gate.QueueAsync(SenderRole.Visitor, user.Id(), ct, nameFlag?.About(user.Id()), agencyFlag?.About(user.Id()));
            return await MeAsync(user.Id(), visitors, policies, ct);
        }).RequireActiveVisitor();
        me.MapPost("/policy", async (AcceptPolicyRequest request, ClaimsPrincipal user, HttpContext http, VisitorStore visitors, PolicyStore policies, CancellationToken ct) =>
        {
            var current = await policies.CurrentVersionAsync(ct);
            if (request.Version != current)
            {
                throw ChatError.BadRequest("policy_version_mismatch", "PolicyVersionMismatch", request.Version, current);
            }

            await visitors.AcceptPolicyAsync(user.Id(), current, ClientIp(http), http.Request.Headers.UserAgent, ct);
            return await MeAsync(user.Id(), visitors, policies, ct);
        });

        api.MapPost("/staff/login", LoginAsync).RequireLimit(RequestLimit.SignIn);
        api.MapGet("/staff/me", async (ClaimsPrincipal user, StaffStore staff, CancellationToken ct) =>
            (await staff.GetAsync(user.Id(), ct))?.ToMember()).RequireAuthorization(ChatClaims.StaffPolicy);
        // Agents see colleagues by display name (transfers); usernames, half of a sign-in, only supervisors see.
        api.MapGet("/staff", async (ClaimsPrincipal user, StaffStore staff, CancellationToken ct) =>
            (await staff.ListAsync(ct)).Select(s => user.IsSupervisor() || s.Id == user.Id() ? s.ToMember() : s.ToMember() with { Username = string.Empty }).ToArray())
            .RequireAuthorization(ChatClaims.StaffPolicy);
        api.MapPost("/staff", CreateStaffAsync).RequireAuthorization(ChatClaims.SupervisorPolicy);

        // Signing out revokes every token of the account and closes its connections on every instance.
        api.MapPost("/staff/me/sign-out", async (ClaimsPrincipal user, StaffStore staff, SessionSignals sessions, CancellationToken ct) =>
        {
            await staff.RevokeTokensAsync(user.Id(), ct);
            await sessions.AccountChangedAsync(SenderRole.Agent, user.Id());
            return Results.NoContent();
        }).RequireAuthorization(ChatClaims.StaffPolicy);
        // Silent renewal: the widget asks for a fresh token halfway through the old one's life. Same token version, so
        // signing out, closure or a password-less revocation ends the renewed token too.
        me.MapPost("/token", (ClaimsPrincipal user, TokenService tokens, IOptions<AccountOptions> options) =>
        {
            var version = int.Parse(user.FindFirst(ChatClaims.Version)!.Value, System.Globalization.CultureInfo.InvariantCulture);
            var (token, expires) = tokens.Issue(TokenKind.Visitor, user.Id(), version, options.Value.VisitorTokenLifetime);
            return new VisitorToken(token, expires);
        });
        me.MapPost("/sign-out", async (ClaimsPrincipal user, VisitorStore visitors, SessionSignals sessions, CancellationToken ct) =>
        {
            await visitors.RevokeTokensAsync(user.Id(), ct);
            await sessions.AccountChangedAsync(SenderRole.Visitor, user.Id());
            return Results.NoContent();
        });
        app.MapTwoFactor();
        return app;
    }

    private static async Task<IResult> RegisterAsync(
        RegisterVisitorRequest request, HttpContext http, VisitorStore visitors, PolicyStore policies, TokenService tokens, VisitorEmail email, ContentGate gate,
        IOptions<AccountOptions> options, IOptions<EmailOptions> emailOptions, CancellationToken ct)
    {
        var clean = VisitorValidation.Normalise(request);
        var nameFlag = gate.Ensure("FieldName", clean.Name, SenderRole.Visitor);
        var agencyFlag = gate.Ensure("FieldAgency", clean.Organization, SenderRole.Visitor);
        var current = await policies.CurrentVersionAsync(ct);
        if (request.AcceptedPolicyVersion <= 0)
        {
            throw ChatError.BadRequest(HubErrors.PolicyNotAccepted, "PolicyMustBeAccepted");
        }

        if (request.AcceptedPolicyVersion != current)
        {
            throw ChatError.BadRequest("policy_version_mismatch", "PolicyVersionMismatch", request.AcceptedPolicyVersion, current);
        }

        var id = Guid.CreateVersion7();
        if (!await visitors.CreateAsync(id, clean, current, ClientIp(http), http.Request.Headers.UserAgent, ct, email.OnRegistered(id, clean.Name, clean.Email, ct)))
        {
            // A known address: its owner signs in with a code instead; the answer never says the address is registered.
            await email.SendSignInCodeAsync(clean.Email, ClientIp(http), ct);
            return Results.Accepted(value: new CodeSent(clean.Email, (int)emailOptions.Value.CodeLifetime.TotalMinutes));
        }

        await gate.QueueAsync(SenderRole.Visitor, id, ct, nameFlag?.About(id), agencyFlag?.About(id));
        var (token, expires) = tokens.Issue(TokenKind.Visitor, id, 1, options.Value.VisitorTokenLifetime);
        return Results.Ok(new VisitorSession(token, expires, await MeAsync(id, visitors, policies, ct)));
    }

    /// <summary>
    /// One answer for every refusal (unknown username, wrong password, too many failures) so that sign-in tells nobody
    /// which usernames exist or are locked; each path verifies a hash so they take as long as each other. Every
    /// attempt is recorded in the audit log. A right password for an account with a second factor answers 202 with
    /// a challenge for <c>/api/staff/login/code</c>.
    /// </summary>
    private static async Task<IResult> LoginAsync(
        StaffLoginRequest request, HttpContext http, StaffStore staff, LoginThrottle throttle, TokenService tokens, TwoFactorChallenges challenges, AuditLog audit,
        IOptions<AccountOptions> options, CancellationToken ct)
    {
        var refused = new ChatError("login_failed", StatusCodes.Status401Unauthorized, Text.Get("LoginFailed"));
        if (string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password) || request.Username.Length > 100 || request.Password.Length > 200)
        {
            throw refused;
        }

        var username = request.Username.Trim();
        var address = ClientAddress.Key(http);
        var attempt = new { username, clientIp = ClientIp(http) };
        if (await throttle.IsBlockedAsync(username, address))
        {
            StaffStore.SpendHashTime(request.Password);
            await audit.AppendAsync(new AuditEntry("staff", null, "staff.signin.throttled", null, attempt), ct);
            throw refused;
        }

        var member = await staff.VerifyAsync(username, request.Password, ct);
        if (member is null)
        {
            await throttle.FailedAsync(username, address);
            await audit.AppendAsync(new AuditEntry("staff", null, "staff.signin.failed", null, attempt), ct);
            throw refused;
        }

        // With a second factor (or one the role requires but the account lacks) the password earns only a short
        // challenge for the next step; the failure counters stay until that step completes.
        if (member.TwoFactor || TwoFactorEndpoints.IsRequired(member, options.Value))
        {
            await audit.AppendAsync(AuditEntry.Staff(member.Id, "staff.signin.password_ok", member.Id, attempt), ct);
            return Results.Json(challenges.Issue(member.Id, member.TokenVersion, member.TwoFactor ? TwoFactorStep.Code : TwoFactorStep.Enrol), statusCode: StatusCodes.Status202Accepted);
        }

        await throttle.SucceededAsync(username, address);
        await audit.AppendAsync(AuditEntry.Staff(member.Id, "staff.signin", member.Id, attempt), ct);
        return Results.Ok(Session(member, tokens, options.Value));
    }

    private static async Task<StaffMember> CreateStaffAsync(CreateStaffRequest request, StaffStore staff, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Username) || request.Username.Length > 50 || !request.Username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "username");
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 100)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "displayName");
        }

        if (request.Password is null || request.Password.Length < 10)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "PasswordWeak");
        }

        if (request.Capacity is < 1 or > 10 || request.Topics?.Any(t => !Topics.IsKnown(t)) == true)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "capacity/topics");
        }

        var created = await staff.CreateAsync(request with { Username = request.Username.Trim(), DisplayName = HumanText.Clean(request.DisplayName)! }, AuditEntry.Staff(user, "staff.create", null), ct)
            ?? throw ChatError.Conflict("staff_exists", "StaffExists");
        return created.ToMember();
    }

    internal static StaffSession Session(StaffRecord member, TokenService tokens, AccountOptions options)
    {
        var (token, expires) = tokens.Issue(TokenKind.Staff, member.Id, member.TokenVersion, options.StaffTokenLifetime);
        return new StaffSession(token, expires, member.ToMember());
    }

    internal static async Task<VisitorMe> MeAsync(Guid id, VisitorStore visitors, PolicyStore policies, CancellationToken ct)
    {
        var visitor = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound(HubErrors.Forbidden, "Unauthorized");
        var current = await policies.CurrentVersionAsync(ct);
        return new VisitorMe(visitor.Id, visitor.Name, visitor.Email, visitor.Phone, visitor.Organization, visitor.AcceptedPolicyVersion, current,
            visitor.Status, visitor.StatusReason, visitor.StatusClause, visitor.EmailVerified, visitor.PendingEmail,
            visitor.ProfileHeld ? Text.Get("ModerationProfileHeld") : null);
    }

    private static string? ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
