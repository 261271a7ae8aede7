using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using OtpNet;

namespace Chat.Load;

/// <summary>The bare relay: sender on one instance, receiver on the other, one group per conversation.</summary>
internal sealed class RelayTarget : ILoadTarget
{
    private readonly List<(HubConnection Sender, HubConnection Receiver, string Group)> pairs = [];

    public int Conversations => pairs.Count;

    public Tracker Tracker { get; } = new(sides: 1);

    public static async Task<ILoadTarget> ConnectAsync(LoadOptions options)
    {
        var target = new RelayTarget();
        var run = Guid.NewGuid().ToString("N")[..8];
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Conversations), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var sender = new HubConnectionBuilder().WithUrl(new Uri(new Uri(options.Relay[0]), "relay")).Build();
            var receiver = new HubConnectionBuilder().WithUrl(new Uri(new Uri(options.Relay[^1]), "relay")).Build();
            receiver.On<string>("Message", text => target.Tracker.Record(0, text));
            await sender.StartAsync(ct);
            await receiver.StartAsync(ct);
            var group = $"{run}-{i}";
            await sender.InvokeAsync("Join", group, ct);
            await receiver.InvokeAsync("Join", group, ct);
            lock (target.pairs)
            {
                target.pairs.Add((sender, receiver, group));
            }
        });
        return target;
    }

    public Task SendAsync(int index, int sequence) => pairs[index].Sender.InvokeAsync("Send", pairs[index].Group, Tracker.Stamp(index, sequence));

    public Task<int?> CountStoredAsync(IReadOnlyList<(int Conversation, int Sequence)> messages) => Task.FromResult<int?>(null);

    public async ValueTask DisposeAsync()
    {
        foreach (var (sender, receiver, _) in pairs)
        {
            await sender.DisposeAsync();
            await receiver.DisposeAsync();
        }
    }
}

/// <summary>
/// The product: registered visitors on instance A chatting with signed-in agents on instance B, through the
/// full path (authorisation, validation, idempotency, rate limit, moderation, PostgreSQL, backplane).
/// </summary>
internal sealed class ChatTarget : ILoadTarget
{
    private const int Capacity = 10;
    private readonly List<(HubConnection Visitor, Guid Conversation)> chats = [];
    private readonly List<(HubConnection Hub, string Token)> agents = [];

    public int Conversations => chats.Count;

    /// <summary>Side 0 is the agent, side 1 the visitor's own copy.</summary>
    public Tracker Tracker { get; } = new(sides: 2);

    public static async Task<ILoadTarget> ConnectAsync(LoadOptions options)
    {
        var target = new ChatTarget();
        var a = new Uri(options.Chat[0]);
        var b = new Uri(options.Chat[^1]);
        using var http = new HttpClient { BaseAddress = a };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SupervisorTokenAsync(http, options.Supervisor));

        var run = Guid.NewGuid().ToString("N")[..8];
        var agentCount = (options.Conversations + Capacity - 1) / Capacity;
        await Parallel.ForEachAsync(Enumerable.Range(0, agentCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var username = $"beban-{run}-{i}";
            var secret = Guid.NewGuid().ToString("N");
            await PostAsync<StaffMember>(http, "/api/staff", new CreateStaffRequest(username, $"Agen Beban {i}", StaffRole.Agent, secret, Capacity, null));
            using var anonymous = new HttpClient { BaseAddress = b };
            var session = await PostAsync<StaffSession>(anonymous, "/api/staff/login", new StaffLoginRequest(username, secret));
            var hub = Connect(b, "hubs/agent", session.Token);
            hub.On<ChatMessage>(nameof(IAgentClient.MessageReceived), m =>
            {
                if (m.Sender == SenderRole.Visitor && m.Text is not null)
                {
                    target.Tracker.Record(0, m.Text);
                }
            });
            await hub.StartAsync(ct);
            await hub.InvokeAsync<AgentState>(nameof(IAgentHub.SetPresence), new SetPresenceRequest(PresenceStatus.Online, Capacity, null), ct);
            KeepAlive(hub);
            lock (target.agents)
            {
                target.agents.Add((hub, session.Token));
            }
        });

