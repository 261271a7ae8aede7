using System.Reflection;
using Chat.Server.Accounts;
using Chat.Server.Hubs;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Security;

/// <summary>
/// Every hub method, enumerated from <see cref="IVisitorHub"/> and <see cref="IAgentHub"/>, called by each of the
/// nine callers against the running server, with the outcome each must get from one table. A hub method without a
/// row, or a public hub method missing from its interface, fails the test.
/// </summary>
public sealed class HubAuthorizationMatrixTests
{
    /// <summary>What a caller gets: let through (any answer but a refusal), refused, or refused as suspended.</summary>
    private enum Outcome
    {
        Allowed,
        Refused,
        Suspended,
    }

    private static readonly string[] RefusalCodes =
        [HubErrors.Forbidden, HubErrors.ConversationNotFound, HubErrors.NotYourConversation, HubErrors.AccountSuspended, HubErrors.SessionRevoked];

    /// <summary>A row: the arguments (for a caller), the outcome of each caller the hub lets connect, and whether the call ends or moves a chat.</summary>
    private sealed record Row(Func<AuthorizationMatrixWorld, Caller, Task<object?[]>> Args, IReadOnlyDictionary<Caller, Outcome> Expected, bool Destructive = false);

    private static Dictionary<Caller, Outcome> Visitors(Outcome owner, Outcome other, Outcome suspended) =>
        new() { [Caller.Visitor] = owner, [Caller.OtherVisitor] = other, [Caller.SuspendedVisitor] = suspended };

    private static Dictionary<Caller, Outcome> Staff(Outcome agent, Outcome otherAgent, Outcome supervisor) =>
        new() { [Caller.Agent] = agent, [Caller.OtherAgent] = otherAgent, [Caller.Supervisor] = supervisor };

    private static Func<AuthorizationMatrixWorld, Caller, Task<object?[]>> Args(Func<AuthorizationMatrixWorld, object?[]> args) => (w, _) => Task.FromResult(args(w));

    private static readonly Dictionary<string, Row> VisitorRows = new()
    {
        [nameof(IVisitorHub.SendMessage)] = new(Args(w => [new SendMessageRequest(w.Conversation, Guid.NewGuid(), "Halo dari matriks")]), Visitors(Outcome.Allowed, Outcome.Refused, Outcome.Suspended)),
        [nameof(IVisitorHub.GetMessagesAfter)] = new(Args(w => [w.Conversation, 0L]), Visitors(Outcome.Allowed, Outcome.Refused, Outcome.Refused)),
        [nameof(IVisitorHub.Typing)] = new(Args(w => [w.Conversation, true]), Visitors(Outcome.Allowed, Outcome.Refused, Outcome.Suspended)),
        [nameof(IVisitorHub.MarkRead)] = new(Args(w => [w.Conversation, 0L]), Visitors(Outcome.Allowed, Outcome.Refused, Outcome.Refused)),
        [nameof(IVisitorHub.StartChat)] = new(Args(_ => [new StartChatRequest(Topics.Other, "Pertanyaan lain")]), Visitors(Outcome.Allowed, Outcome.Allowed, Outcome.Suspended)),
        [nameof(IVisitorHub.ResumeChat)] = new(Args(_ => []), Visitors(Outcome.Allowed, Outcome.Allowed, Outcome.Allowed)),
        [nameof(IVisitorHub.LeaveQueue)] = new(Args(w => [new LeaveQueueRequest(w.Conversation, false, null)]), Visitors(Outcome.Allowed, Outcome.Refused, Outcome.Suspended)),
        [nameof(IVisitorHub.EndChat)] = new(Args(w => [w.Conversation]), Visitors(Outcome.Allowed, Outcome.Refused, Outcome.Refused), Destructive: true),
    };

