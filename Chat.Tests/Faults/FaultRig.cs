using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Faults;

/// <summary>A visitor and the agent the router gave their chat to, both connected through nginx.</summary>
public sealed record ChatPair(Guid Conversation, ResilientChatClient Visitor, ResilientChatClient Agent);

/// <summary>What one scenario's check found, counted over every conversation and both sides.</summary>
public sealed record FaultReport(string Scenario, int Acked, int Lost, int Duplicated, int OutOfOrder, int Retries, int Reconnects)
{
    public override string ToString() =>
        $"{Scenario}: {Acked} acked, {Lost} lost, {Duplicated} duplicated, {OutOfOrder} out of order ({Retries} sends retried, {Reconnects} reconnects)";
}

/// <summary>
/// The deployment of deploy/ run for real: Chat.Server processes behind nginx, optionally with a Redis and a database
/// of their own so a fault can be injected without touching other tests. A small in-process instance on the same
/// Redis prefix and database serves only as the operator's hand (it creates staff accounts); clients never use it.
/// </summary>
public sealed class FaultRig : IAsyncDisposable
{
    private const string StaffPassword = "kata-sandi-uji-123";
    private readonly List<ResilientChatClient> clients = [];

    private FaultRig(RedisProcess? redis, ChatCluster admin, ServerProcess[] servers, NginxFront front)
    {
        Redis = redis;
        Admin = admin;
        Servers = servers;
        Front = front;
    }

    public RedisProcess? Redis { get; }

    public ChatCluster Admin { get; }

    public ServerProcess[] Servers { get; }

    public NginxFront Front { get; }

    /// <summary>The scenario's size: small in the test suite, larger from bench/faults.sh (CHAT_FAULTS_PAIRS, CHAT_FAULTS_MESSAGES).</summary>
    public static int Pairs { get; } = int.Parse(Environment.GetEnvironmentVariable("CHAT_FAULTS_PAIRS") ?? "2", System.Globalization.CultureInfo.InvariantCulture);

    public static int MessagesPerSide { get; } = int.Parse(Environment.GetEnvironmentVariable("CHAT_FAULTS_MESSAGES") ?? "12", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How long a Redis or PostgreSQL outage lasts past the first failed send (CHAT_FAULTS_OUTAGE seconds; 0 = a restart).</summary>
    public static TimeSpan Outage { get; } = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("CHAT_FAULTS_OUTAGE") ?? "0", System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<FaultRig> StartAsync(int servers = 2, bool ownRedis = false, bool ownDatabase = false, Action<Dictionary<string, string?>>? configure = null)
    {
        var redis = ownRedis ? await RedisProcess.StartAsync() : null;
        var admin = await ChatCluster.StartAsync(1, s =>
        {
            if (redis is not null)
            {
                s["Redis:Configuration"] = redis.Configuration;
                s["Backups:RedisConfiguration"] = redis.AdminConfiguration;
            }

            // Traffic from a test, not a flood: the per-sender limits would refuse it.
            s["Conversations:RateLimit"] = "1000";
            s["Moderation:FloodMessages"] = "1000";
            s["Moderation:RepeatLimit"] = "1000";
            configure?.Invoke(s);
        }, isolatedDatabase: ownDatabase);
        var processes = await Task.WhenAll(Enumerable.Range(0, servers).Select(_ => ServerProcess.StartAsync(admin.Settings)));
        var front = await NginxFront.StartAsync(processes.Select(p => p.Port));
        return new FaultRig(redis, admin, processes, front);
    }

    /// <summary>
    /// Opens <paramref name="pairs"/> chats through nginx. Client i is pinned (by its token's hash) to instance
    /// i mod N, so every instance holds visitors and agents: each login or registration is a new token, and one
    /// that lands elsewhere is simply not used.
    /// </summary>
    public async Task<IReadOnlyList<ChatPair>> OpenChatsAsync(int pairs, Uri? agentNetwork = null)
    {
        var agents = new List<ResilientChatClient>();
        for (var i = 0; i < pairs; i++)
        {
            agents.Add(await OnlineAgentAsync(i, agentNetwork));
        }

        var chats = new List<ChatPair>();
        for (var i = 0; i < pairs; i++)
        {
            var token = await PinAsync(i, async () => (await Admin.RegisterVisitorAsync()).Token, null);
            var visitor = await ResilientChatClient.ConnectAsync(Front.BaseAddress, "hubs/visitor", token, agent: false);
            clients.Add(visitor);
            var started = await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Technical, null));
            var conversation = started.Chat!.ConversationId;
            await visitor.Events.WaitAsync<ChatAssigned>(nameof(IVisitorClient.ChatAssigned), a => a.ConversationId == conversation);
            var agent = await WhoTookAsync(agents, conversation);
            visitor.Join(conversation);
            agent.Join(conversation);
            chats.Add(new ChatPair(conversation, visitor, agent));
        }

