using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.RateLimits;
using Microsoft.Extensions.Options;

namespace Chat.Server.Email;

public static class EmailEndpoints
{
    public static IEndpointRouteBuilder MapEmail(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/visitors/signin/code", async (SignInCodeRequest request, HttpContext http, VisitorEmail email, IOptions<EmailOptions> options, CancellationToken ct) =>
        {
            var address = VisitorValidation.Email(request.Email);
            await email.SendSignInCodeAsync(address, ClientIp(http), ct);
            return Results.Accepted(value: new CodeSent(address, (int)options.Value.CodeLifetime.TotalMinutes));
        }).RequireLimit(RequestLimit.CodeRequest);

        api.MapPost("/visitors/signin", async (SignInRequest request, VisitorEmail email, TokenService tokens, VisitorStore visitors, PolicyStore policies,
            IOptions<AccountOptions> accounts, CancellationToken ct) =>
        {
            var address = VisitorValidation.Email(request.Email);
            var visitor = await email.SignInAsync(address, request.Code, ct) ?? throw ChatError.BadRequest("code_invalid", "EmailCodeInvalid");
            if (visitor.Status == "closed")
            {
                throw ChatError.Forbidden(HubErrors.AccountSuspended, "AccountClosedByHelpdesk", visitor.StatusReason);
            }

            var (token, expires) = tokens.Issue(TokenKind.Visitor, visitor.Id, visitor.TokenVersion, accounts.Value.VisitorTokenLifetime);
            return new VisitorSession(token, expires, await AccountEndpoints.MeAsync(visitor.Id, visitors, policies, ct));
        }).RequireLimit(RequestLimit.SignIn);

        var me = api.MapGroup("/visitors/me/email").RequireAuthorization(ChatClaims.VisitorPolicy);
        me.MapPost("/code", async (ClaimsPrincipal user, HttpContext http, VisitorStore visitors, VisitorEmail email, IOptions<EmailOptions> options, CancellationToken ct) =>
        {
            var visitor = await visitors.GetAsync(user.Id(), ct) ?? throw ChatError.NotFound(HubErrors.Forbidden, "Unauthorized");
            await email.ResendAsync(visitor, ClientIp(http), ct);
            return Results.Accepted(value: new CodeSent(visitor.PendingEmail ?? visitor.Email, (int)options.Value.CodeLifetime.TotalMinutes));
        }).RequireLimit(RequestLimit.CodeRequest);
        me.MapPost("/verify", async (VerifyEmailRequest request, ClaimsPrincipal user, VisitorStore visitors, PolicyStore policies, VisitorEmail email, CancellationToken ct) =>
        {
            var visitor = await visitors.GetAsync(user.Id(), ct) ?? throw ChatError.NotFound(HubErrors.Forbidden, "Unauthorized");
            return await email.VerifyAsync(visitor, request.Code, ct) switch
            {
                CodeCheck.Accepted => await AccountEndpoints.MeAsync(visitor.Id, visitors, policies, ct),
                CodeCheck.TooManyAttempts => throw ChatError.BadRequest("code_attempts", "EmailCodeTooManyAttempts"),
                _ => throw ChatError.BadRequest("code_invalid", "EmailCodeInvalid"),
            };
        });
        api.MapPost("/visitors/me/transcript", SendTranscriptAsync).RequireAuthorization(ChatClaims.VisitorPolicy);

        var supervision = api.MapGroup("/supervision/email").RequireAuthorization(ChatClaims.SupervisorPolicy);
        supervision.MapGet("/", (EmailStatusStore status, CancellationToken ct) => status.ReadAsync(ct));
        supervision.MapPut("/staff/{id:guid}", async (Guid id, StaffEmailRequest request, EmailStatusStore status, CancellationToken ct) =>
        {
            var address = string.IsNullOrWhiteSpace(request.Email) ? null : VisitorValidation.Email(request.Email);
            return await status.SetStaffEmailAsync(id, address, ct) ? Results.NoContent() : throw ChatError.NotFound(HubErrors.InvalidArgument, "InvalidArgument", "id");
        });
        return app;
    }

    /// <summary>The transcript of one of the visitor's ended chats, mailed to their verified address (clause 2).</summary>
    private static async Task<IResult> SendTranscriptAsync(
        TranscriptRequest request, ClaimsPrincipal user, VisitorStore visitors, TranscriptMail transcripts, IOptions<EmailOptions> options, CancellationToken ct)
    {
        var visitor = await visitors.GetAsync(user.Id(), ct) ?? throw ChatError.NotFound(HubErrors.Forbidden, "Unauthorized");
        if (!visitor.EmailVerified)
        {
            throw ChatError.BadRequest("email_not_verified", "EmailNotVerified");
        }

        if (!await transcripts.EnqueueAsync(visitor, request.ConversationId, ct))
        {
            throw ChatError.NotFound(HubErrors.ConversationNotFound, "TranscriptNotFound");
        }

        return Results.Accepted(value: new CodeSent(visitor.Email, 0));
    }

    internal static string? ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
