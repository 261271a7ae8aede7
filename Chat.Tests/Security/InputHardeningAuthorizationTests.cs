using Chat.Server.Hubs;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Security;

/// <summary>What arrives over the hubs is bounded and tidied before anyone sees or stores it.</summary>
public sealed class InputHardeningAuthorizationTests
{
    [Fact]
    public async Task BidiOverridesAndZeroWidthCharactersNeverReachTheAgent()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.OnlineAgentAsync(topics: [Topics.Other]);
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(VisitorHub.StartChat), new StartChatRequest(Topics.Other, null))).Chat!.ConversationId;

        var sent = await visitor.Hub.InvokeAsync<SendMessageResult>(
            nameof(VisitorHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "berkas\u202Efdp dan ka\u200Bta"));

        sent.Message.Text.Should().Be("berkasfdp dan kata");
        var seen = await agent.Events.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.MessageId == sent.Message.MessageId);
        seen.Text.Should().Be("berkasfdp dan kata");
    }

    [Fact]
    public async Task AFrameOver32KilobytesIsRefusedByClosingTheConnection()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.ConnectedVisitorAsync();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        visitor.Hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        var huge = () => visitor.Hub.InvokeAsync<SendMessageResult>(nameof(VisitorHub.SendMessage), new SendMessageRequest(Guid.NewGuid(), Guid.NewGuid(), new string('a', 40_000)));
        await huge.Should().ThrowAsync<Exception>();
        await closed.Task.WaitAsync(Wait.Timeout);
    }
}
