using System.Globalization;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Routing;

/// <summary>An agent that went offline or expired, with the chats it gave back to the queue.</summary>
public sealed record AgentReleased(Guid AgentId, IReadOnlyList<Guid> Requeued);

/// <summary>A chat waiting in a topic's queue.</summary>
public sealed record WaitingChat(Guid Conversation, Guid Visitor, DateTimeOffset QueuedAt, bool TicketOffered);

/// <summary>A topic's queue: agents online, seats, average handling time, waiting chats in order.</summary>
public sealed record QueueSnapshot(string Topic, int AgentsOnline, int Seats, TimeSpan AverageHandle, IReadOnlyList<WaitingChat> Waiting)
{
    public QueueStatus StatusAt(int index) => Estimate(Waiting[index].Conversation, index + 1, Seats, AverageHandle, AgentsOnline);

    /// <summary>A waiting chat's status: its position, and an estimate of one average chat per seat per round ahead of it.</summary>
    public static QueueStatus Estimate(Guid conversation, int position, int seats, TimeSpan averageHandle, int agentsOnline)
    {
        var rounds = seats == 0 ? position : (int)Math.Ceiling(position / (double)seats);
        return new QueueStatus(conversation, position, (int)Math.Ceiling(rounds * averageHandle.TotalSeconds), agentsOnline);
    }

    /// <summary>The conversation's place in this queue, or null when it is not waiting here.</summary>
    public QueueStatus? StatusOf(Guid conversation)
    {
        for (var i = 0; i < Waiting.Count; i++)
        {
            if (Waiting[i].Conversation == conversation)
            {
                return StatusAt(i);
            }
        }

        return null;
    }
}

/// <summary>The queue, presence and assignment state in Redis; every multi-step change is one Lua script.</summary>
public sealed class Router(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time, IOptions<RoutingOptions> options)
{
    private static readonly LuaScript EnqueueScript = Load("enqueue");
    private static readonly LuaScript AssignScript = Load("assign");
    private static readonly LuaScript ReleaseScript = Load("release");
    private static readonly LuaScript PresenceScript = Load("presence");
    private static readonly LuaScript SnapshotScript = Load("snapshot");
    private static readonly LuaScript UnansweredScript = Load("unanswered");
    private static readonly LuaScript AnsweredScript = Load("answered");
    private static readonly LuaScript TransferScript = Load("transfer");
    private static readonly LuaScript ColleagueScript = Load("colleague");
    private static readonly LuaScript ReindexScript = Load("reindex");
    private static readonly LuaScript PositionScript = Load("position");

    private IDatabase Db => redis.GetDatabase();

    private RedisKey Prefix => keys.Routing;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private long TtlMs => (long)options.Value.HeartbeatTtl.TotalMilliseconds;

    /// <summary>Queues a conversation; returns its 1-based position, or 0 when it is already assigned.</summary>
    public async Task<int> EnqueueAsync(Guid conversation, string topic, Guid visitor, DateTimeOffset queuedAt)
    {
        var rank = await Db.ScriptEvaluateAsync(EnqueueScript, new
        {
            prefix = Prefix,
            conv = Id(conversation),
            topic,
            visitor = Id(visitor),
            score = queuedAt.ToUnixTimeMilliseconds(),
        });
        return (int)rank < 0 ? 0 : (int)rank + 1;
    }

