using System.Globalization;
using Chat.Server.Hubs;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Metrics;

/// <summary>
/// Pushes the live figures to watching supervisors every push interval and stores a sample every sample interval.
/// One instance does each round (a short Redis lock); the backplane carries the push to every instance's connections.
/// </summary>
internal sealed class MetricsBroadcastService(
    QueueMetricsReader reader,
    MetricsHistoryStore history,
    IHubContext<AgentHub, IAgentClient> hub,
    IConnectionMultiplexer redis,
    RedisKeys keys,
    IOptions<MetricsOptions> options,
    TimeProvider time,
    ILogger<MetricsBroadcastService> logger) : BackgroundService
{
    /// <summary>The SignalR group of supervisor connections that asked for live figures.</summary>
    public const string Group = "supervisors:metrics";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var owner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var timer = new PeriodicTimer(o.PushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var db = redis.GetDatabase();
                if (!await db.StringSetAsync(keys.MetricsPushLock, owner, o.PushInterval * 0.8, When.NotExists))
                {
                    continue;
                }

                var metrics = await reader.ReadAsync(stoppingToken);
                await hub.Clients.Group(Group).MetricsUpdated(metrics);
                if (await db.StringSetAsync(keys.MetricsSampleLock, owner, o.SampleInterval * 0.9, When.NotExists))
                {
                    await history.AddAsync(metrics, o.Retention, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Redis or PostgreSQL may blip; the next tick tries again.
                logger.LogWarning(e, "Metrics round failed");
            }
        }
    }
}
