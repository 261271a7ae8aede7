using System.Net.Http.Json;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Presence;
using Chat.Server.Routing;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Chat.Tests.Routing;

/// <summary><c>Routing:AnswerTimeout</c>: an assigned chat the agent leaves unanswered goes to another agent.</summary>
public sealed class AnswerTimeoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task UnansweredChatGoesBackToTheQueueFrontAndToAnotherAgentAndTheAgentIsMarkedAway()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var slow = await cluster.OnlineAgentAsync(instance: 0, capacity: 1, topics: [Topics.Technical]);
        var (_, visitorHub, visitorEvents) = await cluster.ConnectedVisitorAsync(instance: 1);
        var started = await visitorHub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Technical, "Penawaran saya gagal terkirim"));
        started.Outcome.Should().Be(StartChatOutcome.Assigned);
        var conversation = started.Chat!.ConversationId;
        await slow.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);

        // A later visitor queues behind: no seat is free.
        var (_, laterHub, _) = await cluster.ConnectedVisitorAsync(instance: 0);
        var later = await laterHub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Technical, null));
        later.Outcome.Should().Be(StartChatOutcome.Queued);

        var (clock, watch) = await WatchFromAssignmentAsync(cluster, conversation);
        clock.Advance(Timeout - TimeSpan.FromSeconds(5));
        (await watch.SweepAsync()).Should().Be(0, "the agent still has time to answer");

        clock.Advance(TimeSpan.FromSeconds(10));
        (await watch.SweepAsync()).Should().Be(1);
        await slow.Events.WaitAsync<ChatRevoked>(nameof(IAgentClient.ChatRevoked), r => r.ConversationId == conversation && r.Reason == AnswerWatch.Reason);
        await slow.Events.WaitAsync<AgentState>(nameof(IAgentClient.StateChanged), s => s.Status == PresenceStatus.Away);
        var requeued = await visitorEvents.WaitAsync<ChatRequeued>(nameof(IVisitorClient.ChatRequeued), r => r.ConversationId == conversation);
        requeued.Queue.Position.Should().Be(1, "it goes back to the front, ahead of the visitor who came later");
        (await slow.Hub.InvokeAsync<AgentState>("GetState")).Should().Match<AgentState>(s => s.Status == PresenceStatus.Away && s.ActiveChats == 0,
            "an away agent gets no new chats, so it cannot come straight back to them");

        // The next free seat takes the oldest waiting chat: the unanswered one, not the later visitor's.
        var colleague = await cluster.OnlineAgentAsync(instance: 1, capacity: 1, topics: [Topics.Technical]);
        await colleague.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);
        colleague.Events.All<AgentChat>(nameof(IAgentClient.ChatAssigned)).Should().ContainSingle();
        (await laterHub.InvokeAsync<ChatState?>("ResumeChat"))!.Status.Should().Be(ConversationStatus.Queued);

        // Supervisors see it in the audit log.
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var http = cluster.Http(token: supervisor.Token);
        var entries = await http.GetFromJsonAsync<List<AuditEntryView>>($"/api/supervision/audit?action=routing.answer_timeout&subject={conversation}");
        entries.Should().ContainSingle().Which.Details.Should().Contain(slow.Staff.Staff.Id.ToString());
    }

    [Fact]
    public async Task AnsweredChatStaysWithItsAgentPastTheTimeout()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.OnlineAgentAsync(capacity: 1);
        var (_, visitorHub, _) = await cluster.ConnectedVisitorAsync();
        var started = await visitorHub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Account, null));
        var conversation = started.Chat!.ConversationId;
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);
        await agent.Hub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(conversation, Guid.NewGuid(), "Selamat pagi, ada yang bisa kami bantu?"));

        var (clock, watch) = await WatchFromAssignmentAsync(cluster, conversation);
        clock.Advance(Timeout * 3);
        (await watch.SweepAsync()).Should().Be(0);
        (await agent.Hub.InvokeAsync<AgentState>("GetState")).Should().Match<AgentState>(s => s.Status == PresenceStatus.Online && s.ActiveChats == 1);
        var redis = cluster[0].Service<IConnectionMultiplexer>().GetDatabase();
        (await redis.HashGetAsync(cluster[0].Service<RedisKeys>().Conversation(conversation), "agent")).ToString().Should().Be(agent.Staff.Staff.Id.ToString("N"));
    }

    /// <summary>
    /// The instance's own answer watch on a fake clock that starts at the moment of the assignment (as Redis recorded
    /// it); the cluster's own sweep runs with the watch off.
    /// </summary>
    private static async Task<(FakeTimeProvider Clock, AnswerWatch Watch)> WatchFromAssignmentAsync(ChatCluster cluster, Guid conversation)
    {
        var assignedAt = (long)await cluster[0].Service<IConnectionMultiplexer>().GetDatabase()
            .HashGetAsync(cluster[0].Service<RedisKeys>().Conversation(conversation), "assignedAt");
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(assignedAt));
        var options = Options.Create(new RoutingOptions { AnswerTimeout = Timeout });
        var router = new Router(cluster[0].Service<IConnectionMultiplexer>(), cluster[0].Service<RedisKeys>(), clock, options);
        return (clock, new AnswerWatch(router, cluster[0].Service<Dispatcher>(), cluster[0].Service<AgentPresenceService>(), cluster[0].Service<Notifier>(),
            cluster[0].Service<AuditLog>(), options, NullLogger<AnswerWatch>.Instance));
    }
}
