using Chat.Server.Infrastructure;
using StackExchange.Redis;

namespace Chat.Server.RateLimits;

/// <summary>Fixed-window counters in Redis: one key per limit and caller, gone when its window ends.</summary>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis, RedisKeys keys)
{
    private static readonly LuaScript Count = LuaScript.Prepare("""
        local n = redis.call('INCR', @key)
        if n == 1 then redis.call('PEXPIRE', @key, @window) end
        return { n, redis.call('PTTL', @key) }
        """);

    /// <summary>Counts one request; returns the wait before the window reopens when over the limit, or null when it may pass.</summary>
    public async Task<TimeSpan?> TryAcquireAsync(string limit, string partition, int permits, TimeSpan window)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Count, new
        {
            key = (RedisKey)keys.Limit(limit, partition),
            window = (long)window.TotalMilliseconds,
        }))!;
        return (long)result[0] > permits ? TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])) : null;
    }
}
