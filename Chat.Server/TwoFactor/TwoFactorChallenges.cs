using System.Globalization;
using System.Security.Cryptography;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.DataProtection;

namespace Chat.Server.TwoFactor;

/// <summary>What a challenge says: which account, at which token version (a password reset voids it), which step.</summary>
public sealed record ChallengePayload(Guid StaffId, int TokenVersion, TwoFactorStep Step);

/// <summary>
/// The proof, between the two steps of a staff sign-in, that the password was right: sealed with the shared key ring
/// (any instance accepts it) and valid for <see cref="Lifetime"/>. It grants nothing but the second step.
/// </summary>
public sealed class TwoFactorChallenges(IDataProtectionProvider provider, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector protector = provider.CreateProtector("Chat.TwoFactor.Challenge.v1").ToTimeLimitedDataProtector();

    public TwoFactorChallenge Issue(Guid staffId, int tokenVersion, TwoFactorStep step)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var payload = string.Create(CultureInfo.InvariantCulture, $"{staffId:N}|{tokenVersion}|{(step == TwoFactorStep.Enrol ? 'e' : 'c')}");
        return new TwoFactorChallenge(protector.Protect(payload, expires), step, expires);
    }

    public ChallengePayload? Read(string? challenge)
    {
        if (string.IsNullOrWhiteSpace(challenge) || challenge.Length > 2048)
        {
            return null;
        }

        try
        {
            var text = protector.Unprotect(challenge, out var expires);
            var parts = text.Split('|');
            if (expires <= time.GetUtcNow() || parts.Length != 3 || !Guid.TryParseExact(parts[0], "N", out var id)
                || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var version) || parts[2] is not ("e" or "c"))
            {
                return null;
            }

            return new ChallengePayload(id, version, parts[2] == "e" ? TwoFactorStep.Enrol : TwoFactorStep.Code);
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
