using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chat.Server.Retention;

/// <summary>Applies retention once per interval (daily), on one instance at a time (a PostgreSQL advisory lock).</summary>
public sealed class RetentionScheduler(RetentionStore store, NpgsqlDataSource db, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionScheduler> logger)
    : BackgroundService
{
    private const long LockKey = 0x5245_5445_4E54; // "RETENT"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                logger.LogError(e, "Retention run failed");
            }
        }
    }

    /// <summary>One run; null when another instance holds the lock.</summary>
    public async Task<RetentionReport?> RunAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct)))
        {
            return null;
        }

        try
        {
            var report = await store.ApplyAsync(dryRun: false, ct);
            logger.LogInformation("Retention: {Visitors} visitors anonymised ({Conversations} conversations, {Tickets} tickets), {Held} held", report.Visitors, report.Conversations, report.Tickets, report.Held);
            return report;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@LockKey)", new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }
}
