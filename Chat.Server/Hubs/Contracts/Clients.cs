namespace Chat.Server.Hubs.Contracts;

/// <summary>Events the server pushes to a visitor's connections (hub path <c>/hubs/visitor</c>).</summary>
public interface IVisitorClient
{
    /// <summary>Queue position or estimate changed.</summary>
    Task QueueUpdated(QueueStatus status);

    /// <summary>An agent took the chat.</summary>
    Task ChatAssigned(ChatAssigned assigned);

    /// <summary>The chat went back to the queue.</summary>
    Task ChatRequeued(ChatRequeued requeued);

    /// <summary>A new message in the visitor's chat (their own too, for their other tabs).</summary>
    Task MessageReceived(ChatMessage message);

    /// <summary>A withheld message was released after review: replace the message of the same sequence (<c>ReleasedAt</c> is set).</summary>
    Task MessageReleased(ChatMessage message);

    /// <summary>Staff withheld an attachment in this chat: show it as withheld (it is no longer served).</summary>
    Task AttachmentWithheld(AttachmentWithheld withheld);

    /// <summary>A supervisor overturned a withheld attachment in this chat: show it again.</summary>
    Task AttachmentReleased(AttachmentReleased released);

    /// <summary>The agent is typing.</summary>
    Task Typing(TypingEvent typing);

    /// <summary>The agent has read the visitor's messages.</summary>
    Task MessagesRead(ReadReceipt receipt);

    /// <summary>The chat ended.</summary>
    Task ChatClosed(ChatClosed closed);

    /// <summary>A ticket is offered instead of waiting longer.</summary>
    Task TicketOffered(TicketOffer offer);

    /// <summary>The account was suspended or closed.</summary>
    Task AccountSuspended(AccountSuspended suspended);
}

/// <summary>Events the server pushes to staff connections (hub path <c>/hubs/agent</c>).</summary>
public interface IAgentClient
{
    /// <summary>A chat was assigned to this agent.</summary>
    Task ChatAssigned(AgentChat chat);

    /// <summary>A chat was taken away from this agent.</summary>
    Task ChatRevoked(ChatRevoked revoked);

    /// <summary>A new message in one of this agent's chats (blocked visitor text arrives as a notice with null text).</summary>
    Task MessageReceived(ChatMessage message);

    /// <summary>A withheld message was released after review: replace the message of the same sequence (<c>ReleasedAt</c> is set).</summary>
    Task MessageReleased(ChatMessage message);

    /// <summary>Staff withheld an attachment in this chat: show it as withheld (it is no longer served).</summary>
    Task AttachmentWithheld(AttachmentWithheld withheld);

    /// <summary>A supervisor overturned a withheld attachment in this chat: show it again.</summary>
    Task AttachmentReleased(AttachmentReleased released);

    /// <summary>The visitor is typing.</summary>
    Task Typing(TypingEvent typing);

    /// <summary>The visitor has read the agent's messages.</summary>
    Task MessagesRead(ReadReceipt receipt);

    /// <summary>A chat ended.</summary>
    Task ChatClosed(ChatClosed closed);

    /// <summary>This agent's routing state changed (e.g. presence expired).</summary>
    Task StateChanged(AgentState state);

    /// <summary>Live queue figures, about every 2 s, for supervisors who called <c>WatchMetrics</c>.</summary>
    Task MetricsUpdated(QueueMetrics metrics);

    /// <summary>An internal note was added to one of this agent's chats (or a watched chat).</summary>
    Task NoteAdded(InternalNote note);

    /// <summary>A message in a chat a supervisor watches read-only (<c>WatchConversation</c>).</summary>
    Task WatchedMessage(ChatMessage message);
}