    /// <summary>Assigns as many waiting chats as agents can take; returns (conversation, agent) pairs.</summary>
    public async Task<IReadOnlyList<(Guid Conversation, Guid Agent)>> AssignAsync()
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(AssignScript, new { prefix = Prefix, now = Now, max = options.Value.AssignBatch }))!;
        var pairs = new List<(Guid, Guid)>(result.Length / 2);
        for (var i = 0; i + 1 < result.Length; i += 2)
        {
            pairs.Add((Parse(result[i]), Parse(result[i + 1])));
        }

        return pairs;
    }

    /// <summary>Rebuilds the agent indexes from the agents' state (at start); returns how many agents are available.</summary>
    public async Task<int> ReindexAsync() => (int)await Db.ScriptEvaluateAsync(ReindexScript, new { prefix = Prefix, now = Now });

    /// <summary>Removes a conversation from routing; tells whether it was waiting and which agent held it.</summary>
    public async Task<(bool WasQueued, Guid? Agent)> ReleaseAsync(Guid conversation)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(ReleaseScript, new { prefix = Prefix, conv = Id(conversation), now = Now }))!;
        var agent = (string?)result[1];
        return ((int)result[0] == 1, string.IsNullOrEmpty(agent) ? null : Guid.ParseExact(agent, "N"));
    }

    public async Task<AgentReleased?> SetPresenceAsync(Guid agent, string name, PresenceStatus status, int capacity, IReadOnlyList<string> topics)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(PresenceScript, new
        {
            prefix = Prefix,
            op = "set",
            agent = Id(agent),
            status = status.ToString().ToLowerInvariant(),
            capacity,
            topics = "," + string.Join(',', topics) + ",",
            name,
            now = Now,
            ttl = TtlMs,
        }))!;
        return ParseReleased(result).FirstOrDefault();
    }

    /// <summary>Refreshes an agent's heartbeat; false when the agent is not online or away (it must set presence again).</summary>
    public async Task<bool> HeartbeatAsync(Guid agent)
    {
        await Db.ScriptEvaluateAsync(PresenceScript, new
        {
            prefix = Prefix, op = "heartbeat", agent = Id(agent), status = string.Empty, capacity = 0, topics = string.Empty, name = string.Empty, now = Now, ttl = TtlMs,
        });
        return await Db.SortedSetScoreAsync(keys.Presence, Id(agent)) is not null;
    }

    /// <summary>Takes agents whose heartbeat expired offline and requeues their chats.</summary>
    public async Task<IReadOnlyList<AgentReleased>> ExpireAsync()
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(PresenceScript, new
        {
            prefix = Prefix, op = "expire", agent = string.Empty, status = string.Empty, capacity = 0, topics = string.Empty, name = string.Empty, now = Now, ttl = TtlMs,
        }))!;
        return ParseReleased(result);
    }

    /// <summary>
    /// Takes back chats not answered within <paramref name="timeout"/> of their assignment (back to the queue at their
    /// old place) and marks their agents away.
    /// </summary>
    public async Task<IReadOnlyList<AgentReleased>> TakeBackUnansweredAsync(TimeSpan timeout)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(UnansweredScript, new
        {
            prefix = Prefix, now = Now, timeout = (long)timeout.TotalMilliseconds,
        }))!;
        return ParseReleased(result);
    }

    /// <summary>The assigned agent has written in the chat: the answer timeout no longer applies to this assignment.</summary>
    public Task MarkAnsweredAsync(Guid conversation, Guid agent) =>
        Db.ScriptEvaluateAsync(AnsweredScript, new { prefix = Prefix, conv = Id(conversation), agent = Id(agent) });

    /// <summary>
    /// Moves an active chat's seat from <paramref name="from"/> to <paramref name="to"/>: -1 when the chat is not with
    /// <paramref name="from"/>, 0 when <paramref name="to"/> cannot take it (not available, no free seat), 1 when moved.
    /// </summary>
    public async Task<int> MoveSeatAsync(Guid conversation, Guid from, Guid to, string topic, DateTimeOffset at) =>
        (int)await Db.ScriptEvaluateAsync(TransferScript, new
        {
            prefix = Prefix, conv = Id(conversation), from = Id(from), to = Id(to), now = at.ToUnixTimeMilliseconds(), topic,
        });

    /// <summary>The least-loaded colleague of <paramref name="from"/> who may take a chat of <paramref name="topic"/> now.</summary>
    public async Task<Guid?> ColleagueForAsync(Guid from, string topic)
    {
        var other = (string?)await Db.ScriptEvaluateAsync(ColleagueScript, new { prefix = Prefix, from = Id(from), topic, now = Now });
        return string.IsNullOrEmpty(other) ? null : Guid.ParseExact(other, "N");
    }

    public async Task<QueueSnapshot> SnapshotAsync(string topic)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(SnapshotScript, new { prefix = Prefix, topic, now = Now }))!;
        var avg = long.Parse((string)result[2]!, CultureInfo.InvariantCulture);
        var waiting = new List<WaitingChat>();
        for (var i = 3; i + 3 < result.Length; i += 4)
        {
            var visitor = (string?)result[i + 1];
            waiting.Add(new WaitingChat(
                Parse(result[i]),
                string.IsNullOrEmpty(visitor) ? Guid.Empty : Guid.ParseExact(visitor, "N"),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)result[i + 2]!, CultureInfo.InvariantCulture)),
                (string?)result[i + 3] == "1"));
        }

        return new QueueSnapshot(topic, (int)result[0], (int)result[1], AverageHandle(avg), waiting);
    }

    /// <summary>
    /// A topic's agents online and, when <paramref name="conversation"/> is waiting in its queue, that chat's place and
    /// estimate; costs O(log n), unlike <see cref="SnapshotAsync"/>, which reads the whole queue.
    /// </summary>
    public async Task<(int AgentsOnline, QueueStatus? Status)> PlaceAsync(string topic, Guid? conversation = null)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(PositionScript, new
        {
            prefix = Prefix, topic, conv = conversation is { } c ? Id(c) : string.Empty, now = Now,
        }))!;
        var agents = (int)result[1];
        if (conversation is not { } id || (long)result[0] < 0)
        {
            return (agents, null);
        }

        var avg = long.Parse((string)result[3]!, CultureInfo.InvariantCulture);
        return (agents, QueueSnapshot.Estimate(id, (int)(long)result[0] + 1, (int)result[2], AverageHandle(avg), agents));
    }

    /// <summary>The topic's measured handling time in milliseconds, or the configured default until chats have closed.</summary>
    private TimeSpan AverageHandle(long averageMs) => averageMs > 0 ? TimeSpan.FromMilliseconds(averageMs) : options.Value.DefaultHandleTime;

    /// <summary>The display name of the agent Redis has assigned the conversation to, or null when it is not assigned.</summary>
    public async Task<string?> AssignedAgentNameAsync(Guid conversation)
    {
        var agent = await Db.HashGetAsync(keys.Conversation(conversation), "agent");
        return agent.IsNullOrEmpty ? null : (string?)await Db.HashGetAsync(keys.Agent(Guid.ParseExact((string)agent!, "N")), "name");
    }

    /// <summary>Marks that a long-waiting chat was offered a ticket; true only the first time.</summary>
    public Task<bool> MarkTicketOfferedAsync(Guid conversation) => Db.HashSetAsync(keys.Conversation(conversation), "offered", 1, When.NotExists);

    public async Task<(PresenceStatus Status, int ActiveChats)> AgentStateAsync(Guid agent)
    {
        var status = await Db.HashGetAsync(keys.Agent(agent), "status");
        var online = await Db.SortedSetScoreAsync(keys.Presence, Id(agent)) is { } expiry && expiry > Now;
        var load = await Db.SetLengthAsync(keys.AgentChats(agent));
        var parsed = online && Enum.TryParse<PresenceStatus>(status.ToString(), true, out var s) ? s : PresenceStatus.Offline;
        return (parsed, (int)load);
    }

    public async Task<bool> IsAssignedToAsync(Guid conversation, Guid agent) =>
        await Db.SetContainsAsync(keys.AgentChats(agent), Id(conversation));

    /// <summary>Folds a finished chat's duration into the moving average used for wait estimates.</summary>
    public async Task RecordHandleTimeAsync(TimeSpan duration)
    {
        var previous = (long?)await Db.HashGetAsync(keys.Stats, "avgHandleMs") ?? 0;
        var sample = (long)Math.Clamp(duration.TotalMilliseconds, 30_000, 3_600_000);
        var next = previous == 0 ? sample : (long)((previous * 0.8) + (sample * 0.2));
        await Db.HashSetAsync(keys.Stats, "avgHandleMs", next);
    }

    /// <summary>True for the one instance that should run this sweep tick.</summary>
    public Task<bool> TryLeadSweepAsync(TimeSpan hold) => Db.StringSetAsync(keys.SweepLock, Environment.ProcessId, hold, When.NotExists);

    private static List<AgentReleased> ParseReleased(RedisResult[] result)
    {
        var list = new List<AgentReleased>();
        var i = 0;
        while (i + 1 < result.Length)
        {
            var agent = Parse(result[i]);
            var n = (int)result[i + 1];
            list.Add(new AgentReleased(agent, [.. result.Skip(i + 2).Take(n).Select(Parse)]));
            i += 2 + n;
        }

        return list;
    }

    private static string Id(Guid id) => id.ToString("N");

    private static Guid Parse(RedisResult value) => Guid.ParseExact((string)value!, "N");

    private static LuaScript Load(string name) => RoutingScripts.Load(name);
}
