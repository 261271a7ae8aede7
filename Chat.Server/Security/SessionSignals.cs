using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using StackExchange.Redis;

namespace Chat.Server.Security;

/// <summary>
/// "This account changed" (deactivated, password reset, suspended, closed, reactivated), published through Redis so
/// that every instance drops its cached check of the account and closes the account's connections at once.
/// </summary>
public sealed class SessionSignals(IConnectionMultiplexer redis, RedisKeys keys, AccountGuard guard, LiveConnections connections, ILogger<SessionSignals> logger)
    : IHostedService
{
    private RedisChannel Channel => RedisChannel.Literal(keys.SessionSignals);

    /// <summary>
    /// Signals every instance that the account changed. <paramref name="closeConnections"/> ends its live sessions
    /// (deactivation, password reset, suspension, closure); false only refreshes the cached check (reactivation).
    /// </summary>
    public async Task AccountChangedAsync(SenderRole kind, Guid id, bool closeConnections = true)
    {
        var message = (closeConnections ? "close|" : "check|") + ChatClaims.UserIdFor(kind, id);

        // Locally first: the caller's own instance must not depend on the round trip.
        Apply(message);
        await redis.GetSubscriber().PublishAsync(Channel, message);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(Channel);
        queue.OnMessage(message => Apply(message.Message.ToString()));
    }

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Channel);

    private void Apply(string message)
    {
        if (message.Split('|') is not [var action, var userId])
        {
            return;
        }

        guard.Forget(userId);
        if (action != "close")
        {
            return;
        }

        var closed = connections.Close(userId);
        if (closed > 0)
        {
            logger.LogInformation("Closed {Count} connections of {User} after an account change", closed, userId);
        }
    }
}