        return chats;
    }

    /// <summary>
    /// An agent with one seat, online, pinned to instance <paramref name="index"/> mod N; connected through nginx, or
    /// through <paramref name="network"/> (a <see cref="TcpRelay"/> in front of nginx) to give it a network of its own.
    /// </summary>
    public async Task<ResilientChatClient> OnlineAgentAsync(int index, Uri? network = null)
    {
        var staff = await Admin.CreateStaffAsync(capacity: 1);
        var token = await PinAsync(index, async () => await LoginAsync(staff.Staff.Username), staff.Token);
        var agent = await ResilientChatClient.ConnectAsync(network ?? Front.BaseAddress, "hubs/agent", token, agent: true);
        clients.Add(agent);
        await agent.Hub.InvokeAsync<AgentState>("SetPresence", new SetPresenceRequest(PresenceStatus.Online, 1, null));
        return agent;
    }

    /// <summary>The instance (by index) a client's requests are pinned to now.</summary>
    public async Task<int> InstanceOfAsync(ResilientChatClient client)
    {
        var port = await Front.PinnedPortAsync(client.Token);
        return Array.FindIndex(Servers, s => s.Port == port);
    }

    /// <summary>
    /// Both sides of every chat send <paramref name="perSide"/> messages, each side one after the other (as people
    /// type), all chats at once. <paramref name="progress"/> completes when a third of all messages were acknowledged,
    /// so a fault lands mid-traffic.
    /// </summary>
    public static Task TrafficAsync(IReadOnlyList<ChatPair> chats, int perSide, TaskCompletionSource progress)
    {
        var total = chats.Count * 2 * perSide;
        var done = 0;
        async Task Side(ResilientChatClient client, string text)
        {
            for (var k = 0; k < perSide; k++)
            {
                await client.SendAsync($"{text} {k + 1}", TimeSpan.FromMinutes(2));
                if (Interlocked.Increment(ref done) >= total / 3)
                {
                    progress.TrySetResult();
                }
            }
        }

        return Task.WhenAll(chats.SelectMany(c => new[]
        {
            Side(c.Visitor, "Mohon bantuan, dokumen penawaran belum terunggah, percobaan ke"),
            Side(c.Agent, "Baik, silakan ulangi unggah dari menu penawaran, langkah"),
        }));
    }

    /// <summary>
    /// After the fault healed: each side catches up, then the stored history is compared with what was acknowledged
    /// and with what each side holds. Lost = acknowledged but missing (stored or at a side); duplicated = one client
    /// message id stored twice; out of order = a sender's messages stored in another order than sent.
    /// </summary>
    public static async Task<FaultReport> CheckAsync(string scenario, IReadOnlyList<ChatPair> chats)
    {
        int acked = 0, lost = 0, duplicated = 0, outOfOrder = 0;
        foreach (var chat in chats)
        {
            await chat.Visitor.CatchUpAsync();
            await chat.Agent.CatchUpAsync();
            var history = await chat.Visitor.Hub.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMessagesAfter", chat.Conversation, 0L);
            history.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), "sequence numbers are gapless from 1");
            var stored = history.Where(m => m.ClientMessageId is not null).GroupBy(m => m.ClientMessageId!.Value).ToDictionary(g => g.Key, g => g.ToList());
            duplicated += stored.Values.Sum(g => g.Count - 1);
            foreach (var side in new[] { chat.Visitor, chat.Agent })
            {
                var mine = side.Acked;
                acked += mine.Count;
                var previous = 0L;
                foreach (var (id, sequence) in mine)
                {
                    if (!stored.TryGetValue(id, out var copies) || copies[0].Sequence != sequence)
                    {
                        lost++;
                        continue;
                    }

                    outOfOrder += sequence < previous ? 1 : 0;
                    previous = sequence;
                }
            }

            // Both sides hold exactly the stored history (a side holds each sequence once by construction; what
            // matters is that nothing is missing and nothing differs).
            foreach (var side in new[] { chat.Visitor, chat.Agent })
            {
                var held = side.Received.ToDictionary(m => m.Sequence);
                lost += history.Count(m => m.ClientMessageId is not null && (!held.TryGetValue(m.Sequence, out var h) || h.MessageId != m.MessageId));
                duplicated += side.Conflicts;
            }
        }

        var report = new FaultReport(scenario, acked, lost, duplicated, outOfOrder,
            chats.Sum(c => c.Visitor.Retries + c.Agent.Retries), chats.Sum(c => c.Visitor.Reconnects + c.Agent.Reconnects));
        if (Environment.GetEnvironmentVariable("CHAT_FAULTS_REPORT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, report + Environment.NewLine);
        }

        return report;
    }

    private async Task<string> PinAsync(int index, Func<Task<string>> newToken, string? first)
    {
        var want = Servers[index % Servers.Length].Port;
        var token = first ?? await newToken();
        for (var attempt = 0; await Front.PinnedPortAsync(token) != want; attempt++)
        {
            attempt.Should().BeLessThan(40, "a fresh token hashes to each instance about evenly");
            token = await newToken();
        }

        return token;
    }

    private async Task<string> LoginAsync(string username)
    {
        using var http = new HttpClient { BaseAddress = Front.BaseAddress };
        var response = await http.PostAsJsonAsync("api/staff/login", new StaffLoginRequest(username, StaffPassword));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StaffSession>())!.Token;
    }

    private static async Task<ResilientChatClient> WhoTookAsync(List<ResilientChatClient> agents, Guid conversation) =>
        (await Wait.UntilAsync(
            () => Task.FromResult(agents.FirstOrDefault(a => a.Events.All<AgentChat>(nameof(IAgentClient.ChatAssigned)).Any(c => c.ConversationId == conversation))),
            a => a is not null,
            $"an agent to receive {conversation}"))!;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await Front.DisposeAsync();
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        await Admin.DisposeAsync();
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }
}
