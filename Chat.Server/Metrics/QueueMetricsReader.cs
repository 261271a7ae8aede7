using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Dapper;
using Npgsql;
using StackExchange.Redis;

namespace Chat.Server.Metrics;

/// <summary>Takes the live queue figures: queues and agents from Redis in one script (Routing/Scripts/metrics.lua), counts of the hour and day from PostgreSQL.</summary>
public sealed class QueueMetricsReader(IConnectionMultiplexer redis, RedisKeys keys, NpgsqlDataSource db, TimeProvider time)
{
    private static readonly TimeZoneInfo Wita = TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar");

    private static readonly LuaScript Snapshot = Routing.RoutingScripts.Load("metrics");

    private sealed record Counts(int? FirstResponse, int ChatsLastHour, int TicketsToday, int PendingReviews);

    public async Task<QueueMetrics> ReadAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var json = (string)(await redis.GetDatabase().ScriptEvaluateAsync(Snapshot, new
        {
            prefix = (RedisKey)keys.Routing,
            now = now.ToUnixTimeMilliseconds(),
            topics = JsonSerializer.Serialize(Topics.All),
        }))!;
        using var doc = JsonDocument.Parse(json);
        var nowMs = now.ToUnixTimeMilliseconds();

        var topics = new List<TopicQueueMetrics>();
        var allWaits = new List<long>();
        foreach (var queue in Items(doc.RootElement.GetProperty("queues")))
        {
            var waits = Items(queue.GetProperty("scores")).Select(s => Math.Max(0, nowMs - (long)s.GetDouble())).ToList();
            allWaits.AddRange(waits);
            topics.Add(new TopicQueueMetrics(queue.GetProperty("topic").GetString()!, waits.Count, Seconds(waits.DefaultIfEmpty().Max()), Seconds(Average(waits))));
        }

        var agents = new List<AgentLoad>();
        foreach (var a in Items(doc.RootElement.GetProperty("agents")))
        {
            if (!a.GetProperty("alive").GetBoolean())
            {
                continue;
            }

            var status = a.GetProperty("status").GetString() switch
            {
                "online" => PresenceStatus.Online,
                "away" => PresenceStatus.Away,
                _ => PresenceStatus.Offline,
            };
            var chats = Items(a.GetProperty("chats")).Select(c => Guid.ParseExact(c.GetString()!, "N")).ToList();
            agents.Add(new AgentLoad(Guid.ParseExact(a.GetProperty("id").GetString()!, "N"), a.GetProperty("name").GetString()!, status, chats.Count,
                (int)a.GetProperty("capacity").GetDouble(), chats));
        }

        var online = agents.Where(a => a.Status == PresenceStatus.Online).ToList();
        var counts = await CountsAsync(now, ct);
        return new QueueMetrics(
            now,
            topics,
            allWaits.Count,
            Seconds(allWaits.DefaultIfEmpty().Max()),
            Seconds(Average(allWaits)),
            online.Count,
            online.Count(a => a.ActiveChats < a.Capacity),
            agents.Count(a => a.Status != PresenceStatus.Offline && a.ActiveChats >= a.Capacity),
            online.Sum(a => a.ActiveChats),
            online.Sum(a => a.Capacity),
            agents.Sum(a => a.ActiveChats),
            counts.FirstResponse,
            counts.ChatsLastHour,
            counts.TicketsToday,
            counts.PendingReviews,
            [.. agents.OrderBy(a => a.Name, StringComparer.CurrentCulture)]);
    }

    private async Task<Counts> CountsAsync(DateTimeOffset now, CancellationToken ct)
    {
        const string sql = """
            SELECT
              (SELECT avg(EXTRACT(EPOCH FROM (f.first_at - c.queued_at)))::int
                 FROM conversations c
                 CROSS JOIN LATERAL (SELECT min(m.created_at) AS first_at FROM messages m
                                     WHERE m.conversation_id = c.id AND m.sender_role = 'agent') f
                 WHERE c.queued_at >= @hourAgo AND f.first_at IS NOT NULL) AS firstresponse,
              (SELECT count(*)::int FROM conversations WHERE queued_at >= @hourAgo) AS chatslasthour,
              (SELECT count(*)::int FROM tickets WHERE created_at >= @today) AS ticketstoday,
              (SELECT count(*)::int FROM moderation_reviews WHERE status = 'pending') AS pendingreviews
            """;
        var local = TimeZoneInfo.ConvertTime(now, Wita);
        var today = new DateTimeOffset(local.Date, local.Offset).ToUniversalTime();
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<Counts>(new CommandDefinition(sql, new { hourAgo = now.AddHours(-1), today }, cancellationToken: ct));
    }

    private static IEnumerable<JsonElement> Items(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [];

    private static double Average(List<long> values) => values.Count == 0 ? 0 : values.Average();

    private static int Seconds(double ms) => (int)Math.Round(ms / 1000);
}
