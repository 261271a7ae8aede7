namespace Chat.Server.Hubs.Contracts;

/// <summary>Ask for a chat.</summary>
/// <param name="Topic">One of <see cref="Topics.All"/>.</param>
/// <param name="Question">Optional first message, stored as the first message of the chat.</param>
public sealed record StartChatRequest(string Topic, string? Question);

/// <summary>The answer to <c>StartChat</c>.</summary>
/// <param name="Outcome">Queued, assigned at once, or a ticket offered instead.</param>
/// <param name="Chat">The conversation, unless a ticket was offered.</param>
/// <param name="OfferReason">Why a ticket is offered, when it is.</param>
public sealed record StartChatResult(StartChatOutcome Outcome, ChatState? Chat, TicketOfferReason? OfferReason);

/// <summary>A visitor's view of their current chat (also returned by <c>ResumeChat</c> after a reconnect).</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Topic">Its topic.</param>
/// <param name="Status">Queued, active or closed.</param>
/// <param name="AgentName">The agent's display name once assigned.</param>
/// <param name="Queue">Queue position while queued.</param>
/// <param name="LastSequence">The newest message sequence number.</param>
/// <param name="StartedAt">When the visitor asked for the chat.</param>
public sealed record ChatState(
    Guid ConversationId,
    string Topic,
    ConversationStatus Status,
    string? AgentName,
    QueueStatus? Queue,
    long LastSequence,
    DateTimeOffset StartedAt);

/// <summary>Where the visitor stands in the queue.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Position">1 means next.</param>
/// <param name="EstimatedWaitSeconds">Estimate from recent handling times and agents online.</param>
/// <param name="AgentsOnline">Agents online for the topic.</param>
public sealed record QueueStatus(Guid ConversationId, int Position, int EstimatedWaitSeconds, int AgentsOnline);

/// <summary>An agent took the chat.</summary>
public sealed record ChatAssigned(Guid ConversationId, string AgentName, DateTimeOffset AssignedAt);

/// <summary>The chat went back to the queue (the agent disconnected or transferred it).</summary>
public sealed record ChatRequeued(Guid ConversationId, string Reason, QueueStatus Queue);

/// <summary>The chat ended.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Reason">Why.</param>
/// <param name="TicketNumber">The ticket opened for it, if any (e.g. TL-2026-000123).</param>
/// <param name="Message">A short text for the visitor or agent.</param>
/// <param name="Clause">The policy clause when moderation ended it.</param>
public sealed record ChatClosed(Guid ConversationId, CloseReason Reason, string? TicketNumber, string? Message, string? Clause);

/// <summary>A ticket is offered instead of waiting (e.g. the wait grew too long).</summary>
public sealed record TicketOffer(Guid ConversationId, TicketOfferReason Reason, string Message);

/// <summary>Leave the queue, optionally leaving a ticket with the transcript so far.</summary>
/// <param name="ConversationId">The queued conversation.</param>
/// <param name="CreateTicket">True to leave a ticket.</param>
/// <param name="Note">Optional note added to the ticket.</param>
public sealed record LeaveQueueRequest(Guid ConversationId, bool CreateTicket, string? Note);

/// <summary>The answer to <c>LeaveQueue</c>.</summary>
public sealed record LeaveQueueResult(Guid ConversationId, string? TicketNumber);

/// <summary>The visitor's account was suspended or closed (moderation or supervisor).</summary>
public sealed record AccountSuspended(string Reason, string? Clause, DateTimeOffset? Until);
