namespace Chat.Server.Hubs.Contracts;

/// <summary>A message as one viewer sees it. Sequence numbers are per conversation, gapless, from 1.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Sequence">Position in the conversation; clients replay with <c>GetMessagesAfter</c>.</param>
/// <param name="MessageId">Server id of the message.</param>
/// <param name="ClientMessageId">The sender's own id (idempotency key); null for system messages.</param>
/// <param name="Sender">Who wrote it.</param>
/// <param name="SenderName">Display name of the sender.</param>
/// <param name="Text">Text as delivered (masked when moderation masked it); null when withheld from this viewer.</param>
/// <param name="SentAt">Server time the message was accepted.</param>
/// <param name="Moderation">Moderation verdict; null when the message was allowed.</param>
/// <param name="ReleasedAt">Set when the message was withheld and a supervisor released it after review (it is then delivered in full).</param>
/// <param name="Attachments">Files sent with the message; null when none.</param>
public sealed record ChatMessage(
    Guid ConversationId,
    long Sequence,
    Guid MessageId,
    Guid? ClientMessageId,
    SenderRole Sender,
    string SenderName,
    string? Text,
    DateTimeOffset SentAt,
    ModerationNotice? Moderation,
    DateTimeOffset? ReleasedAt = null,
    IReadOnlyList<AttachmentInfo>? Attachments = null);

/// <summary>What moderation decided, with the policy clause and an explanation for the sender.</summary>
/// <param name="Action">Allow, flag, mask or block.</param>
/// <param name="Categories">SARA, PORNOGRAFI, PENIPUAN, SPAM, STAFF_ABUSE.</param>
/// <param name="Clause">Service-policy clause number, e.g. "1", "3", "6".</param>
/// <param name="Explanation">Short explanation in the viewer's language.</param>
public sealed record ModerationNotice(ModerationAction Action, IReadOnlyList<string> Categories, string? Clause, string? Explanation);

/// <summary>A message to send.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="ClientMessageId">A new GUID per message; resending with the same id never duplicates.</param>
/// <param name="Text">1 to the configured limit (default 2,000) characters; may be empty when files are attached.</param>
/// <param name="AttachmentIds">Files uploaded to this conversation by the sender and not yet sent (default at most 5).</param>
public sealed record SendMessageRequest(Guid ConversationId, Guid ClientMessageId, string Text, IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>The server's acknowledgement of a send.</summary>
/// <param name="Message">The stored message as the sender sees it.</param>
/// <param name="Delivered">False when moderation blocked it.</param>
/// <param name="Duplicate">True when this was a retry of a message already stored.</param>
public sealed record SendMessageResult(ChatMessage Message, bool Delivered, bool Duplicate);

/// <summary>The other side is typing (or stopped).</summary>
public sealed record TypingEvent(Guid ConversationId, SenderRole Who, string Name, bool IsTyping);

/// <summary>The other side has read everything up to <paramref name="UpToSequence"/>.</summary>
public sealed record ReadReceipt(Guid ConversationId, SenderRole Reader, long UpToSequence, DateTimeOffset ReadAt);