    private static readonly Dictionary<string, Row> AgentRows = new()
    {
        [nameof(IAgentHub.SendMessage)] = new(Args(w => [new SendMessageRequest(w.Conversation, Guid.NewGuid(), "Baik, kami bantu")]), Staff(Outcome.Allowed, Outcome.Refused, Outcome.Refused)),
        [nameof(IAgentHub.GetMessagesAfter)] = new(Args(w => [w.Conversation, 0L]), Staff(Outcome.Allowed, Outcome.Refused, Outcome.Allowed)),
        [nameof(IAgentHub.Typing)] = new(Args(w => [w.Conversation, true]), Staff(Outcome.Allowed, Outcome.Refused, Outcome.Refused)),
        [nameof(IAgentHub.MarkRead)] = new(Args(w => [w.Conversation, 0L]), Staff(Outcome.Allowed, Outcome.Refused, Outcome.Refused)),

        // Only the agent stays online, so the fresh chats of the destructive rows all go to them.
        [nameof(IAgentHub.SetPresence)] = new(
            (_, c) => Task.FromResult<object?[]>([new SetPresenceRequest(c == Caller.Agent ? PresenceStatus.Online : PresenceStatus.Away, c == Caller.Agent ? 10 : 3, null)]),
            Staff(Outcome.Allowed, Outcome.Allowed, Outcome.Allowed)),
        [nameof(IAgentHub.GetState)] = new(Args(_ => []), Staff(Outcome.Allowed, Outcome.Allowed, Outcome.Allowed)),
        [nameof(IAgentHub.Heartbeat)] = new(Args(_ => []), Staff(Outcome.Allowed, Outcome.Allowed, Outcome.Allowed)),
        [nameof(IAgentHub.GetMyChats)] = new(Args(_ => []), Staff(Outcome.Allowed, Outcome.Allowed, Outcome.Allowed)),
        [nameof(IAgentHub.AddNote)] = new(Args(w => [w.Conversation, "Catatan internal uji"]), Staff(Outcome.Allowed, Outcome.Refused, Outcome.Allowed)),
        [nameof(IAgentHub.GetNotes)] = new(Args(w => [w.Conversation]), Staff(Outcome.Allowed, Outcome.Refused, Outcome.Allowed)),
        [nameof(IAgentHub.CloseChat)] = new(
            async (w, c) => [new CloseChatRequest(c == Caller.OtherAgent ? w.Conversation : await w.FreshAssignedChatAsync(), true, null)],
            Staff(Outcome.Allowed, Outcome.Refused, Outcome.Refused), Destructive: true),
        [nameof(IAgentHub.TransferChat)] = new(
            async (w, c) => [new TransferChatRequest(c == Caller.OtherAgent ? w.Conversation : await w.FreshAssignedChatAsync(), null, Topics.Other, "Pindah antrean")],
            Staff(Outcome.Allowed, Outcome.Refused, Outcome.Allowed), Destructive: true),
        [nameof(IAgentHub.WatchMetrics)] = new(Args(_ => []), Staff(Outcome.Refused, Outcome.Refused, Outcome.Allowed)),
        [nameof(IAgentHub.UnwatchMetrics)] = new(Args(_ => []), Staff(Outcome.Refused, Outcome.Refused, Outcome.Allowed)),
        [nameof(IAgentHub.WatchConversation)] = new(Args(w => [w.Conversation]), Staff(Outcome.Refused, Outcome.Refused, Outcome.Allowed)),
        [nameof(IAgentHub.UnwatchConversation)] = new(Args(w => [w.Conversation]), Staff(Outcome.Refused, Outcome.Refused, Outcome.Allowed)),
    };

    [Fact]
    public void EveryPublicHubMethodIsInItsInterfaceAndHasARow()
    {
        Missing(typeof(VisitorHub), typeof(IVisitorHub)).Should().BeEmpty("every visitor hub method is part of IVisitorHub");
        Missing(typeof(AgentHub), typeof(IAgentHub)).Should().BeEmpty("every staff hub method is part of IAgentHub");
        typeof(IVisitorHub).IsAssignableFrom(typeof(VisitorHub)).Should().BeTrue();
        typeof(IAgentHub).IsAssignableFrom(typeof(AgentHub)).Should().BeTrue();
        MethodsOf(typeof(IVisitorHub)).Should().BeEquivalentTo(VisitorRows.Keys);
        MethodsOf(typeof(IAgentHub)).Should().BeEquivalentTo(AgentRows.Keys);

        // The hub classes themselves carry the policy that keeps the other kind of caller and the anonymous out.
        Policies(typeof(VisitorHub)).Should().Equal(ChatClaims.VisitorPolicy);
        Policies(typeof(AgentHub)).Should().Equal(ChatClaims.StaffPolicy);
        foreach (var (method, row) in AgentRows)
        {
            var supervisorsOnly = row.Expected[Caller.Agent] == Outcome.Refused && row.Expected[Caller.OtherAgent] == Outcome.Refused;
            Policies(typeof(AgentHub).GetMethod(method)!).Contains(ChatClaims.SupervisorPolicy).Should().Be(supervisorsOnly, method);
        }
    }

