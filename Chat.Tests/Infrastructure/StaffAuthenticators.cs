using System.Collections.Concurrent;
using OtpNet;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// The authenticator "phone" of every test staff account enrolled in two-factor sign-in: its secret (to compute
/// codes, as an app does) and its unused recovery codes.
/// </summary>
public static class StaffAuthenticators
{
    private static readonly ConcurrentDictionary<string, Authenticator> Phones = new(StringComparer.OrdinalIgnoreCase);

    public static void Add(string username, string secret, IEnumerable<string> recoveryCodes) =>
        Phones[username] = new Authenticator(secret, new ConcurrentQueue<string>(recoveryCodes));

    public static bool Has(string username) => Phones.ContainsKey(username);

    /// <summary>The code an authenticator app shows for this account at <paramref name="at"/> (now when null).</summary>
    public static string Code(string username, DateTimeOffset? at = null) => CodeFor(Phones[username].Secret, at);

    public static string CodeFor(string secret, DateTimeOffset? at = null) =>
        new Totp(Base32Encoding.ToBytes(secret.Replace(" ", string.Empty, StringComparison.Ordinal))).ComputeTotp((at ?? DateTimeOffset.UtcNow).UtcDateTime);

    /// <summary>One recovery code, never handed out twice (each works once).</summary>
    public static string TakeRecoveryCode(string username) =>
        Phones[username].RecoveryCodes.TryDequeue(out var code) ? code : throw new InvalidOperationException($"{username} has no recovery codes left.");

    private sealed record Authenticator(string Secret, ConcurrentQueue<string> RecoveryCodes);
}
