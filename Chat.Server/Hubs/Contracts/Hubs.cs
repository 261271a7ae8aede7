namespace Chat.Server.Hubs.Contracts;

/// <summary>
/// What visitors and staff may call alike inside a conversation. Clients call hub methods by <c>nameof</c> of these
/// interfaces, and the authorisation matrix test enumerates them: a method added here without a row fails it.
/// </summary>
public interface IConversationHub
{
    /// <summary>Sends a message (moderated before delivery); idempotent by <c>ClientMessageId</c>.</summary>
    Task<SendMessageResult> SendMessage(SendMessageRequest request);

    /// <summary>Messages after a sequence number, for catching up after a reconnect.</summary>
    Task<IReadOnlyList<ChatMessage>> GetMessagesAfter(Guid conversationId, long afterSequence);

    /// <summary>Typing started or stopped.</summary>
    Task Typing(Guid conversationId, bool isTyping);

    /// <summary>The caller has read the other side's messages up to a sequence number.</summary>
    Task MarkRead(Guid conversationId, long upToSequence);
}

/// <summary>The visitor's hub (<c>/hubs/visitor</c>): visitors only.</summary>
public interface IVisitorHub : IConversationHub
{
    /// <summary>Queues a new chat for a topic with the first question.</summary>
    Task<StartChatResult> StartChat(StartChatRequest request);

    /// <summary>The visitor's open chat, if any (waiting or assigned).</summary>
    Task<ChatState?> ResumeChat();

    /// <summary>Leaves the queue, optionally asking for a ticket instead.</summary>
    Task<LeaveQueueResult> LeaveQueue(LeaveQueueRequest request);

    /// <summary>Ends the visitor's chat.</summary>
    Task EndChat(Guid conversationId);
}

/// <summary>The staff hub (<c>/hubs/agent</c>): agents and supervisors; the watch methods supervisors only.</summary>
public interface IAgentHub : IConversationHub
{
    /// <summary>Online, away or offline, with capacity and topics.</summary>
    Task<AgentState> SetPresence(SetPresenceRequest request);

    /// <summary>The caller's routing state.</summary>
    Task<AgentState> GetState();

    /// <summary>Keeps presence alive; false when presence expired.</summary>
    Task<bool> Heartbeat();

    /// <summary>The caller's active chats.</summary>
    Task<IReadOnlyList<AgentChat>> GetMyChats();

    /// <summary>Closes a chat the caller holds, resolved or as a ticket.</summary>
    Task<CloseChatResult> CloseChat(CloseChatRequest request);

    /// <summary>Hands a chat the caller holds to another agent or back to a topic's queue.</summary>
    Task<TransferChatResult> TransferChat(TransferChatRequest request);

    /// <summary>Adds an internal note to a chat the caller holds (any chat, for supervisors).</summary>
    Task<InternalNote> AddNote(Guid conversationId, string text);

    /// <summary>Internal notes of a chat the caller holds (any chat, for supervisors).</summary>
    Task<IReadOnlyList<InternalNote>> GetNotes(Guid conversationId);

    /// <summary>Supervisors: live queue figures now and pushed as <c>MetricsUpdated</c>.</summary>
    Task<MetricsWatch> WatchMetrics();

    /// <summary>Supervisors: stop the live figures.</summary>
    Task UnwatchMetrics();

    /// <summary>Supervisors: follow any conversation read-only; returns its messages so far.</summary>
    Task<IReadOnlyList<ChatMessage>> WatchConversation(Guid conversationId);

    /// <summary>Supervisors: stop following a conversation.</summary>
    Task UnwatchConversation(Guid conversationId);
}
