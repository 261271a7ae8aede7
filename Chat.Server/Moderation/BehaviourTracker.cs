using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Moderation;

/// <summary>
/// Clause 3 behaviour, counted per visitor in Redis so every instance sees the same numbers: flooding, the same
/// message again and again, bursts of links. Fixed windows, one script per message (the keys share a hash tag).
/// </summary>
internal sealed class BehaviourTracker(IConnectionMultiplexer redis, RedisKeys keys, IOptions<ModerationOptions> options)
{
    private static readonly LuaScript Count = LuaScript.Prepare("""
        local function bump(key, by, window)
            if by == 0 then
                return tonumber(redis.call('GET', key) or '0')
            end
            local n = redis.call('INCRBY', key, by)
            if n == by then redis.call('PEXPIRE', key, window) end
            return n
        end
        local flood = bump(@flood, 1, @floodWindow)
        local links = bump(@links, tonumber(@linkCount), @linkWindow)
        local repeats = 0
        if @countRepeat == '1' then repeats = bump(@repeat, 1, @repeatWindow) end
        return { flood, links, repeats }
        """);

    /// <summary>Counts the message; returns true when it crosses a behaviour limit.</summary>
    public async Task<bool> IsSpamAsync(Guid senderId, TextFacts facts)
    {
        var o = options.Value;
        var countRepeat = facts.NormalizedLength >= o.RepeatMinLength;
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Count, new
        {
            flood = (RedisKey)keys.ModerationFlood(senderId),
            links = (RedisKey)keys.ModerationLinks(senderId),
            repeat = (RedisKey)keys.ModerationRepeat(senderId, facts.NormalizedHash),
            floodWindow = (long)o.FloodWindow.TotalMilliseconds,
            linkWindow = (long)o.LinkWindow.TotalMilliseconds,
            repeatWindow = (long)o.RepeatWindow.TotalMilliseconds,
            linkCount = facts.Links,
            countRepeat = countRepeat ? "1" : "0",
        }))!;
        var flood = (long)result[0];
        var links = (long)result[1];
        var repeats = (long)result[2];
        return flood > o.FloodMessages
            || (facts.Links > 0 && links > o.LinkBurst)
            || (countRepeat && repeats >= o.RepeatLimit);
    }
}
