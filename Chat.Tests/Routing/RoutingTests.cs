using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace Chat.Tests.Routing;

public sealed class RoutingTests
{
    [Fact]
    public async Task TwoHundredChatsAndTwentyAgentsOnTwoInstancesAreEachAssignedOnceWithinCapacity()
    {
        const int agents = 20;
        const int capacity = 8;
        const int chats = 200;
        // All 200 start at once: this is about assignment racing across instances, not about refusing a burst
        // (Conversations:MaxConcurrentStarts, OverloadAndGroupCommitTests), so the start limit is lifted.
        await using var cluster = await ChatCluster.StartAsync(instances: 2, s => s["Conversations:MaxConcurrentStarts"] = "1000");

        var online = await Task.WhenAll(Enumerable.Range(0, agents).Select(i => cluster.OnlineAgentAsync(instance: i % 2, capacity: capacity)));
        var visitors = await Task.WhenAll(Enumerable.Range(0, chats).Select(i => cluster.ConnectedVisitorAsync(instance: i % 2)));

        // Everyone asks at once, half through each instance, while both instances also sweep.
        var started = await Task.WhenAll(visitors.Select(v =>
            v.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.All[Random.Shared.Next(Topics.All.Count)], null))));
        started.Should().OnlyContain(s => s.Outcome != StartChatOutcome.TicketOffered);

        var seats = agents * capacity;
        var assignedEvents = await Wait.UntilAsync(
            () => Task.FromResult(online.SelectMany(a => a.Events.All<AgentChat>(nameof(IAgentClient.ChatAssigned))).ToList()),
            list => list.Count >= seats,
            $"{seats} assignments");

        // Redis agrees: every agent holds exactly its capacity, and no chat is held twice or also queued.
        var redis = cluster[0].Service<IConnectionMultiplexer>().GetDatabase();
        var keys = cluster[0].Service<RedisKeys>();
        var held = new List<string>();
        foreach (var agent in online)
        {
            var members = await redis.SetMembersAsync(keys.AgentChats(agent.Staff.Staff.Id));
            members.Length.Should().Be(capacity);
            held.AddRange(members.Select(m => m.ToString()));
        }

        assignedEvents.Select(c => c.ConversationId).Should().OnlyHaveUniqueItems();
        online.Select(a => a.Events.All<AgentChat>(nameof(IAgentClient.ChatAssigned)).Count).Should().AllBeEquivalentTo(capacity);

        held.Should().OnlyHaveUniqueItems();
        var waiting = await redis.SortedSetRangeByRankAsync(keys.QueueAll);
        waiting.Should().HaveCount(chats - seats);
        waiting.Select(w => w.ToString()).Should().NotIntersectWith(held);

        // The visitors who were told "assigned" are exactly the assigned ones.
        var assignedIds = assignedEvents.Select(c => c.ConversationId).ToHashSet();
        foreach (var (visitor, _) in visitors.Zip(started))
        {
            var state = await visitor.Hub.InvokeAsync<ChatState?>(nameof(IVisitorHub.ResumeChat));
            (state!.Status == ConversationStatus.Active).Should().Be(assignedIds.Contains(state.ConversationId));
        }
    }

    [Fact]
    public async Task AgentWhoseHeartbeatExpiresLosesItsChatToTheFrontOfTheQueue()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2, s => s["Routing:HeartbeatTtl"] = "00:00:03");
        var first = await cluster.OnlineAgentAsync(instance: 0, capacity: 1);
        using var consoleAlive = new CancellationTokenSource();
        var heartbeats = ChatCluster.KeepAliveAsync(first.Hub, TimeSpan.FromMilliseconds(250), consoleAlive.Token);
        var (_, earlyHub, earlyEvents) = await cluster.ConnectedVisitorAsync(instance: 1);
        var early = await earlyHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, "Tolong, penawaran saya gagal diunggah"));
        early.Outcome.Should().Be(StartChatOutcome.Assigned);
        var (_, lateHub, lateEvents) = await cluster.ConnectedVisitorAsync(instance: 1);
        var late = await lateHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, null));
        late.Outcome.Should().Be(StartChatOutcome.Queued);
        late.Chat!.Queue!.Position.Should().Be(1);

        // The agent's console dies: no more heartbeats.
        await consoleAlive.CancelAsync();
        await heartbeats;
        await first.Hub.DisposeAsync();

        var requeued = await earlyEvents.WaitAsync<ChatRequeued>(nameof(IVisitorClient.ChatRequeued));
        requeued.ConversationId.Should().Be(early.Chat!.ConversationId);
        requeued.Queue.Position.Should().Be(1, "a chat taken back from a vanished agent goes ahead of later arrivals");
        await lateEvents.WaitAsync<QueueStatus>(nameof(IVisitorClient.QueueUpdated), q => q.Position == 2);

        // The next agent gets the requeued chat first, with its history.
        var second = await cluster.OnlineAgentAsync(instance: 1, capacity: 1);
        var handed = await second.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
        handed.ConversationId.Should().Be(early.Chat.ConversationId);
        handed.History.Should().Contain(m => m.Text == "Tolong, penawaran saya gagal diunggah");
        await earlyEvents.WaitAsync<ChatAssigned>(nameof(IVisitorClient.ChatAssigned), a => a.AgentName == second.Staff.Staff.DisplayName);
    }

    [Fact]
    public async Task WaitingVisitorsSeeTheirPositionAndEstimateMoveAsTheQueueMoves()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var agent = await cluster.OnlineAgentAsync(instance: 0, capacity: 1);
        var v1 = await cluster.ConnectedVisitorAsync(instance: 0);
        var v2 = await cluster.ConnectedVisitorAsync(instance: 1);
        var v3 = await cluster.ConnectedVisitorAsync(instance: 0);

        var s1 = await v1.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, null));
        var s2 = await v2.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, null));
        var s3 = await v3.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, null));
        s1.Outcome.Should().Be(StartChatOutcome.Assigned);
        s2.Chat!.Queue!.Position.Should().Be(1);
        s3.Chat!.Queue!.Position.Should().Be(2);
        s3.Chat.Queue.EstimatedWaitSeconds.Should().BeGreaterThan(s2.Chat.Queue.EstimatedWaitSeconds);
        s3.Chat.Queue.AgentsOnline.Should().Be(1);

        var left = await v2.Hub.InvokeAsync<LeaveQueueResult>(nameof(IVisitorHub.LeaveQueue), new LeaveQueueRequest(s2.Chat.ConversationId, false, null));
        left.TicketNumber.Should().BeNull();
        await v3.Events.WaitAsync<QueueStatus>(nameof(IVisitorClient.QueueUpdated), q => q.Position == 1);

        await agent.Hub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(s1.Chat!.ConversationId, true, null));
        await v3.Events.WaitAsync<ChatAssigned>(nameof(IVisitorClient.ChatAssigned));
        (await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == s3.Chat.ConversationId)).Should().NotBeNull();
    }

    [Fact]
    public async Task AgentsOnlyReceiveChatsOfTheirTopicsAndTheLeastLoadedGoesFirst()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 1);
        var procurement = await cluster.OnlineAgentAsync(capacity: 3, topics: [Topics.Procurement]);
        var busy = await cluster.OnlineAgentAsync(capacity: 3, topics: [Topics.Technical]);

        var a = await cluster.ConnectedVisitorAsync();
        await a.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, null));
        await busy.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));

        // A second technical agent with no chats joins: the next technical chat is theirs, not the busy one's.
        var idle = await cluster.OnlineAgentAsync(capacity: 3, topics: [Topics.Technical]);
        var b = await cluster.ConnectedVisitorAsync();
        var started = await b.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, null));
        (await idle.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned))).ConversationId.Should().Be(started.Chat!.ConversationId);

        busy.Events.All<AgentChat>(nameof(IAgentClient.ChatAssigned)).Should().HaveCount(1);
        procurement.Events.All<AgentChat>(nameof(IAgentClient.ChatAssigned)).Should().BeEmpty();
    }

    [Fact]
    public async Task AVisitorWhoWaitsTooLongIsOfferedATicketOnce()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Routing:OfferTicketAfter"] = "00:00:00.500");
        await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Other]);
        await (await cluster.ConnectedVisitorAsync()).Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null));
        var waiting = await cluster.ConnectedVisitorAsync();
        var start = await waiting.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null));

        var offer = await waiting.Events.WaitAsync<TicketOffer>(nameof(IVisitorClient.TicketOffered));
        offer.ConversationId.Should().Be(start.Chat!.ConversationId);
        offer.Reason.Should().Be(TicketOfferReason.LongWait);

        // Positions keep coming; the offer does not repeat.
        var updates = waiting.Events.All<QueueStatus>(nameof(IVisitorClient.QueueUpdated)).Count;
        await waiting.Events.WaitAsync<QueueStatus>(nameof(IVisitorClient.QueueUpdated), _ => waiting.Events.All<QueueStatus>(nameof(IVisitorClient.QueueUpdated)).Count > updates + 2);
        waiting.Events.All<TicketOffer>(nameof(IVisitorClient.TicketOffered)).Should().HaveCount(1);
    }
}
