using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Metrics;

/// <summary>Samples of the live figures in PostgreSQL, so a freshly opened dashboard has its charts.</summary>
public sealed class MetricsHistoryStore(NpgsqlDataSource db, TimeProvider time)
{
    private sealed record Row(DateTimeOffset At, int Waiting, int ActiveChats, int? FirstResponseSeconds)
    {
        public MetricsPoint ToPoint() => new(At, Waiting, ActiveChats, FirstResponseSeconds);
    }

    public async Task AddAsync(QueueMetrics metrics, TimeSpan retention, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO metric_samples (at, waiting, active_chats, first_response_seconds)
            VALUES (@at, @waiting, @activeChats, @firstResponse)
            ON CONFLICT (at) DO NOTHING;
            DELETE FROM metric_samples WHERE at < @cutoff;
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            at = metrics.At,
            waiting = metrics.Waiting,
            activeChats = metrics.ActiveChats,
            firstResponse = metrics.FirstResponseSeconds,
            cutoff = metrics.At - retention,
        }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<MetricsPoint>> LastHourAsync(CancellationToken ct = default)
    {
        const string sql = """
            SELECT at, waiting, active_chats AS activechats, first_response_seconds AS firstresponseseconds
            FROM metric_samples WHERE at >= @since ORDER BY at
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { since = time.GetUtcNow().AddHours(-1) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToPoint())];
    }

    public async Task<IReadOnlyList<MetricsPoint>> LastDayAsync(CancellationToken ct = default)
    {
        const string sql = """
            SELECT date_bin('15 minutes', at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS at,
                   max(waiting)::int AS waiting, max(active_chats)::int AS activechats, avg(first_response_seconds)::int AS firstresponseseconds
            FROM metric_samples WHERE at >= @since
            GROUP BY 1 ORDER BY 1
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { since = time.GetUtcNow().AddDays(-1) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToPoint())];
    }
}
