using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Chat.Server.Accounts;

/// <summary>What a token says: who, of which kind, and the account's token version (bumped to revoke).</summary>
public sealed record TokenPayload(TokenKind Kind, Guid Id, int Version, DateTimeOffset Expires);

public enum TokenKind
{
    Visitor,
    Staff,
}

/// <summary>
/// Opaque bearer tokens sealed with ASP.NET Core Data Protection; the key ring lives in Redis, so a token
/// issued by any instance is accepted by every instance. Revocation is by the account's token version.
/// </summary>
public sealed class TokenService(IDataProtectionProvider provider, TimeProvider time)
{
    private readonly ITimeLimitedDataProtector protector = provider.CreateProtector("Chat.Tokens.v1").ToTimeLimitedDataProtector();

    public (string Token, DateTimeOffset Expires) Issue(TokenKind kind, Guid id, int version, TimeSpan lifetime)
    {
        var expires = time.GetUtcNow() + lifetime;
        var payload = string.Create(CultureInfo.InvariantCulture, $"{(kind == TokenKind.Visitor ? 'v' : 's')}|{id:N}|{version}");
        return (protector.Protect(payload, expires), expires);
    }

    public TokenPayload? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2048)
        {
            return null;
        }

        try
        {
            var text = protector.Unprotect(token, out var expires);
            if (expires <= time.GetUtcNow())
            {
                return null;
            }

            var parts = text.Split('|');
            if (parts.Length != 3 || !Guid.TryParseExact(parts[1], "N", out var id) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var version))
            {
                return null;
            }

            var kind = parts[0] switch
            {
                "v" => TokenKind.Visitor,
                "s" => TokenKind.Staff,
                _ => (TokenKind?)null,
            };
            return kind is null ? null : new TokenPayload(kind.Value, id, version, expires);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
