using Chat.Server.Backups;
using Chat.Server.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Chat.Server.Observability;

/// <summary>Refreshes what the gauges report (queues from Redis, backup state from PostgreSQL) every few seconds.</summary>
internal sealed class GaugeSnapshotService(
    ChatMetrics metrics,
    QueueMetricsReader queues,
    BackupService backups,
    TimeProvider time,
    IOptions<ObservabilityOptions> options,
    ILogger<GaugeSnapshotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GaugeInterval, time);
        do
        {
            try
            {
                var queue = await queues.ReadAsync(stoppingToken);
                var backup = await backups.StatusAsync(stoppingToken);
                metrics.Snapshot = new GaugeSnapshot(
                    queue.Topics,
                    backup.LastSuccessAt is { } at ? (time.GetUtcNow() - at).TotalSeconds : null,
                    backup.Last?.Ok);
            }
            catch (Exception e) when (e is NpgsqlException or RedisException)
            {
                metrics.DependencyError(e is NpgsqlException ? "postgresql" : "redis");
                logger.LogWarning("Gauges not refreshed: {Reason}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
