using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using StackExchange.Redis;

namespace Chat.Tests.Routing;

/// <summary>
/// Routing under concurrent churn across three instances: visitors queue, leave, end and reconnect; agents go
/// online, away and offline, close and transfer chats, and some stop heartbeating so their presence expires; every
/// instance sweeps meanwhile. Afterwards the invariants hold: no chat with two agents, no agent over capacity, and
/// each chat in exactly one place (queued in Redis and PostgreSQL, with one agent in both, or closed and gone), and the
/// agent indexes agree with the agents' state.
/// </summary>
public sealed class RoutingTortureTests
{
    private const int Agents = 12;
    private const int Capacity = 2;
    private const int Visitors = 48;
    private const int OperationsEach = 25;

    [Fact]
    public async Task ConcurrentQueueAssignTransferCloseExpiryAndDisconnectKeepTheRoutingInvariants()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 3, s => s["Routing:HeartbeatTtl"] = "00:00:03");
        var random = new Random(20261201);
        var agents = await Task.WhenAll(Enumerable.Range(0, Agents).Select(i => cluster.OnlineAgentAsync(instance: i % 3, capacity: Capacity)));
        var agentIds = agents.Select(a => a.Staff.Staff.Id).ToArray();
        var visitors = await Task.WhenAll(Enumerable.Range(0, Visitors).Select(i => cluster.RegisterVisitorAsync(instance: i % 3)));
        var refused = 0;

        // A third of the agents heartbeat like the console; the rest go silent now and then and expire.
        using var stop = new CancellationTokenSource();
        var beating = agents.Take(Agents / 3).Select(a => ChatCluster.KeepAliveAsync(a.Hub, TimeSpan.FromMilliseconds(500), stop.Token)).ToList();

        async Task Refusable(Func<Task> operation)
        {
            try
            {
                await operation();
            }
            catch (HubException)
            {
                // A clean refusal (already queued, not yours any more, closed): the race this test is about.
                Interlocked.Increment(ref refused);
            }
        }

        async Task VisitorAsync(int index, int seed)
        {
            var rnd = new Random(seed);
            var token = visitors[index].Token;
            var hub = await cluster.ConnectVisitorAsync(token, index % 3);
            for (var op = 0; op < OperationsEach; op++)
            {
                switch (rnd.Next(5))
                {
                    case 0 or 1:
                        await Refusable(() => hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.All[rnd.Next(Topics.All.Count)], null)));
                        break;
                    case 2:
                        if (await hub.InvokeAsync<ChatState?>("ResumeChat") is { Status: ConversationStatus.Queued } queued)
                        {
                            await Refusable(() => hub.InvokeAsync<LeaveQueueResult>("LeaveQueue", new LeaveQueueRequest(queued.ConversationId, false, null)));
                        }

                        break;
                    case 3:
                        if (await hub.InvokeAsync<ChatState?>("ResumeChat") is { Status: ConversationStatus.Active } active)
                        {
                            await Refusable(() => hub.InvokeAsync("EndChat", active.ConversationId));
                        }

                        break;
                    default:
                        // The visitor's network drops; the widget connects again, to another instance.
                        await hub.DisposeAsync();
                        hub = await cluster.ConnectVisitorAsync(token, rnd.Next(3));
                        break;
                }
            }
        }

        async Task AgentAsync(int index, int seed)
        {
            var rnd = new Random(seed);
            var hub = agents[index].Hub;
            for (var op = 0; op < OperationsEach; op++)
            {
                var mine = await hub.InvokeAsync<IReadOnlyList<AgentChat>>("GetMyChats");
                switch (rnd.Next(7))
                {
                    case 0 or 1:
                        await Refusable(() => hub.InvokeAsync<AgentState>("SetPresence", new SetPresenceRequest(PresenceStatus.Online, Capacity, null)));
                        break;
                    case 2:
                        await Refusable(() => hub.InvokeAsync<AgentState>("SetPresence", new SetPresenceRequest(rnd.Next(2) == 0 ? PresenceStatus.Away : PresenceStatus.Offline, Capacity, null)));
                        break;
                    case 3 when mine.Count > 0:
                        await Refusable(() => hub.InvokeAsync<CloseChatResult>("CloseChat", new CloseChatRequest(mine[rnd.Next(mine.Count)].ConversationId, true, null)));
                        break;
                    case 4 when mine.Count > 0:
                        var to = rnd.Next(2) == 0 ? agentIds[rnd.Next(Agents)] : (Guid?)null;
                        await Refusable(() => hub.InvokeAsync<TransferChatResult>("TransferChat", new TransferChatRequest(mine[rnd.Next(mine.Count)].ConversationId, to == agentIds[index] ? null : to, null, null)));
                        break;
                    default:
                        await Refusable(() => hub.InvokeAsync<bool>("Heartbeat"));
                        break;
                }
            }
        }

        var work = Enumerable.Range(0, Visitors).Select(i => VisitorAsync(i, random.Next()))
            .Concat(Enumerable.Range(0, Agents).Select(i => AgentAsync(i, random.Next())));
        await Task.WhenAll(work).WaitAsync(TimeSpan.FromMinutes(4));
        await stop.CancelAsync();
        await Task.WhenAll(beating);

        // The churn is over; the sweeps go on (expiring silent agents, assigning). The safety invariants must hold in
        // every snapshot; the agreement of Redis with PostgreSQL must be reached once the last sweep has settled.
        var redis = cluster[0].Service<IConnectionMultiplexer>().GetDatabase();
        var keys = cluster[0].Service<RedisKeys>();
        var visitorIds = visitors.Select(v => v.Visitor.VisitorId).ToArray();
        var database = cluster.Settings["Database:ConnectionString"]!;
        try
        {
            await Wait.UntilAsync(
                async () => await CheckAsync(redis, keys, agentIds, visitorIds, database),
                problems => problems.Count == 0,
                "Redis and PostgreSQL to agree on every chat",
                TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            (await CheckAsync(redis, keys, agentIds, visitorIds, database)).Should().BeEmpty("every chat is in exactly one place");
        }

        refused.Should().BeGreaterThan(0, "the operations really raced each other");
    }

    private const string Snapshot = """
        local out = { redis.call('ZRANGE', KEYS[1], 0, -1) }
        for i = 2, #KEYS do
          table.insert(out, redis.call('SMEMBERS', KEYS[i]))
        end
        return out
        """;

    private sealed record Row(Guid Id, string Status, Guid? AgentId, string Topic);

    /// <summary>Throws on a broken safety invariant; returns the chats on which Redis and PostgreSQL still differ.</summary>
    private static async Task<List<string>> CheckAsync(IDatabase redis, RedisKeys keys, Guid[] agentIds, Guid[] visitorIds, string database)
    {
        // One atomic read (a script), so that a sweep running meanwhile cannot make a consistent state look broken.
        var snapshot = (RedisResult[])(await redis.ScriptEvaluateAsync(Snapshot,
            [(RedisKey)keys.QueueAll, .. agentIds.Select(a => (RedisKey)keys.AgentChats(a))]))!;
        var queued = ((RedisResult[])snapshot[0]!).Select(m => m.ToString()).ToHashSet(StringComparer.Ordinal);
        var holder = new Dictionary<string, Guid>(StringComparer.Ordinal);
        for (var i = 0; i < agentIds.Length; i++)
        {
            var held = ((RedisResult[])snapshot[i + 1]!).Select(m => m.ToString()).ToList();
            held.Count.Should().BeLessThanOrEqualTo(Capacity, $"agent {agentIds[i]} is never over capacity");
            foreach (var conversation in held)
            {
                holder.TryAdd(conversation, agentIds[i]).Should().BeTrue($"conversation {conversation} is held by one agent only");
            }
        }

        queued.Should().NotIntersectWith(holder.Keys, "a chat with an agent is not also waiting");

        await using var connection = new NpgsqlConnection(database);
        var rows = (await connection.QueryAsync<Row>(
            "SELECT id, status, agent_id AS agentid, topic FROM conversations WHERE visitor_id = ANY(@visitorIds)", new { visitorIds })).ToList();
        var problems = new List<string>();
        foreach (var row in rows)
        {
            var id = row.Id.ToString("N");
            var inQueue = queued.Contains(id);
            var inTopic = await redis.SortedSetScoreAsync(keys.Queue(row.Topic), id) is not null;
            holder.TryGetValue(id, out var agent);
            var fine = row.Status switch
            {
                "queued" => inQueue && inTopic && agent == Guid.Empty,
                "active" => !inQueue && !inTopic && agent != Guid.Empty && agent == row.AgentId,
                _ => !inQueue && !inTopic && agent == Guid.Empty,
            };
            if (!fine)
            {
                problems.Add($"{id}: {row.Status} in PostgreSQL (agent {row.AgentId}); Redis: queued {inQueue}/{inTopic}, agent {agent}");
            }
        }

        rows.Count.Should().BeGreaterThan(Visitors / 2, "most visitors started a chat at least once");

        // The agent indexes that assignment reads say what the rule says about every agent.
        problems.AddRange(await AgentIndexCheck.ProblemsAsync(redis, keys, agentIds, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        return problems;
    }
}
