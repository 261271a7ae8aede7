using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Conversations;

public sealed record ConversationRow
{
    public required Guid Id { get; init; }
    public required Guid VisitorId { get; init; }
    public required string Topic { get; init; }
    public required string Status { get; init; }
    public required Guid? AgentId { get; init; }
    public required long LastSeq { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
    public required DateTimeOffset? AssignedAt { get; init; }
    public required DateTimeOffset? ClosedAt { get; init; }
    public required string? CloseReason { get; init; }
    public required long VisitorReadSeq { get; init; }
    public required long AgentReadSeq { get; init; }
    public required string? AgentName { get; init; }

    public ConversationStatus State => Status switch
    {
        "queued" => ConversationStatus.Queued,
        "active" => ConversationStatus.Active,
        _ => ConversationStatus.Closed,
    };
}

public sealed record MessageRow
{
    public required Guid Id { get; init; }
    public required Guid ConversationId { get; init; }
    public required long Seq { get; init; }
    public required Guid? ClientMessageId { get; init; }
    public required string SenderRole { get; init; }
    public required Guid? SenderId { get; init; }
    public required string SenderName { get; init; }
    public required string Body { get; init; }
    public required string? DeliveredBody { get; init; }
    public required string ModerationAction { get; init; }
    public required string[] ModerationCategories { get; init; }
    public required string? ModerationClause { get; init; }
    public required string? ModerationNote { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a supervisor overturned the verdict of a withheld message and it was delivered after all.</summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>The attachments the message carries, as JSON (<c>AttachmentInfo</c>[]); null when none.</summary>
    public string? Attachments { get; init; }
}

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
    string? Note,
    string? Attachments = null);

/// <summary>Who is looking: projections hide withheld text from everyone but its sender and supervisors.</summary>
public sealed record Viewer(SenderRole Role, Guid Id, bool Supervisor);
