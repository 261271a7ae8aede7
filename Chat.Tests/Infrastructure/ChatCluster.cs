using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Server.TwoFactor;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// N Chat.Server instances sharing one Redis key prefix (their own queue, presence and backplane) and the test
/// database. Each test that depends on routing state starts its own cluster; data is named from GUIDs.
/// </summary>
public sealed class ChatCluster : IAsyncDisposable
{
    private readonly List<ChatServerInstance?> instances = [];
    private readonly List<HubConnection> connections = [];

    private ChatCluster(string prefix, Dictionary<string, string?> settings, bool ownDatabase)
    {
        Prefix = prefix;
        Settings = settings;
        OwnDatabase = ownDatabase;
    }

    private bool OwnDatabase { get; }

    public string Prefix { get; }

    public Dictionary<string, string?> Settings { get; }

    public ChatServerInstance this[int index] => instances[index] ?? throw new InvalidOperationException($"Instance {index} is stopped.");

    public int Count => instances.Count;

    /// <summary>
    /// Starts <paramref name="instances"/> instances; <paramref name="configure"/> may change settings (e.g. Routing:HeartbeatTtl).
    /// <paramref name="isolatedDatabase"/> gives the cluster a database of its own, for tests that change global state such as policy versions.
    /// <paramref name="host"/> adds to each instance's host (a log collector, for one).
    /// </summary>
    public static async Task<ChatCluster> StartAsync(int instances = 1, Action<Dictionary<string, string?>>? configure = null, bool isolatedDatabase = false, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? host = null)
    {
        var prefix = TestServices.NewPrefix();
        var database = isolatedDatabase ? await TestServices.CreateDatabaseAsync(prefix) : TestServices.Postgres;
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = TestServices.Redis,
            ["Redis:KeyPrefix"] = prefix,
            ["Database:ConnectionString"] = database,
            ["Accounts:RegistrationsPerMinute"] = "100000",
            ["Accounts:LoginsPerMinute"] = "100000",
            ["RateLimits:TicketsPerHour"] = "100000",
            ["RateLimits:TicketEntriesPerMinute"] = "100000",
            ["RateLimits:CodeRequestsPerMinute"] = "100000",
            ["BusinessHours:AlwaysOpen"] = "true",
            ["Widget:EnableDemo"] = "true",
            ["Routing:SweepInterval"] = "00:00:00.250",
            // Test agents are SignalR clients that do not heartbeat; on a loaded machine 45 s can pass. Tests of
            // expiry set their own short value and heartbeat like the console.
            ["Routing:HeartbeatTtl"] = "00:10:00",
            // Test agents rarely answer; tests of the answer timeout run their own watch on a fake clock.
            ["Routing:AnswerTimeout"] = "00:00:00",
            // Every cluster sends its mail to the real test mail server; each has its own helpdesk address.
            ["Email:Address"] = $"helpdesk-{prefix}@lpse.test",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = TestServices.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:OutboxInterval"] = "00:00:00.200",
            ["Email:RetryFirst"] = "00:00:00.500",
            ["Email:RetryMax"] = "00:00:02",
            ["Email:CodesPerClientPerHour"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            // Expected refusals and per-cluster key rings are not news in a test run.
            ["Logging:LogLevel:Microsoft.AspNetCore.SignalR"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        };
        configure?.Invoke(settings);
        var cluster = new ChatCluster(prefix, settings, isolatedDatabase);
        for (var i = 0; i < instances; i++)
        {
            cluster.instances.Add(new ChatServerInstance(settings, configure: host));
        }

        return cluster;
    }

    /// <summary>Stops one instance as a crash would look to its clients (connections dropped).</summary>
    public async Task StopInstanceAsync(int index)
    {
        if (instances[index] is { } instance)
        {
            instances[index] = null;
            await instance.DisposeAsync();
        }
    }

    /// <summary>Starts an instance again on <paramref name="port"/> (0 = any free port).</summary>
    public ChatServerInstance RestartInstance(int index, int port = 0)
    {
        var instance = new ChatServerInstance(Settings, port);
        instances[index] = instance;
        return instance;
    }

    public HttpClient Http(int instance = 0, string? token = null)
    {
        var client = this[instance].CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.x address is this machine's loopback).</summary>
    public HttpClient HttpFrom(string source, int instance = 0)
    {
        var handler = new System.Net.Http.SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = this[instance].BaseAddress };
    }

    /// <summary>Registers a visitor through the REST API, accepting the current policy version.</summary>
    public async Task<VisitorSession> RegisterVisitorAsync(string? name = null, int instance = 0)
    {
        using var http = Http(instance);
        var policy = await http.GetFromJsonAsync<PolicyVersion>("/api/policy/current");
        var tag = Guid.NewGuid().ToString("N")[..10];
        var response = await http.PostAsJsonAsync("/api/visitors", new RegisterVisitorRequest(
            name ?? $"Pengunjung {TestServices.NameTag(8)}", $"v-{tag}@penyedia.example.id", "081234567890", "CV Maju Jaya", policy!.Version));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<VisitorSession>())!;
    }

