using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Conversations;

/// <summary>Every refusal names its cause, stores and delivers nothing, and leaves the connection usable.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task OversizeAndEmptyMessagesAreRefusedAndNothingIsStored()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.OnlineAgentAsync();
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null))).Chat!.ConversationId;
        var before = (await visitor.Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L)).Count;

        var (tooLong, message) = await visitor.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), new string('a', 2001)));
        tooLong.Should().Be(HubErrors.MessageTooLong);
        message.Should().Contain("2000").And.Contain("2001");
        (await visitor.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "   \n "))).Code.Should().Be(HubErrors.MessageEmpty);
        (await visitor.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.Empty, "halo"))).Code.Should().Be(HubErrors.InvalidArgument);
        (await visitor.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), [null])).Code.Should().Be(HubErrors.InvalidArgument);

        (await visitor.Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L)).Should().HaveCount(before);
        var ok = await visitor.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), new string('b', 2000)));
        ok.Delivered.Should().BeTrue();
        (await agent.Events.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == ok.Message.Sequence)).Text.Should().HaveLength(2000);
    }

    [Fact]
    public async Task VisitorsCannotReachAnotherVisitorsConversation()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await cluster.OnlineAgentAsync();
        var owner = await cluster.ConnectedVisitorAsync();
        var intruder = await cluster.ConnectedVisitorAsync();
        var conversation = (await owner.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, "rahasia"))).Chat!.ConversationId;

        (await intruder.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "ikut campur"))).Code.Should().Be(HubErrors.ConversationNotFound);
        (await intruder.Hub.RefusedAsync(nameof(IConversationHub.GetMessagesAfter), conversation, 0L)).Code.Should().Be(HubErrors.ConversationNotFound);
        (await intruder.Hub.RefusedAsync(nameof(IConversationHub.Typing), conversation, true)).Code.Should().Be(HubErrors.ConversationNotFound);
        (await intruder.Hub.RefusedAsync(nameof(IVisitorHub.LeaveQueue), new LeaveQueueRequest(conversation, true, null))).Code.Should().Be(HubErrors.ConversationNotFound);
        (await intruder.Hub.RefusedAsync(nameof(IVisitorHub.EndChat), conversation)).Code.Should().Be(HubErrors.ConversationNotFound);
        (await intruder.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), new SendMessageRequest(Guid.NewGuid(), Guid.NewGuid(), "ke mana?"))).Code.Should().Be(HubErrors.ConversationNotFound);

        var history = await owner.Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L);
        history.Should().NotContain(m => m.Text == "ikut campur");
        owner.Events.All<TypingEvent>(nameof(IVisitorClient.Typing)).Should().BeEmpty();
    }

    [Fact]
    public async Task AgentsCanOnlyWriteToChatsAssignedToThem()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var assigned = await cluster.OnlineAgentAsync(capacity: 1);
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null))).Chat!.ConversationId;
        await assigned.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
        var other = await cluster.OnlineAgentAsync(capacity: 1);

        var (code, message) = await other.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "bukan punya saya"));
        code.Should().Be(HubErrors.NotYourConversation);
        message.Should().Contain("tidak ditugaskan");
        (await other.Hub.RefusedAsync(nameof(IAgentHub.CloseChat), new CloseChatRequest(conversation, false, null))).Code.Should().Be(HubErrors.NotYourConversation);
        (await other.Hub.RefusedAsync(nameof(IAgentHub.SetPresence), new SetPresenceRequest(PresenceStatus.Online, 99, null))).Code.Should().Be(HubErrors.InvalidArgument);
        (await other.Hub.RefusedAsync(nameof(IAgentHub.SetPresence), new SetPresenceRequest(PresenceStatus.Online, 2, ["bukan-topik"]))).Code.Should().Be(HubErrors.InvalidTopic);

        // The connection is still fine after all that.
        (await other.Hub.InvokeAsync<AgentState>(nameof(IAgentHub.GetState))).Status.Should().Be(PresenceStatus.Online);
        visitor.Events.All<ChatMessage>(nameof(IVisitorClient.MessageReceived)).Should().NotContain(m => m.Text == "bukan punya saya");
    }

    [Fact]
    public async Task FloodingIsRefusedWithTheWaitAndTheConnectionStaysUsable()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Conversations:RateWindow"] = "00:01:00");
        await cluster.OnlineAgentAsync();
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null))).Chat!.ConversationId;

        long last = 0;
        for (var i = 0; i < 12; i++)
        {
            last = (await visitor.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), $"pesan {i}"))).Message.Sequence;
        }

        var (code, message) = await visitor.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "satu lagi"));
        code.Should().Be(HubErrors.RateLimited);
        message.Should().Contain("detik");
        (await visitor.Hub.InvokeAsync<ChatState?>(nameof(IVisitorHub.ResumeChat)))!.LastSequence.Should().Be(last, "the refused message was not stored");
    }

    [Fact]
    public async Task StartingAChatTwiceReturnsTheSameChatAndUnknownTopicsAreRefused()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await cluster.OnlineAgentAsync(capacity: 1);
        await (await cluster.ConnectedVisitorAsync()).Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null));
        var visitor = await cluster.ConnectedVisitorAsync();

        (await visitor.Hub.RefusedAsync(nameof(IVisitorHub.StartChat), new StartChatRequest("politik", null))).Code.Should().Be(HubErrors.InvalidTopic);
        var first = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null));
        var second = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null));
        second.Chat!.ConversationId.Should().Be(first.Chat!.ConversationId);
        second.Chat.Queue!.Position.Should().Be(1);
        (await visitor.Hub.RefusedAsync(nameof(IConversationHub.GetMessagesAfter), first.Chat.ConversationId, -5L)).Code.Should().Be(HubErrors.InvalidArgument);
    }
}
