using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using StackExchange.Redis;

namespace Chat.Server.Security;

/// <summary>
/// "This account changed" (deactivated, password reset, suspended, closed, reactivated), published through Redis so
/// that every instance drops its cached check of the account and closes the account's connections at once.
/// </summary>
public sealed class SessionSignals(
    IConnectionMultiplexer redis,
    RedisKeys keys,
    AccountGuard guard,
    LiveConnections connections,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<SecurityOptions> options,
    ILogger<SessionSignals> logger)
    : BackgroundService
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

    /// <summary>Subscribes, retrying while Redis is unreachable so that the app still starts (and reports not ready).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(Channel);
                queue.OnMessage(message => Apply(message.Message.ToString()));
                return;
            }
            catch (RedisException e)
            {
                logger.LogWarning(e, "Could not subscribe to session signals; retrying");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

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

        if (userId.StartsWith("v:", StringComparison.Ordinal) && options.Value.VisitorCloseGrace > TimeSpan.Zero)
        {
            ITimer? timer = null;
            timer = time.CreateTimer(
                _ =>
                {
                    Close(userId);
                    timer?.Dispose();
                },
                null,
                options.Value.VisitorCloseGrace,
                Timeout.InfiniteTimeSpan);
            return;
        }

        Close(userId);
    }

    private void Close(string userId)
    {
        var closed = connections.Close(userId);
        if (closed > 0)
        {
            logger.LogInformation("Closed {Count} connections of {User} after an account change", closed, userId);
        }
    }
}
