using System.Text.Json.Serialization;

namespace Chat.Server.Hubs.Contracts;

/// <summary>Live queue figures for supervisors, pushed about every 2 s to connections that called <c>WatchMetrics</c>.</summary>
/// <param name="At">When the figures were taken.</param>
/// <param name="Topics">Waiting chats per topic.</param>
/// <param name="Waiting">Chats waiting in every queue.</param>
/// <param name="LongestWaitSeconds">The longest current wait.</param>
/// <param name="AverageWaitSeconds">The average current wait of waiting chats.</param>
/// <param name="AgentsOnline">Agents with presence online.</param>
/// <param name="AgentsAvailable">Online agents with a free seat.</param>
/// <param name="AgentsBusy">Online or away agents with every seat taken.</param>
/// <param name="SeatsUsed">Chats held by online agents.</param>
/// <param name="SeatsOffered">Capacity of online agents (occupancy = used / offered).</param>
/// <param name="ActiveChats">Chats assigned to any agent.</param>
/// <param name="FirstResponseSeconds">Average time from asking to the first agent reply, chats of the last hour; null when none.</param>
/// <param name="ChatsLastHour">Chats asked for in the last hour.</param>
/// <param name="TicketsOpenedToday">Tickets opened since midnight WITA.</param>
/// <param name="PendingReviews">Moderated messages waiting for a supervisor's review.</param>
/// <param name="Agents">Every online or away agent's load.</param>
public sealed record QueueMetrics(
    DateTimeOffset At,
    IReadOnlyList<TopicQueueMetrics> Topics,
    int Waiting,
    int LongestWaitSeconds,
    int AverageWaitSeconds,
    int AgentsOnline,
    int AgentsAvailable,
    int AgentsBusy,
    int SeatsUsed,
    int SeatsOffered,
    int ActiveChats,
    int? FirstResponseSeconds,
    int ChatsLastHour,
    int TicketsOpenedToday,
    int PendingReviews,
    IReadOnlyList<AgentLoad> Agents);

/// <summary>One topic's queue.</summary>
public sealed record TopicQueueMetrics(string Topic, int Waiting, int LongestWaitSeconds, int AverageWaitSeconds);

/// <summary>An agent's load, with the chats it holds (supervisors may watch them).</summary>
public sealed record AgentLoad(Guid AgentId, string Name, PresenceStatus Status, int ActiveChats, int Capacity, IReadOnlyList<Guid> Conversations);

/// <summary>One sample of the history kept server-side for charts.</summary>
public sealed record MetricsPoint(DateTimeOffset At, int Waiting, int ActiveChats, int? FirstResponseSeconds);

/// <summary>The answer to <c>WatchMetrics</c>: the figures now and the history for the charts.</summary>
/// <param name="Current">Figures now.</param>
/// <param name="LastHour">Samples of the last hour, oldest first.</param>
/// <param name="LastDay">Samples of the last 24 hours in 15-minute buckets, oldest first.</param>
public sealed record MetricsWatch(QueueMetrics Current, IReadOnlyList<MetricsPoint> LastHour, IReadOnlyList<MetricsPoint> LastDay);

/// <summary>Hand a chat to another agent, or back to a topic's queue, with a note for whoever takes it.</summary>
/// <param name="ConversationId">The active conversation.</param>
/// <param name="ToAgentId">An online agent with a free seat; or null to requeue.</param>
/// <param name="ToTopic">The topic to requeue under (may be the same); ignored when an agent is named.</param>
/// <param name="Note">Internal note for the next agent.</param>
public sealed record TransferChatRequest(Guid ConversationId, Guid? ToAgentId, string? ToTopic, string? Note);

/// <summary>The answer to <c>TransferChat</c>.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="ToAgentName">The agent who has it now, or null when it went back to the queue.</param>
/// <param name="Topic">Its topic now.</param>
public sealed record TransferChatResult(Guid ConversationId, string? ToAgentName, string Topic);

/// <summary>A note on a conversation that only staff see.</summary>
public sealed record InternalNote(Guid Id, Guid ConversationId, Guid AuthorId, string AuthorName, string Text, DateTimeOffset CreatedAt);

/// <summary>A canned answer, inserted in the console by typing its shortcut (e.g. <c>/reset</c>).</summary>
public sealed record CannedAnswer(string Shortcut, string Title, string Text, DateTimeOffset UpdatedAt);

/// <summary>PUT /api/canned-answers/{shortcut} (supervisors).</summary>
public sealed record SaveCannedAnswerRequest(string Title, string Text);

/// <summary>GET /api/staff/visitors/{id}/history: the visitor, their earlier chats and their tickets.</summary>
public sealed record VisitorHistory(VisitorProfile Visitor, string Status, string? StatusReason, IReadOnlyList<PastChat> Chats, IReadOnlyList<TicketSummary> Tickets);

/// <summary>An earlier (or current) chat of a visitor.</summary>
public sealed record PastChat(Guid ConversationId, string Topic, ConversationStatus Status, DateTimeOffset QueuedAt, DateTimeOffset? ClosedAt, string? CloseReason, string? AgentName);

/// <summary>POST /api/supervision/policy: publish a revision of the service policy.</summary>
public sealed record PublishPolicyRequest(string Title, string Text);

/// <summary>POST /api/supervision/visitors/{id}/close: close an account with a reason and policy clause.</summary>
public sealed record CloseVisitorRequest(string Reason, string? Clause);

/// <summary>POST /api/supervision/visitors/{id}/disclosures: a lawful request (policy clause 5) for everything held about a visitor.</summary>
/// <param name="Authority">Who asks (for example the police or the prosecutor's office).</param>
/// <param name="Reference">The number of their letter.</param>
/// <param name="LegalBasis">The law or order the request rests on.</param>
public sealed record DisclosureRequestForm(string Authority, string Reference, string LegalBasis);

/// <summary>Where a disclosure request stands: a second supervisor approves it before its archive can be taken.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisclosureStatus>))]
public enum DisclosureStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>POST /api/supervision/disclosures/{id}/decision: a second supervisor approves or rejects a pending request.</summary>
public sealed record DisclosureDecision(bool Approve, string? Note);

/// <summary>A disclosure request as supervisors see it (the archive itself is at /api/supervision/disclosures/{id}/archive).</summary>
/// <param name="ArchiveSha256">SHA-256 of the ZIP archive, in hex, as recorded in the audit log.</param>
/// <param name="Open">True until a supervisor closes the request; an open request holds the visitor's data against retention.</param>
public sealed record DisclosureView(
    Guid Id,
    Guid VisitorId,
    string VisitorName,
    string Authority,
    string Reference,
    string LegalBasis,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DisclosureStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote,
    string ArchiveSha256,
    long ArchiveBytes,
    bool Open);

/// <summary>GET /api/supervision/visitors?q=: a visitor found by name or email.</summary>
public sealed record VisitorSearchResult(Guid VisitorId, string Name, string Email, string? Organization, string Status);

/// <summary>POST /api/supervision/staff/{id}/active: deactivate (tokens revoked, chats requeued) or reactivate a staff account.</summary>
public sealed record SetStaffActiveRequest(bool Active);

/// <summary>POST /api/supervision/staff/{id}/password: set a new password (at least 10 characters); clears a lockout and revokes tokens.</summary>
public sealed record ResetStaffPasswordRequest(string Password);
