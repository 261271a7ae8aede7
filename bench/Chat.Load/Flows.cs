using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Load;

/// <summary>Staff and visitors for the flows below, created through the product's own API.</summary>
internal sealed class Population(LoadOptions options)
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public Uri A { get; } = new(options.Chat[0]);

    public Uri B { get; } = new(options.Chat[^1]);

    public async Task<HttpClient> SupervisorAsync()
    {
        var http = new HttpClient { BaseAddress = A };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ChatTarget.SupervisorTokenAsync(http, options.Supervisor));
        return http;
    }

    public async Task<(Guid Id, string Token)> AgentAsync(HttpClient supervisor, string tag, int capacity)
    {
        var username = $"beban-{run}-{tag}";
        var secret = Guid.NewGuid().ToString("N");
        var member = await ChatTarget.PostAsync<StaffMember>(supervisor, "/api/staff", new CreateStaffRequest(username, $"Agen Beban {tag}", StaffRole.Agent, secret, capacity, null));
        using var anonymous = new HttpClient { BaseAddress = B };
        var session = await ChatTarget.PostAsync<StaffSession>(anonymous, "/api/staff/login", new StaffLoginRequest(username, secret));
        return (member.Id, session.Token);
    }

    public async Task<VisitorSession> VisitorAsync(string tag, int policy)
    {
        using var anonymous = new HttpClient { BaseAddress = A };
        return await ChatTarget.PostAsync<VisitorSession>(anonymous, "/api/visitors",
            new RegisterVisitorRequest($"Penyedia Beban {tag}", $"beban-{run}-{tag}@penyedia.example.id", null, "CV Beban", policy));
    }
}

/// <summary>
/// New chats per second: visitors on instance A start chats at a fixed rate, agents on instance B take them and
/// close them at once, so seats free and the queue keeps moving. Checks that every chat started is assigned
/// exactly once (to one agent) and that no agent ever holds more than its capacity.
/// </summary>
internal static class NewChatsFlow
{
    private const int Capacity = 10;

    public static async Task<(RunResult Result, int OverCapacity)> RunAsync(LoadOptions options, int rate, int seconds)
    {
        var people = new Population(options);
        using var supervisor = await people.SupervisorAsync();
        var policy = (await supervisor.GetFromJsonAsync<PolicyVersion>("/api/policy/current"))!.Version;
        var agentCount = Math.Max(10, rate / 10);
        var visitorCount = Math.Max(50, rate * 2);
        var started = new ConcurrentDictionary<Guid, long>();
        var assigned = new ConcurrentDictionary<Guid, int>();
        var latencies = new ConcurrentBag<double>();
        var free = new ConcurrentQueue<int>();
        var overCapacity = 0;
        var hubs = new List<HubConnection>();
        var visitors = new (HubConnection Hub, Guid Id)[visitorCount];

        await Parallel.ForEachAsync(Enumerable.Range(0, agentCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var (_, token) = await people.AgentAsync(supervisor, $"n{i}", Capacity);
            var hub = ChatTarget.Connect(people.B, "hubs/agent", token);
            var holding = 0;
            hub.On<AgentChat>(nameof(IAgentClient.ChatAssigned), chat =>
            {
                if (assigned.AddOrUpdate(chat.ConversationId, 1, (_, n) => n + 1) == 1 && started.TryGetValue(chat.Visitor.VisitorId, out var t0))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }

                // Counted down before the close is asked for, so the count never exceeds what the server holds.
                if (Interlocked.Increment(ref holding) > Capacity)
                {
                    Interlocked.Increment(ref overCapacity);
                }

                _ = Task.Run(async () =>
                {
                    Interlocked.Decrement(ref holding);
                    try
                    {
                        await hub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(chat.ConversationId, true, null));
                    }
                    catch (HubException)
                    {
                        // Already closed.
                    }
                });
            });
            await hub.StartAsync(ct);
            await hub.InvokeAsync<AgentState>(nameof(IAgentHub.SetPresence), new SetPresenceRequest(PresenceStatus.Online, Capacity, null), ct);
            ChatTarget.KeepAlive(hub);
            lock (hubs)
            {
                hubs.Add(hub);
            }
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, visitorCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var session = await people.VisitorAsync($"n{i}", policy);
            var hub = ChatTarget.Connect(people.A, "hubs/visitor", session.Token);
            var index = i;
            hub.On<ChatClosed>(nameof(IVisitorClient.ChatClosed), _ => free.Enqueue(index));
            await hub.StartAsync(ct);
            visitors[i] = (hub, session.Visitor.VisitorId);
            free.Enqueue(i);
        });

        var errors = 0;
        var refused = 0;
        var offered = 0;
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        var total = rate * seconds;
        while (offered < total && clock.Elapsed.TotalSeconds < seconds * 2)
        {
            var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate));
            while (offered < due && free.TryDequeue(out var v))
            {
                offered++;
                var (hub, visitorId) = visitors[v];
                var topic = Topics.All[offered % Topics.All.Count];
                started[visitorId] = Stopwatch.GetTimestamp();
                pending.Add(Task.Run(async () =>
                {
                    try
                    {
                        await hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(topic, null));
                    }
                    catch (HubException e) when (HubErrors.CodeOf(e.Message) is HubErrors.Overloaded or HubErrors.RateLimited)
                    {
                        Interlocked.Increment(ref refused);
                        started.TryRemove(visitorId, out _);
                        free.Enqueue(v);
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref errors);
                        started.TryRemove(visitorId, out _);
                    }
                }));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(pending);
        var elapsed = clock.Elapsed.TotalSeconds;

        // Drain: every chat started must be assigned (bounded wait).
        var bound = Stopwatch.StartNew();
        while (bound.Elapsed < TimeSpan.FromSeconds(60) && assigned.Count < offered - refused - errors)
        {
            await Task.Delay(200);
        }

        var throughput = assigned.Count / elapsed;
        var sorted = latencies.Order().ToArray();
        var lost = Math.Max(0, offered - refused - errors - assigned.Count);
        var duplicated = assigned.Values.Sum(n => (long)(n - 1));
        foreach (var hub in hubs.Concat(visitors.Select(v => v.Hub)))
        {
            await hub.DisposeAsync();
        }

        var result = new RunResult((int)(offered / elapsed), throughput,
            sorted.Length == 0 ? 0 : sorted[sorted.Length / 2], sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))],
            sorted.Length == 0 ? 0 : sorted[^1], errors, refused, lost, duplicated);
        return (result, overCapacity);
    }
}

