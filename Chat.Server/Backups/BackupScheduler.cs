using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chat.Server.Backups;

/// <summary>
/// Runs the backup schedule. Every instance checks, but only the one holding a PostgreSQL advisory lock backs up, and
/// it decides whether a backup is due while holding the lock, so two instances never back up the same interval.
/// </summary>
internal sealed class BackupScheduler(
    BackupService backups,
    BackupStore store,
    NpgsqlDataSource db,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<BackupScheduler> logger) : BackgroundService
{
    private const long LockKey = 0x4241_434B_5550; // "BACKUP"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        do
        {
            try
            {
                await RunIfDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                logger.LogError(e, "Backup schedule check failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Backs up when the newest good scheduled backup is older than the interval; true when this call made one.</summary>
    internal async Task<bool> RunIfDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct)))
        {
            return false;
        }

        try
        {
            var newest = await store.NewestAsync(okOnly: true, scheduledOnly: true, ct);
            if (newest is not null && time.GetUtcNow() - newest.StartedAt < options.Value.Interval)
            {
                return false;
            }

            await backups.CreateAsync(await backups.ScheduledKindAsync(ct), ct);
            return true;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@LockKey)", new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }
}
