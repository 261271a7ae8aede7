using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Agent.Live;

/// <summary>The hub's events, applied to the chats on the desk.</summary>
public sealed partial class ConsoleSession
{
    private void Subscribe(HubConnection connection)
    {
        connection.On<AgentChat>(nameof(IAgentClient.ChatAssigned), chat =>
        {
            lock (gate)
            {
                chats[chat.ConversationId] = new ChatView(chat);
            }

            Changed?.Invoke();
            Alert?.Invoke(new ConsoleAlert(chat.ConversationId, chat.Visitor.Name, true));
        });
        connection.On<ChatRevoked>(nameof(IAgentClient.ChatRevoked), revoked =>
            Apply(revoked.ConversationId, c => c.Revoked ??= revoked.Reason));
        connection.On<ChatMessage>(nameof(IAgentClient.MessageReceived), message =>
        {
            var gap = false;
            Apply(message.ConversationId, c =>
            {
                gap = c.Merge([message]);
                if (message.Sender == SenderRole.Visitor)
                {
                    c.VisitorTypingAt = null;
                }
            });
            if (message.Sender == SenderRole.Visitor)
            {
                Alert?.Invoke(new ConsoleAlert(message.ConversationId, message.SenderName, false));
            }

            // Not awaited: a handler that waits for a hub call would hold up the very loop that delivers its answer.
            if (gap)
            {
                _ = FillGapAsync(message.ConversationId);
            }
        });
        // A withheld message released after review replaces the one of the same sequence.
        connection.On<ChatMessage>(nameof(IAgentClient.MessageReleased), message => Apply(message.ConversationId, c => c.Merge([message])));
        connection.On<AttachmentWithheld>(nameof(IAgentClient.AttachmentWithheld), withheld => Apply(withheld.ConversationId, c => c.Withhold(withheld)));
        connection.On<AttachmentReleased>(nameof(IAgentClient.AttachmentReleased), released => Apply(released.ConversationId, c => c.Release(released)));
        connection.On<TypingEvent>(nameof(IAgentClient.Typing), typing => Apply(typing.ConversationId, c => c.VisitorTypingAt = typing.IsTyping ? time.GetUtcNow() : null));
        connection.On<ReadReceipt>(nameof(IAgentClient.MessagesRead), receipt =>
            Apply(receipt.ConversationId, c => c.VisitorReadUpTo = Math.Max(c.VisitorReadUpTo, receipt.UpToSequence)));
        connection.On<ChatClosed>(nameof(IAgentClient.ChatClosed), closed => Apply(closed.ConversationId, c => c.Closed = closed));
        connection.On<AgentState>(nameof(IAgentClient.StateChanged), state =>
        {
            State = state;
            Changed?.Invoke();
        });
        connection.On<InternalNote>(nameof(IAgentClient.NoteAdded), note => Apply(note.ConversationId, c => c.AddNote(note)));
        connection.On<QueueMetrics>(nameof(IAgentClient.MetricsUpdated), metrics => Metrics?.Invoke(metrics));
        connection.On<ChatMessage>(nameof(IAgentClient.WatchedMessage), message => Watched?.Invoke(message));
    }

    private async Task FillGapAsync(Guid conversationId)
    {
        try
        {
            var missing = await Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversationId, 0L, stopping.Token);
            Apply(conversationId, c => c.Merge(missing));
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or OperationCanceledException)
        {
            // The next reconnect or message tries again.
            LogGapFailed(logger, e);
        }
    }

    private void Apply(Guid conversationId, Action<ChatView> change)
    {
        lock (gate)
        {
            if (!chats.TryGetValue(conversationId, out var chat))
            {
                return;
            }

            change(chat);
        }

        Changed?.Invoke();
    }
}