/// <summary>
/// Idle visitor connections on instance A: opens N and reads the server's resident memory before and after (from
/// /proc, given its pid), so the cost of one connection is measured with the full product, not estimated.
/// Connections past the server's cap must be refused cleanly (HTTP 503 <c>overloaded</c> on negotiate).
/// </summary>
internal static class IdleFlow
{
    public static async Task<(int Opened, int Refused, int Errors, double KbEach, long RssBeforeKb, long RssAfterKb)> RunAsync(LoadOptions options, int count)
    {
        var people = new Population(options);
        using var supervisor = await people.SupervisorAsync();
        var policy = (await supervisor.GetFromJsonAsync<PolicyVersion>("/api/policy/current"))!.Version;

        // Several connections per visitor, as with many tabs: what is measured is the connection, not the account.
        var tokens = new string[Math.Max(1, count / 100)];
        await Parallel.ForEachAsync(Enumerable.Range(0, tokens.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            tokens[i] = (await people.VisitorAsync($"i{i}", policy)).Token);

        var before = Rss(options.ServerPid);
        var opened = 0;
        var refused = 0;
        var errors = 0;
        var hubs = new ConcurrentBag<HubConnection>();

        // One pool of HTTP connections for every negotiate, as a browser keeps one per site: otherwise each hub
        // connection would leave its own idle keep-alive connection open on the server beside its WebSocket.
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(people.A, "hubs/visitor"), o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(tokens[i % tokens.Length]);
                    o.HttpMessageHandlerFactory = _ => new Shared(http);
                })
                .Build();
            try
            {
                // A connection that neither opens nor is refused within the bound counts as an error, never a hang.
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(TimeSpan.FromSeconds(30));
                await hub.StartAsync(bound.Token);
                hubs.Add(hub);
                Interlocked.Increment(ref opened);
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref refused);
                await hub.DisposeAsync();
            }
            catch (Exception)
            {
                Interlocked.Increment(ref errors);
                await hub.DisposeAsync();
            }
        });

        // Let the server settle (handshakes done, buffers returned) before reading its memory.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = Rss(options.ServerPid);
        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }

        return (opened, refused, errors, opened > 0 && before > 0 ? (after - before) / (double)opened : 0, before, after);
    }

    /// <summary>Sends through the shared pool; disposing it (with a hub connection's HTTP client) leaves the pool open.</summary>
    private sealed class Shared(HttpMessageInvoker pool) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            pool.SendAsync(request, cancellationToken);
    }

    private static long Rss(int pid)
    {
        if (!File.Exists($"/proc/{pid}/status"))
        {
            throw new InvalidOperationException($"instance A (pid {pid}) is no longer running; see its log");
        }

        if (pid <= 0)
        {
            return 0;
        }

        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
