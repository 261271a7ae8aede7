using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

/// <summary>
/// Reads the bearer token from the Authorization header, or from <c>access_token</c> on hub requests
/// (browsers cannot set headers on WebSockets), and checks the account is still valid.
/// </summary>
internal sealed class ChatTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    VisitorStore visitors,
    StaffStore staff)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var raw = ReadToken();
        if (raw is null)
        {
            return AuthenticateResult.NoResult();
        }

        var payload = tokens.Read(raw);
        if (payload is null)
        {
            return AuthenticateResult.Fail("invalid or expired token");
        }

        var claims = new List<Claim>
        {
            new(ChatClaims.Subject, payload.Id.ToString()),
            new(ChatClaims.Version, payload.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ChatClaims.Expires, payload.Expires.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (payload.Kind == TokenKind.Visitor)
        {
            var visitor = await visitors.FindAuthAsync(payload.Id, Context.RequestAborted);
            if (visitor is null || visitor.TokenVersion != payload.Version || visitor.Status == "closed")
            {
                return AuthenticateResult.Fail("revoked token");
            }

            claims.Add(new Claim(ChatClaims.Kind, "visitor"));
            claims.Add(new Claim(ChatClaims.Name, visitor.Name));
        }
        else
        {
            var member = await staff.FindAuthAsync(payload.Id, Context.RequestAborted);
            if (member is null || !member.Active || member.TokenVersion != payload.Version)
            {
                return AuthenticateResult.Fail("revoked token");
            }

            claims.Add(new Claim(ChatClaims.Kind, "staff"));
            claims.Add(new Claim(ChatClaims.Name, member.DisplayName));
            claims.Add(new Claim(ClaimTypes.Role, member.Role));
        }

        var identity = new ClaimsIdentity(claims, ChatClaims.Scheme, ChatClaims.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ChatClaims.Scheme));
    }

    private string? ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            ? Request.Query["access_token"].ToString() is { Length: > 0 } q ? q : null
            : null;
    }
}