        var policy = (await http.GetFromJsonAsync<PolicyVersion>("/api/policy/current"))!.Version;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Conversations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var anonymous = new HttpClient { BaseAddress = a };
            var visitor = await PostAsync<VisitorSession>(anonymous, "/api/visitors",
                new RegisterVisitorRequest($"Penyedia Beban {i}", $"beban-{run}-{i}@penyedia.example.id", null, "CV Beban", policy));
            var hub = Connect(a, "hubs/visitor", visitor.Token);
            var assigned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            hub.On<ChatAssigned>(nameof(IVisitorClient.ChatAssigned), _ => assigned.TrySetResult());
            hub.On<ChatMessage>(nameof(IVisitorClient.MessageReceived), m =>
            {
                if (m.Sender == SenderRole.Visitor && m.Text is not null)
                {
                    target.Tracker.Record(1, m.Text);
                }
            });
            await hub.StartAsync(ct);
            var start = await hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.All[i % Topics.All.Count], null), ct);
            if (start.Outcome != StartChatOutcome.Assigned)
            {
                await assigned.Task.WaitAsync(TimeSpan.FromSeconds(300), ct);
            }

            lock (target.chats)
            {
                target.chats.Add((hub, start.Chat!.ConversationId));
            }
        });
        return target;
    }

    public async Task<int?> CountStoredAsync(IReadOnlyList<(int Conversation, int Sequence)> messages)
    {
        var stored = 0;
        foreach (var group in messages.GroupBy(m => m.Conversation))
        {
            var (visitor, conversation) = chats[group.Key];
            // The history in pages, as a client reads it after a gap.
            var history = new List<ChatMessage>();
            while (true)
            {
                var page = await visitor.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, history.Count == 0 ? 0L : history[^1].Sequence);
                history.AddRange(page);
                if (page.Count == 0)
                {
                    break;
                }
            }

            var held = history.Where(m => m.Text is not null).Select(m => m.Text!.Split('|', 5)).Where(p => p.Length == 5)
                .Select(p => (p[1], p[3])).ToHashSet();
            var run = Tracker.Run.ToString(System.Globalization.CultureInfo.InvariantCulture);
            stored += group.Count(m => held.Contains((run, m.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        return stored;
    }

    public Task SendAsync(int index, int sequence) =>
        chats[index].Visitor.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(chats[index].Conversation, Guid.NewGuid(), Tracker.Stamp(index, sequence)));

    public async ValueTask DisposeAsync()
    {
        foreach (var (hub, _) in agents)
        {
            // Going offline requeues nothing worth keeping; the visitors leave right after.
            await hub.InvokeAsync<AgentState>(nameof(IAgentHub.SetPresence), new SetPresenceRequest(PresenceStatus.Offline, null, null));
            await hub.DisposeAsync();
        }

        foreach (var (visitor, conversation) in chats)
        {
            try
            {
                await visitor.InvokeAsync(nameof(IVisitorHub.EndChat), conversation);
            }
            catch (Microsoft.AspNetCore.SignalR.HubException)
            {
                // Already closed.
            }

            await visitor.DisposeAsync();
        }
    }

    /// <summary>Heartbeats as the console does: without them an agent goes offline after Routing:HeartbeatTtl while a long run sets up.</summary>
    internal static void KeepAlive(HubConnection hub) => _ = Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        while (await timer.WaitForNextTickAsync() && hub.State != HubConnectionState.Disconnected)
        {
            try
            {
                await hub.InvokeAsync<bool>(nameof(IAgentHub.Heartbeat));
            }
            catch (Exception)
            {
                // Disposed at the end of the run, or a blip: the next tick tries again.
                if (hub.State == HubConnectionState.Disconnected)
                {
                    return;
                }
            }
        }
    });

    internal static HubConnection Connect(Uri server, string path, string token) =>
        new HubConnectionBuilder().WithUrl(new Uri(server, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();

    private static readonly SemaphoreSlim SupervisorGate = new(1, 1);
    private static string? supervisorToken;

    /// <summary>
    /// Signs the bench supervisor in once per run (supervisors use a second factor, and a code works only once):
    /// <c>USER:PASSWORD:KEY</c>, KEY being the authenticator key that <c>staff add</c> prints.
    /// </summary>
    internal static async Task<string> SupervisorTokenAsync(HttpClient http, string account)
    {
        await SupervisorGate.WaitAsync();
        try
        {
            if (supervisorToken is not null)
            {
                return supervisorToken;
            }

            var parts = account.Split(':', 3);
            var response = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(parts[0], parts[1]));
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                response.EnsureSuccessStatusCode();
                return supervisorToken = (await response.Content.ReadFromJsonAsync<StaffSession>())!.Token;
            }

            if (parts.Length < 3)
            {
                throw new InvalidOperationException("The supervisor needs a second factor: pass --supervisor USER:PASSWORD:KEY.");
            }

            var challenge = (await response.Content.ReadFromJsonAsync<TwoFactorChallenge>())!;
            var code = new Totp(Base32Encoding.ToBytes(parts[2])).ComputeTotp(DateTime.UtcNow);
            return supervisorToken = (await PostAsync<StaffSession>(http, "/api/staff/login/code", new TwoFactorCodeRequest(challenge.Challenge, code))).Token;
        }
        finally
        {
            SupervisorGate.Release();
        }
    }

    internal static async Task<T> PostAsync<T>(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