    /// <summary>
    /// Creates a staff account directly (as the `staff add` command does) and signs it in through the API. An account
    /// that must use a second factor (supervisors; agents when the cluster requires it) is enrolled first, its
    /// authenticator kept in <see cref="StaffAuthenticators"/>, and signs in with a code as its owner would.
    /// </summary>
    public async Task<StaffSession> CreateStaffAsync(StaffRole role = StaffRole.Agent, int capacity = 3, IReadOnlyList<string>? topics = null, string? name = null, int instance = 0)
    {
        var created = await CreateStaffAccountAsync(role, capacity, topics, name, instance);
        var twoFactor = role == StaffRole.Supervisor || Settings.GetValueOrDefault("Accounts:TwoFactorForAgents") is "true" or "True";
        if (twoFactor)
        {
            await EnrolAsync(created, instance);
        }

        using var http = Http(instance);
        var response = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(created.Username, StaffPassword));
        response.EnsureSuccessStatusCode();
        if (twoFactor)
        {
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
            var challenge = (await response.Content.ReadFromJsonAsync<TwoFactorChallenge>())!;
            response = await http.PostAsJsonAsync("/api/staff/login/code", new TwoFactorCodeRequest(challenge.Challenge, StaffAuthenticators.Code(created.Username)));
            response.EnsureSuccessStatusCode();
        }

        return (await response.Content.ReadFromJsonAsync<StaffSession>())!;
    }

    /// <summary>The password of every test staff account.</summary>
    public const string StaffPassword = "kata-sandi-uji-123";

    /// <summary>A staff account, created but neither enrolled in two-factor sign-in nor signed in.</summary>
    public async Task<StaffRecord> CreateStaffAccountAsync(StaffRole role = StaffRole.Agent, int capacity = 3, IReadOnlyList<string>? topics = null, string? name = null, int instance = 0)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var username = $"agen-{tag}";
        var created = await this[instance].Service<StaffStore>().CreateAsync(
            new CreateStaffRequest(username, name ?? $"Agen {tag}", role, StaffPassword, capacity, topics), AuditEntry.Operator("staff.create", null), CancellationToken.None);
        created.Should().NotBeNull();
        return created!;
    }

    /// <summary>Enrols an authenticator for the account, confirmed with the previous step's code so the current code is unused.</summary>
    public async Task EnrolAsync(StaffRecord member, int instance = 0)
    {
        var store = this[instance].Service<TwoFactorStore>();
        var enrolment = await store.StartAsync(member.Id, member.Username, fresh: true, CancellationToken.None);
        var codes = await store.ConfirmAsync(
            member.Id, StaffAuthenticators.CodeFor(enrolment.Secret, DateTimeOffset.UtcNow.AddSeconds(-30)), AuditEntry.Operator("staff.2fa.enabled", member.Id), CancellationToken.None);
        codes.Should().NotBeNull();
        StaffAuthenticators.Add(member.Username, enrolment.Secret, codes!);
    }

    public Task<HubConnection> ConnectVisitorAsync(string token, int instance = 0) => ConnectAsync("hubs/visitor", token, instance);

    public Task<HubConnection> ConnectAgentAsync(string token, int instance = 0) => ConnectAsync("hubs/agent", token, instance);

    /// <summary>An agent connected and online for the given topics.</summary>
    public async Task<(StaffSession Staff, HubConnection Hub, EventLog Events)> OnlineAgentAsync(int instance = 0, int capacity = 3, IReadOnlyList<string>? topics = null)
    {
        var staff = await CreateStaffAsync(StaffRole.Agent, capacity, topics, instance: instance);
        var hub = await ConnectAgentAsync(staff.Token, instance);
        var events = EventLog.ForAgent(hub);
        await hub.InvokeAsync<AgentState>(nameof(IAgentHub.SetPresence), new SetPresenceRequest(PresenceStatus.Online, capacity, topics));
        return (staff, hub, events);
    }

    /// <summary>
    /// Heartbeats the way the console does, every <paramref name="every"/>, until the connection is disposed or
    /// <paramref name="stop"/> fires; for tests that run with a short presence expiry.
    /// </summary>
    public static async Task KeepAliveAsync(HubConnection hub, TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop) && hub.State == HubConnectionState.Connected)
            {
                await hub.InvokeAsync<bool>(nameof(IAgentHub.Heartbeat), stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The test ended the agent's session: exactly what the heartbeat is meant to stop on.
        }
    }

    /// <summary>A registered visitor, connected to the visitor hub.</summary>
    public async Task<(VisitorSession Visitor, HubConnection Hub, EventLog Events)> ConnectedVisitorAsync(int instance = 0)
    {
        var visitor = await RegisterVisitorAsync(instance: instance);
        var hub = await ConnectVisitorAsync(visitor.Token, instance);
        return (visitor, hub, EventLog.ForVisitor(hub));
    }

    private async Task<HubConnection> ConnectAsync(string path, string token, int instance)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(this[instance].BaseAddress, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(30);
        await connection.StartAsync().WaitAsync(Wait.Timeout);
        lock (connections)
        {
            connections.Add(connection);
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var instance in instances)
        {
            if (instance is not null)
            {
                try
                {
                    await instance.DisposeAsync();
                }
                catch (StackExchange.Redis.RedisTimeoutException)
                {
                    // SignalR's Redis backplane unsubscribes synchronously while its host shuts down; on a loaded
                    // machine that can outlast its 5 s timeout. The test has finished and the instance is gone anyway.
                }
            }
        }

        if (OwnDatabase)
        {
            await TestServices.DropDatabaseAsync(Prefix);
        }
    }
}
