using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Conversations;

/// <summary>A fixed-window message counter per sender in Redis, so flooding is counted across every instance.</summary>
public sealed class SenderRateLimiter(IConnectionMultiplexer redis, RedisKeys keys, IOptions<ConversationOptions> options)
{
    private static readonly LuaScript Count = LuaScript.Prepare("""
        local n = redis.call('INCR', @key)
        if n == 1 then redis.call('PEXPIRE', @key, @window) end
        return { n, redis.call('PTTL', @key) }
        """);

    /// <summary>Counts one message; returns the wait before the window reopens, or null when the message may pass.</summary>
    public async Task<TimeSpan?> TryAcquireAsync(Guid senderId)
    {
        var o = options.Value;
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Count, new
        {
            key = (RedisKey)keys.RateWindow(senderId),
            window = (long)o.RateWindow.TotalMilliseconds,
        }))!;
        return (long)result[0] > o.RateLimit ? TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])) : null;
    }
}
