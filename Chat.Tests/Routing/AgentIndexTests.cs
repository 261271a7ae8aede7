using System.Globalization;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Routing;
using Chat.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Chat.Tests.Routing;

/// <summary>
/// The agent indexes that make assignment O(log agents) (<c>online:TOPIC</c>, <c>free:TOPIC</c>, <c>seats</c>; see
/// <c>Routing/Scripts/agents.include.lua</c>) must say exactly what the rule says about each agent after every kind of
/// change: capacity, topics, away, offline, assignment, close, transfer, heartbeat and its expiry. Real Redis, the
/// real scripts, a fake clock.
/// </summary>
public sealed class AgentIndexTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(45);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly RedisKeys keys = new(TestServices.NewPrefix());
    private readonly Dictionary<Guid, string> names = [];
    private ConnectionMultiplexer redis = null!;
    private Router router = null!;

    private IDatabase Db => redis.GetDatabase();

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        router = new Router(redis, keys, clock, Options.Create(new RoutingOptions { HeartbeatTtl = Ttl, AssignBatch = 100 }));
    }

    // The keys carry this test's own prefix, like every cluster's.
    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task IndexFollowsCapacityTopicsAwayOfflineAssignmentCloseTransferAndHeartbeatExpiry()
    {
        var a = Agent("a");
        var b = Agent("b");
        var c = Agent("c");
        await Online(a, 2, Topics.Technical);
        await Online(b, 1, Topics.Technical, Topics.Account);
        await Online(c, 3, Topics.Account);
        await IndexMatchesAsync();
        (await router.SnapshotAsync(Topics.Technical)).Should().Match<QueueSnapshot>(s => s.AgentsOnline == 2 && s.Seats == 3);
        (await router.SnapshotAsync(Topics.Account)).Should().Match<QueueSnapshot>(s => s.AgentsOnline == 2 && s.Seats == 4);

        // Three technical chats: a and b tie at no load, then a (2 seats) takes the third once b is full.
        var t1 = await Queue(Topics.Technical);
        var t2 = await Queue(Topics.Technical);
        var t3 = await Queue(Topics.Technical);
        var first = await router.AssignAsync();
        first.Select(p => p.Conversation).Should().Equal(t1, t2, t3);
        first.Count(p => p.Agent == a).Should().Be(2);
        first.Count(p => p.Agent == b).Should().Be(1);
        await IndexMatchesAsync();
        (await Db.SortedSetLengthAsync(keys.FreeAgents(Topics.Technical))).Should().Be(0, "both technical agents are full");

        // b is full, so an account chat goes to c even though b takes accounts too.
        var k1 = await Queue(Topics.Account);
        (await router.AssignAsync()).Should().Equal((k1, c));
        await IndexMatchesAsync();

        // Capacity: a down to 1 while holding 2 stays full; up to 3 has a seat again.
        await Online(a, 1, Topics.Technical);
        await IndexMatchesAsync();
        await Online(a, 3, Topics.Technical);
        await IndexMatchesAsync();
        (await Db.SortedSetScoreAsync(keys.FreeAgents(Topics.Technical), Id(a))).Should().NotBeNull();

        // Topics: b gives up technical, takes procurement; its seat count moves with it.
        await Online(b, 2, Topics.Account, Topics.Procurement);
        await IndexMatchesAsync();
        (await Db.SortedSetScoreAsync(keys.OnlineAgents(Topics.Technical), Id(b))).Should().BeNull();
        (await router.SnapshotAsync(Topics.Technical)).Seats.Should().Be(3);

        // Away and back.
        await Set(c, PresenceStatus.Away, 3, Topics.Account);
        await IndexMatchesAsync();
        (await router.SnapshotAsync(Topics.Account)).AgentsOnline.Should().Be(1);
        await Online(c, 3, Topics.Account);
        await IndexMatchesAsync();

        // Close: the seat is free again at once.
        (await router.ReleaseAsync(t3)).Agent.Should().NotBeNull();
        await IndexMatchesAsync();

        // Transfer: the account chat moves from c to b.
        (await router.MoveSeatAsync(k1, c, b, Topics.Account, clock.GetUtcNow())).Should().Be(1);
        await IndexMatchesAsync();

        // Offline: a's chats go back to the queue; a leaves every index.
        var released = await router.SetPresenceAsync(a, names[a], PresenceStatus.Offline, 3, [Topics.Technical]);
        released!.Requeued.Should().NotBeEmpty();
        await IndexMatchesAsync();
        (await Db.SortedSetLengthAsync(keys.OnlineAgents(Topics.Technical))).Should().Be(0);
        (await router.SnapshotAsync(Topics.Technical)).Should().Match<QueueSnapshot>(s => s.AgentsOnline == 0 && s.Seats == 0);

        // Heartbeats: b's chats close, so b (idle longest) is next in line for accounts; c keeps beating, b falls
        // silent. Past b's expiry b is no longer available, and the assignment drops it from the indexes on the way.
        await router.ReleaseAsync(k1);
        await router.ReleaseAsync(first.Single(p => p.Agent == b).Conversation);
        await IndexMatchesAsync();
        (await Db.SortedSetRangeByRankAsync(keys.FreeAgents(Topics.Account), 0, 0)).Single().ToString().Should().Be(Id(b));
        clock.Advance(Ttl / 2);
        (await router.HeartbeatAsync(c)).Should().BeTrue();
        await IndexMatchesAsync();
        clock.Advance((Ttl / 2) + TimeSpan.FromSeconds(1));
        (await router.SnapshotAsync(Topics.Account)).AgentsOnline.Should().Be(1, "b's heartbeat has expired");
        var k2 = await Queue(Topics.Account);
        (await router.AssignAsync()).Should().Equal((k2, c));
        (await Db.SortedSetScoreAsync(keys.FreeAgents(Topics.Account), Id(b))).Should().BeNull();
        (await Db.SortedSetScoreAsync(keys.OnlineAgents(Topics.Procurement), Id(b))).Should().BeNull();
        var p1 = await Queue(Topics.Procurement);
        (await router.AssignAsync()).Should().BeEmpty("b, the only procurement agent, has expired");

        // The sweep takes b offline; nothing of b is left in the indexes, and the procurement chat waits.
        (await router.ExpireAsync()).Should().ContainSingle(r => r.AgentId == b);
        await IndexMatchesAsync();
        (await Db.SortedSetScoreAsync(keys.QueueAll, Id(p1))).Should().NotBeNull();

        // Rebuilt from scratch (an instance starting), the indexes come out the same, even over a wrong seat count.
        await Db.HashSetAsync(keys.Seats, Topics.Account, 99);
        (await router.ReindexAsync()).Should().Be(1);
        await IndexMatchesAsync();
    }

    [Fact]
    public async Task TheSupervisorsFiguresListTheAgentsAtWorkAndNotThoseWhoseHeartbeatExpiredOrWhoWentOffline()
    {
        var a = Agent("a");
        var b = Agent("b");
        var c = Agent("c");
        await Online(a, 2, Topics.Technical);
        await Online(b, 1, Topics.Technical);
        await Set(c, PresenceStatus.Away, 1, Topics.Account);
        var d = Agent("d");
        await Online(d, 1, Topics.Account);
        await Set(d, PresenceStatus.Offline, 1, Topics.Account);

        // a and c keep beating; b falls silent and expires.
        clock.Advance(Ttl / 2);
        (await router.HeartbeatAsync(a)).Should().BeTrue();
        (await router.HeartbeatAsync(c)).Should().BeTrue();
        clock.Advance((Ttl / 2) + TimeSpan.FromSeconds(1));

        var json = (string)(await Db.ScriptEvaluateAsync(RoutingScripts.Load("metrics"), new
        {
            prefix = (RedisKey)keys.Routing,
            now = Now,
            topics = System.Text.Json.JsonSerializer.Serialize(Topics.All),
        }))!;
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var listed = doc.RootElement.GetProperty("agents").EnumerateArray()
            .ToDictionary(x => x.GetProperty("id").GetString()!, x => x.GetProperty("status").GetString());
        listed.Should().BeEquivalentTo(new Dictionary<string, string?> { [Id(a)] = "online", [Id(c)] = "away" });
    }

    private Guid Agent(string name)
    {
        var id = Guid.NewGuid();
        names[id] = "Agen " + name;
        return id;
    }

    private Task Online(Guid agent, int capacity, params string[] topics) => Set(agent, PresenceStatus.Online, capacity, topics);

    private async Task Set(Guid agent, PresenceStatus status, int capacity, params string[] topics) =>
        await router.SetPresenceAsync(agent, names[agent], status, capacity, topics);

    private async Task<Guid> Queue(string topic)
    {
        var conversation = Guid.CreateVersion7();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await router.EnqueueAsync(conversation, topic, Guid.NewGuid(), clock.GetUtcNow());
        return conversation;
    }

    /// <summary>The indexes hold exactly the agents that are online, with a heartbeat, in each of their topics, scored as the rule says.</summary>
    private async Task IndexMatchesAsync() =>
        (await AgentIndexCheck.ProblemsAsync(Db, keys, names.Keys, Now)).Should().BeEmpty();

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Id(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);
}
