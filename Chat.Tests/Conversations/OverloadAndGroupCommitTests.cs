using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Conversations;

/// <summary>The message path under load: early refusal when an instance is full, and group commit of inserts.</summary>
public sealed class OverloadAndGroupCommitTests
{
    [Fact]
    public async Task FullInstanceRefusesWithRetryableOverloadedAndStoresNothingUntilTheRetry()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 1, s => s["Conversations:MaxConcurrentSends"] = "2");
        await cluster.OnlineAgentAsync();
        var (_, visitorHub, _) = await cluster.ConnectedVisitorAsync();
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, null));
        var conversation = start.Chat!.ConversationId;

        // Two messages in progress fill the instance (held here as a long database write would hold them).
        var admission = cluster[0].Service<SendAdmission>();
        admission.TryEnter().Should().BeTrue();
        admission.TryEnter().Should().BeTrue();
        var request = new SendMessageRequest(conversation, Guid.NewGuid(), "Pesan saat server penuh");
        var (code, message) = await visitorHub.RefusedAsync(nameof(IConversationHub.SendMessage), request);
        admission.Exit();
        admission.Exit();

        code.Should().Be(HubErrors.Overloaded);
        message.Should().Contain("Kirim ulang dalam 1 detik");
        admission.InFlight.Should().Be(0, "a refused send holds no slot");
        var history = await visitorHub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L);
        history.Should().NotContain(m => m.ClientMessageId == request.ClientMessageId, "nothing was done for a refused message");

        var retried = await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), request);
        retried.Duplicate.Should().BeFalse();
        admission.InFlight.Should().Be(0, "an accepted send gives its slot back when it is answered");
        history = await visitorHub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L);
        history.Count(m => m.ClientMessageId == request.ClientMessageId).Should().Be(1);
    }

    [Fact]
    public async Task NewChatsPastTheStartLimitAreRefusedAsOverloadedAndNothingIsQueuedUntilTheRetry()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 1, s => s["Conversations:MaxConcurrentStarts"] = "1");
        await cluster.OnlineAgentAsync(capacity: 1);
        var (visitor, visitorHub, _) = await cluster.ConnectedVisitorAsync();

        // One start in progress fills the instance (held here as a slow database would hold it).
        var admission = cluster[0].Service<StartAdmission>();
        admission.TryEnter().Should().BeTrue();
        var (code, message) = await visitorHub.RefusedAsync(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, null));
        admission.Exit();

        code.Should().Be(HubErrors.Overloaded);
        message.Should().Contain("percakapan Anda belum dimulai. Coba lagi dalam 1 detik");
        admission.InFlight.Should().Be(0, "a refused start holds no slot");
        (await visitorHub.InvokeAsync<ChatState?>(nameof(IVisitorHub.ResumeChat))).Should().BeNull("nothing was done for a refused start");

        var retried = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, null));
        retried.Outcome.Should().Be(StartChatOutcome.Assigned);
        admission.InFlight.Should().Be(0);
    }

    [Fact]
    public async Task ConcurrentSendsInManyChatsAreEachStoredOnceWithGaplessSequencesAfterTheirAck()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2, s =>
        {
            s["Conversations:CommitBatch"] = "16";
            s["Conversations:RateLimit"] = "1000";
            s["Moderation:FloodMessages"] = "1000";
            s["Moderation:RepeatLimit"] = "1000";
        });
        await cluster.OnlineAgentAsync(instance: 1, capacity: 8);
        var chats = new List<(HubConnection Hub, Guid Conversation)>();
        for (var i = 0; i < 8; i++)
        {
            var (_, hub, _) = await cluster.ConnectedVisitorAsync();
            var start = await hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, null));
            chats.Add((hub, start.Chat!.ConversationId));
        }

        // Eight connections at once, each with messages in flight, so that batches hold several chats and several
        // messages of one chat; the same message sent twice at once must be stored once.
        var results = await Task.WhenAll(chats.SelectMany((c, i) => Enumerable.Range(0, 6).Select(n =>
            c.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(c.Conversation, Guid.NewGuid(), $"pesan {n} dari obrolan {i}")))));
        var twice = new SendMessageRequest(chats[0].Conversation, Guid.NewGuid(), "pesan ganda");
        var doubled = await Task.WhenAll(chats[0].Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), twice), chats[0].Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), twice));

        results.Should().OnlyContain(r => r.Delivered && !r.Duplicate);
        doubled.Select(r => r.Message.Sequence).Distinct().Should().ContainSingle();
        foreach (var (hub, conversation) in chats)
        {
            var history = await hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L);
            history.Select(m => m.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            history.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, history.Count).Select(n => (long)n), "sequence numbers have no gaps");
            var acked = results.Where(r => r.Message.ConversationId == conversation).Select(r => r.Message.MessageId);
            history.Select(m => m.MessageId).Should().Contain(acked);
        }
    }
}