    [Fact]
    public async Task EveryHubMethodGivesEachCallerTheOutcomeInTheTable()
    {
        await using var world = await AuthorizationMatrixWorld.StartAsync();
        var failures = new List<string>();

        // Callers a hub does not let connect can call none of its methods.
        await ExpectNoConnectionAsync(world, "hubs/visitor", [Caller.Anonymous, Caller.ForgedOrExpired, Caller.Agent, Caller.OtherAgent, Caller.DeactivatedAgent, Caller.Supervisor], failures);
        await ExpectNoConnectionAsync(world, "hubs/agent", [Caller.Anonymous, Caller.ForgedOrExpired, Caller.Visitor, Caller.OtherVisitor, Caller.SuspendedVisitor, Caller.DeactivatedAgent], failures);
        await ExpectNoConnectionAsync(world, "hubs/visitor", world.ExpiredToken(visitor: true), "expired visitor token", failures);
        await ExpectNoConnectionAsync(world, "hubs/agent", world.ExpiredToken(visitor: false), "expired staff token", failures);

        var hubs = new Dictionary<Caller, HubConnection>();
        foreach (var caller in new[] { Caller.Visitor, Caller.OtherVisitor, Caller.SuspendedVisitor })
        {
            hubs[caller] = await world.Cluster.ConnectVisitorAsync(world.Token(caller)!);
        }

        hubs[Caller.Agent] = world.AgentHub;
        hubs[Caller.OtherAgent] = await world.Cluster.ConnectAgentAsync(world.Token(Caller.OtherAgent)!);
        hubs[Caller.Supervisor] = await world.Cluster.ConnectAgentAsync(world.Token(Caller.Supervisor)!);

        // Refusals first (they change nothing), then what is allowed; calls that end the visitor's chat come last.
        var calls = AgentRows.Concat(VisitorRows)
            .SelectMany(r => r.Value.Expected.Select(e => (Method: r.Key, Row: r.Value, Caller: e.Key, Expected: e.Value)))
            .OrderBy(c => c.Expected == Outcome.Allowed)
            .ThenBy(c => c.Row.Destructive && c.Caller == Caller.Visitor)
            .ToList();
        foreach (var (method, row, caller, expected) in calls)
        {
            var args = await row.Args(world, caller);
            var actual = await CallAsync(hubs[caller], method, args);
            if (actual.Outcome != expected)
            {
                failures.Add($"{method} by {caller}: expected {expected}, got {actual.Outcome} ({actual.Detail})");
            }
        }

        failures.Should().BeEmpty();
    }

    private static async Task<(Outcome Outcome, string Detail)> CallAsync(HubConnection hub, string method, object?[] args)
    {
        try
        {
            await hub.InvokeCoreAsync(method, typeof(object), args).WaitAsync(Wait.Timeout);
            return (Outcome.Allowed, "ok");
        }
        catch (HubException e)
        {
            var code = HubErrors.CodeOf(e.Message);
            if (code == HubErrors.AccountSuspended)
            {
                return (Outcome.Suspended, e.Message);
            }

            // SignalR's own refusal of a method the caller's policy does not allow names no code.
            var refused = (code is not null && RefusalCodes.Contains(code)) || e.Message.Contains("unauthorized", StringComparison.OrdinalIgnoreCase);
            return (refused ? Outcome.Refused : Outcome.Allowed, e.Message);
        }
    }

    private static async Task ExpectNoConnectionAsync(AuthorizationMatrixWorld world, string path, Caller[] callers, List<string> failures)
    {
        foreach (var caller in callers)
        {
            await ExpectNoConnectionAsync(world, path, world.Token(caller), caller.ToString(), failures);
        }
    }

    private static async Task ExpectNoConnectionAsync(AuthorizationMatrixWorld world, string path, string? token, string who, List<string> failures)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(world.Cluster[0].BaseAddress, path), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        try
        {
            await connection.StartAsync().WaitAsync(Wait.Timeout);
            failures.Add($"{who} connected to {path}");
        }
        catch (HttpRequestException e) when (e.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            // Refused at negotiate, as it must be.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private static IEnumerable<string> MethodsOf(Type contract) =>
        contract.GetMethods().Concat(contract.GetInterfaces().SelectMany(i => i.GetMethods())).Select(m => m.Name).Distinct();

    /// <summary>Public methods a client could call on the hub that its interface does not declare.</summary>
    private static IEnumerable<string> Missing(Type hub, Type contract)
    {
        var declared = MethodsOf(contract).ToHashSet();
        return hub.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType is { } declaring && declaring != typeof(Hub) && typeof(Hub).IsAssignableFrom(declaring) && !m.IsSpecialName
                && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync) or nameof(Hub.Dispose)))
            .Select(m => m.Name)
            .Where(n => !declared.Contains(n))
            .Distinct();
    }

    private static IEnumerable<string?> Policies(MemberInfo member) => member.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Policy);
}
