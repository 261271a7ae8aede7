namespace Chat.Server.Hubs.Contracts;

/// <summary>Set presence, and optionally capacity and topics.</summary>
/// <param name="Status">Online, away or offline.</param>
/// <param name="Capacity">Concurrent chats (1-10); null keeps the current value.</param>
/// <param name="Topics">Topic ids the agent takes; null keeps the current value.</param>
public sealed record SetPresenceRequest(PresenceStatus Status, int? Capacity, IReadOnlyList<string>? Topics);

/// <summary>An agent's routing state.</summary>
public sealed record AgentState(
    Guid AgentId,
    string DisplayName,
    PresenceStatus Status,
    int Capacity,
    IReadOnlyList<string> Topics,
    int ActiveChats);

/// <summary>The visitor as staff see them.</summary>
/// <param name="VisitorId">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Email">Current email.</param>
/// <param name="Phone">Phone or WhatsApp.</param>
/// <param name="Organization">Agency or company.</param>
/// <param name="RegisteredAt">When they registered.</param>
/// <param name="EmailVerified">Whether they proved the email is theirs (ticket mail and transcripts go only to verified addresses).</param>
public sealed record VisitorProfile(
    Guid VisitorId,
    string Name,
    string Email,
    string? Phone,
    string? Organization,
    DateTimeOffset RegisteredAt,
    bool EmailVerified = false);

/// <summary>A chat on an agent's desk: sent on assignment and by <c>GetMyChats</c>.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Topic">Its topic.</param>
/// <param name="Visitor">Who is asking.</param>
/// <param name="QueuedAt">When the visitor asked.</param>
/// <param name="AssignedAt">When it reached this agent.</param>
/// <param name="History">Messages so far, as the agent may see them.</param>
public sealed record AgentChat(
    Guid ConversationId,
    string Topic,
    VisitorProfile Visitor,
    DateTimeOffset QueuedAt,
    DateTimeOffset AssignedAt,
    IReadOnlyList<ChatMessage> History);

/// <summary>Close a chat.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Resolved">False opens a ticket with the transcript.</param>
/// <param name="Note">Summary (becomes the ticket's first internal note when unresolved).</param>
public sealed record CloseChatRequest(Guid ConversationId, bool Resolved, string? Note);

/// <summary>The answer to <c>CloseChat</c>.</summary>
public sealed record CloseChatResult(Guid ConversationId, string? TicketNumber);

/// <summary>A chat was taken away from this agent (presence expired, transfer, or the visitor left).</summary>
public sealed record ChatRevoked(Guid ConversationId, string Reason);
