using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Accounts;

/// <summary>
/// Back-off on failed staff sign-ins, kept in Redis so every instance counts together. Failures count per account
/// from one source address, and per source address over all accounts; a caller over either limit is refused until
/// the window passes, when the counter is gone and starts from zero. Someone guessing from one address slows only
/// themselves: the account's owner, signing in from elsewhere, is not locked out.
/// </summary>
public sealed class LoginThrottle(IConnectionMultiplexer redis, RedisKeys keys, IOptions<AccountOptions> options)
{
    public async Task<bool> IsBlockedAsync(string username, string address)
    {
        var o = options.Value;
        var db = redis.GetDatabase();
        var account = (long?)await db.StringGetAsync(keys.LoginFailures(username, address)) ?? 0;
        var source = (long?)await db.StringGetAsync(keys.LoginFailuresFrom(address)) ?? 0;
        return account >= o.MaxFailedLogins || source >= o.MaxFailedLoginsPerAddress;
    }

    public async Task FailedAsync(string username, string address)
    {
        var window = options.Value.LockoutDuration;
        var db = redis.GetDatabase();
        foreach (var key in new[] { keys.LoginFailures(username, address), keys.LoginFailuresFrom(address) })
        {
            await db.StringIncrementAsync(key);

            // The window starts at the first failure; when it ends the key (and so the count) is gone.
            await db.KeyExpireAsync(key, window, ExpireWhen.HasNoExpiry);
        }
    }

    public Task SucceededAsync(string username, string address) =>
        redis.GetDatabase().KeyDeleteAsync(keys.LoginFailures(username, address));

    /// <summary>A sign-in completed with its second factor: the account's code failures clear too.</summary>
    public Task SucceededAsync(string username, string address, Guid staffId) =>
        redis.GetDatabase().KeyDeleteAsync([keys.LoginFailures(username, address), keys.TwoFactorFailures(staffId)]);

    /// <summary>
    /// Wrong second-factor codes for one account from any address: someone who has the password and many addresses
    /// still gets <see cref="AccountOptions.MaxFailedCodes"/> guesses per window, not a million.
    /// </summary>
    public async Task<bool> IsCodeBlockedAsync(Guid staffId) =>
        ((long?)await redis.GetDatabase().StringGetAsync(keys.TwoFactorFailures(staffId)) ?? 0) >= options.Value.MaxFailedCodes;

    public async Task CodeFailedAsync(Guid staffId)
    {
        var db = redis.GetDatabase();
        var key = keys.TwoFactorFailures(staffId);
        await db.StringIncrementAsync(key);
        await db.KeyExpireAsync(key, options.Value.LockoutDuration, ExpireWhen.HasNoExpiry);
    }
}
