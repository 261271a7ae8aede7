using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Chat.Server.Security;

public enum AccountStanding
{
    Good,

    /// <summary>A visitor suspended for now: may read, may not write.</summary>
    Suspended,

    /// <summary>Token revoked, account deactivated or closed, or gone: the session is over.</summary>
    Revoked,
}

/// <summary>
/// Re-checks the account behind a connection on every hub call, with a short cache (cleared by
/// <see cref="SessionSignals"/>) so that a busy chat does not hit PostgreSQL for each keystroke.
/// </summary>
public sealed class AccountGuard(IMemoryCache cache, VisitorStore visitors, StaffStore staff, TimeProvider time, IOptions<SecurityOptions> options)
{
    private sealed record Current(int TokenVersion, bool Usable, DateTimeOffset? SuspendedUntil, bool Suspended);

    public async Task<AccountStanding> CheckAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true || !int.TryParse(user.FindFirstValue(ChatClaims.Version), out var version))
        {
            return AccountStanding.Revoked;
        }

        if (user.TokenExpires() <= time.GetUtcNow())
        {
            return AccountStanding.Revoked;
        }

        var id = user.Id();
        var visitor = user.IsVisitor();
        var key = ChatClaims.UserIdFor(visitor ? SenderRole.Visitor : SenderRole.Agent, id);
        if (!cache.TryGetValue(key, out Current? current) || current is null)
        {
            current = visitor ? await VisitorAsync(id, ct) : await StaffAsync(id, ct);
            cache.Set(key, current, options.Value.AccountCacheTtl);
        }

        if (!current.Usable || current.TokenVersion != version)
        {
            return AccountStanding.Revoked;
        }

        return current.Suspended && (current.SuspendedUntil is null || current.SuspendedUntil > time.GetUtcNow())
            ? AccountStanding.Suspended
            : AccountStanding.Good;
    }

    public void Forget(string userId) => cache.Remove(userId);

    private async Task<Current> VisitorAsync(Guid id, CancellationToken ct) =>
        await visitors.FindAuthAsync(id, ct) is { } v
            ? new Current(v.TokenVersion, v.Status != "closed", v.SuspendedUntil, v.Status == "suspended")
            : new Current(0, false, null, false);

    private async Task<Current> StaffAsync(Guid id, CancellationToken ct) =>
        await staff.FindAuthAsync(id, ct) is { } s
            ? new Current(s.TokenVersion, s.Active, null, false)
            : new Current(0, false, null, false);
}
