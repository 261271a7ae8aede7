using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Conversations;

public sealed class MessagingTests
{
    [Fact]
    public async Task VisitorMessageOnOneInstanceReachesAgentOnAnotherAndBack()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(instance: 1);
        var (_, visitorHub, visitorEvents) = await cluster.ConnectedVisitorAsync(instance: 0);

        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, null));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
        var chat = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
        chat.ConversationId.Should().Be(start.Chat!.ConversationId);

        var sent = await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Selamat pagi, saya tidak bisa login ke SPSE."));
        sent.Delivered.Should().BeTrue();
        var atAgent = await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        atAgent.Text.Should().Be("Selamat pagi, saya tidak bisa login ke SPSE.");
        atAgent.Sender.Should().Be(SenderRole.Visitor);

        var reply = await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Baik, mohon sebutkan user ID Anda."));
        var atVisitor = await visitorEvents.WaitAsync<ChatMessage>(nameof(IVisitorClient.MessageReceived), m => m.Sequence == reply.Message.Sequence);
        atVisitor.Text.Should().Be("Baik, mohon sebutkan user ID Anda.");
        atVisitor.Sequence.Should().Be(sent.Message.Sequence + 1);
    }

    [Fact]
    public async Task RetriedSendWithTheSameClientMessageIdIsStoredOnceAndDeliveredAgainAsTheSameMessage()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var (_, _, agentEvents) = await cluster.OnlineAgentAsync(instance: 0);
        var (_, visitorHub, _) = await cluster.ConnectedVisitorAsync(instance: 1);
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, null));
        var conversation = start.Chat!.ConversationId;

        var request = new SendMessageRequest(conversation, Guid.NewGuid(), "Pesan yang dikirim ulang karena sinyal putus");
        var first = await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), request);
        var again = await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), request);

        again.Duplicate.Should().BeTrue();
        again.Message.Sequence.Should().Be(first.Message.Sequence);
        again.Message.MessageId.Should().Be(first.Message.MessageId);
        var history = await visitorHub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L);
        history.Count(m => m.ClientMessageId == request.ClientMessageId).Should().Be(1);

        // The retry is delivered again (the first attempt may have been stored and then lost on the way to one side),
        // as the same message: same id, same sequence, so the agent's console holds it once. The next message
        // follows it directly.
        var next = await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "berikutnya"));
        await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == next.Message.Sequence);
        var copies = agentEvents.All<ChatMessage>(nameof(IAgentClient.MessageReceived)).Where(m => m.ClientMessageId == request.ClientMessageId).ToList();
        copies.Should().HaveCount(2);
        copies.Select(m => (m.MessageId, m.Sequence)).Distinct().Should().ContainSingle().Which.Should().Be((first.Message.MessageId, first.Message.Sequence));
        next.Message.Sequence.Should().Be(first.Message.Sequence + 1);

        // A retry that arrives after the chat closed still gets its stored answer, not an error.
        await visitorHub.InvokeAsync(nameof(IVisitorHub.EndChat), conversation);
        var late = await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), request);
        late.Duplicate.Should().BeTrue();
        late.Message.Sequence.Should().Be(first.Message.Sequence);
    }

    [Fact]
    public async Task ReconnectingVisitorGetsEveryMissedMessageOnceAndInOrder()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var (_, agentHub, _) = await cluster.OnlineAgentAsync(instance: 1);
        var (visitor, visitorHub, visitorEvents) = await cluster.ConnectedVisitorAsync(instance: 0);
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, "Halo"));
        var conversation = start.Chat!.ConversationId;
        var before = await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "pesan sebelum putus"));
        await visitorEvents.WaitAsync<ChatMessage>(nameof(IVisitorClient.MessageReceived), m => m.Sequence == before.Message.Sequence);
        var lastSeen = visitorEvents.All<ChatMessage>(nameof(IVisitorClient.MessageReceived)).Max(m => m.Sequence);

        await visitorHub.StopAsync();
        var missed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            missed.Add((await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
                new SendMessageRequest(conversation, Guid.NewGuid(), $"pesan saat terputus {i}"))).Message.Sequence);
        }

        var again = await cluster.ConnectVisitorAsync(visitor.Token, instance: 1);
        var resumed = await again.InvokeAsync<ChatState?>(nameof(IVisitorHub.ResumeChat));
        resumed!.ConversationId.Should().Be(conversation);
        var replay = await again.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, lastSeen);

        replay.Select(m => m.Sequence).Should().Equal(Enumerable.Range((int)lastSeen + 1, replay.Count).Select(i => (long)i));
        replay.Select(m => m.Sequence).Should().Contain(missed);
        replay.Select(m => m.Sequence).Should().OnlyHaveUniqueItems();
        replay[^1].Sequence.Should().Be(resumed.LastSequence);
    }

    [Fact]
    public async Task TypingAndReadReceiptsReachTheOtherSide()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(instance: 0);
        var (_, visitorHub, visitorEvents) = await cluster.ConnectedVisitorAsync(instance: 1);
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null));
        var conversation = start.Chat!.ConversationId;

        await visitorHub.InvokeAsync(nameof(IConversationHub.Typing), conversation, true);
        (await agentEvents.WaitAsync<TypingEvent>(nameof(IAgentClient.Typing))).IsTyping.Should().BeTrue();

        var sent = await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "Ada yang bisa dibantu?"));
        await visitorHub.InvokeAsync(nameof(IConversationHub.MarkRead), conversation, sent.Message.Sequence);
        var receipt = await agentEvents.WaitAsync<ReadReceipt>(nameof(IAgentClient.MessagesRead));
        receipt.UpToSequence.Should().Be(sent.Message.Sequence);
        receipt.Reader.Should().Be(SenderRole.Visitor);

        // Marking an older position again changes nothing and sends nothing new.
        await visitorHub.InvokeAsync(nameof(IConversationHub.MarkRead), conversation, 1L);
        await agentHub.InvokeAsync(nameof(IConversationHub.Typing), conversation, true);
        await visitorEvents.WaitAsync<TypingEvent>(nameof(IVisitorClient.Typing));
        agentEvents.All<ReadReceipt>(nameof(IAgentClient.MessagesRead)).Should().HaveCount(1);
    }
}
