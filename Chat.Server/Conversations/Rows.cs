using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Conversations;

public sealed record ConversationRow(
    Guid Id,
    Guid VisitorId,
    string Topic,
    string Status,
    Guid? AgentId,
    long LastSeq,
    DateTime QueuedAt,
    DateTime? AssignedAt,
    DateTime? ClosedAt,
    string? CloseReason,
    long VisitorReadSeq,
    long AgentReadSeq,
    string? AgentName)
{
    public ConversationStatus State => Status switch
    {
        "queued" => ConversationStatus.Queued,
        "active" => ConversationStatus.Active,
        _ => ConversationStatus.Closed,
    };

    public DateTimeOffset QueuedAtUtc => new(QueuedAt, TimeSpan.Zero);
}

public sealed record MessageRow(
    Guid Id,
    Guid ConversationId,
    long Seq,
    Guid? ClientMessageId,
    string SenderRole,
    Guid? SenderId,
    string SenderName,
    string Body,
    string? DeliveredBody,
    string ModerationAction,
    string[] ModerationCategories,
    string? ModerationClause,
    string? ModerationNote,
    DateTime CreatedAt);

/// <summary>A message to append; the store gives it the next sequence number.</summary>
public sealed record NewMessage(
    Guid ConversationId,
    Guid? ClientMessageId,
    SenderRole Sender,
    Guid? SenderId,
    string SenderName,
    string Body,
    string? DeliveredBody,
    ModerationAction Action,
    IReadOnlyList<string> Categories,
    string? Clause,
    string? Note);

/// <summary>Who is looking: projections hide withheld text from everyone but its sender and supervisors.</summary>
public sealed record Viewer(SenderRole Role, Guid Id, bool Supervisor);
