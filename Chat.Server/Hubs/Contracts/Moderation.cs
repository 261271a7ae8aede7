using System.Text.Json.Serialization;

namespace Chat.Server.Hubs.Contracts;

/// <summary>Where a moderated message stands in the supervisors' review queue.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewStatus>))]
public enum ReviewStatus
{
    /// <summary>Waiting for a supervisor.</summary>
    Pending,

    /// <summary>A supervisor agreed with the verdict.</summary>
    Upheld,

    /// <summary>A supervisor disagreed: the strike for it no longer counts.</summary>
    Overturned,
}

/// <summary>A supervisor's decision on a review item.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    /// <summary>The verdict was right.</summary>
    Uphold,

    /// <summary>The verdict was wrong; its strike is cleared.</summary>
    Overturn,
}

/// <summary>A flagged, masked or blocked message in the review queue (<c>GET /api/moderation/review?status=pending</c>).</summary>
/// <param name="Id">Review item id.</param>
/// <param name="MessageId">The stored message (null for a file withheld on a ticket entry).</param>
/// <param name="ConversationId">Its conversation (null for a ticket file).</param>
/// <param name="Sender">Visitor or agent.</param>
/// <param name="SenderId">The visitor's or staff member's id.</param>
/// <param name="SenderName">Display name at the time of sending.</param>
/// <param name="Text">The original text (supervisors see everything).</param>
/// <param name="DeliveredText">What the other side received: masked text, or null when blocked.</param>
/// <param name="Action">Flag, mask or block.</param>
/// <param name="Categories">SARA, PORNOGRAFI, PENIPUAN, SPAM, STAFF_ABUSE.</param>
/// <param name="Clause">Service-policy clause.</param>
/// <param name="Status">Pending, upheld or overturned.</param>
/// <param name="CreatedAt">When the message was moderated.</param>
/// <param name="DecidedAt">When a supervisor decided.</param>
/// <param name="DecidedBy">The deciding supervisor's id.</param>
/// <param name="Note">The supervisor's note.</param>
/// <param name="AttachmentId">Set when staff withheld a file: the review is about that file, not the text.</param>
/// <param name="TicketNumber">Set when that file is on a ticket entry (the text is the entry's).</param>
public sealed record ReviewItem(
    Guid Id,
    Guid? MessageId,
    Guid? ConversationId,
    SenderRole Sender,
    Guid SenderId,
    string SenderName,
    string Text,
    string? DeliveredText,
    ModerationAction Action,
    IReadOnlyList<string> Categories,
    string? Clause,
    ReviewStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    Guid? DecidedBy,
    string? Note,
    Guid? AttachmentId = null,
    string? TicketNumber = null);

/// <summary>Body of <c>POST /api/moderation/review/{id}</c>.</summary>
/// <param name="Decision">Uphold or overturn.</param>
/// <param name="Note">Optional reason, kept in the audit log.</param>
public sealed record ReviewDecisionRequest(ReviewDecision Decision, string? Note);

/// <summary>Body of <c>POST /api/moderation/visitors/{id}/lift</c> (optional).</summary>
/// <param name="Note">Why the suspension is lifted, kept in the audit log.</param>
public sealed record LiftSuspensionRequest(string? Note);

/// <summary>One strike against a visitor.</summary>
/// <param name="MessageId">The message that earned it.</param>
/// <param name="Category">Its policy category.</param>
/// <param name="Points">Weight (blocked clause-1 content weighs most).</param>
/// <param name="At">When.</param>
/// <param name="Active">False once it decayed, was overturned, or a suspension was lifted.</param>
public sealed record StrikeRecord(Guid? MessageId, string Category, int Points, DateTimeOffset At, bool Active);

/// <summary>A visitor's moderation history (<c>GET /api/moderation/visitors/{id}/history</c>).</summary>
/// <param name="VisitorId">The visitor.</param>
/// <param name="Status">active, suspended or closed.</param>
/// <param name="StatusReason">Why suspended or closed.</param>
/// <param name="StatusClause">The clause cited.</param>
/// <param name="SuspendedUntil">End of the suspension; null when indefinite or not suspended.</param>
/// <param name="ActivePoints">Strike points that still count.</param>
/// <param name="Strikes">Strikes, newest first.</param>
/// <param name="Reviews">Review items of the visitor's messages, newest first.</param>
public sealed record VisitorModerationHistory(
    Guid VisitorId,
    string Status,
    string? StatusReason,
    string? StatusClause,
    DateTimeOffset? SuspendedUntil,
    int ActivePoints,
    IReadOnlyList<StrikeRecord> Strikes,
    IReadOnlyList<ReviewItem> Reviews);

/// <summary>The answer to <c>POST /api/moderation/lexicons/reload</c>.</summary>
/// <param name="Patterns">Distinct patterns compiled.</param>
/// <param name="Rules">Co-occurrence rules.</param>
/// <param name="LoadedAt">When the lexicon in force was loaded.</param>
public sealed record LexiconStatus(int Patterns, int Rules, DateTimeOffset LoadedAt);

/// <summary>Marks a message as harmful for training (<c>POST /api/moderation/messages/{id}/harmful</c>).</summary>
/// <param name="Category">SARA, PORNOGRAFI, PENIPUAN, SPAM or STAFF_ABUSE.</param>
/// <param name="Note">Optional reason (at most 2,000 characters).</param>
public sealed record MarkHarmfulRequest(string? Category, string? Note);

/// <summary>The stored labelled example.</summary>
public sealed record MarkHarmfulResult(Guid MessageId, string Category);

/// <summary>The learned layer in force (<c>GET /api/moderation/model</c>).</summary>
/// <param name="Enabled">False when the layer is off or no model is shipped.</param>
/// <param name="Version">Short hash of the model file.</param>
/// <param name="TrainedOn">What the model was trained from.</param>
/// <param name="Categories">Per category, the probability that flags and the one that blocks.</param>
/// <param name="LoadedAt">When it was (re)loaded.</param>
public sealed record ModelStatus(bool Enabled, string? Version, string? TrainedOn, IReadOnlyList<ModelCategoryStatus> Categories, DateTimeOffset LoadedAt);

public sealed record ModelCategoryStatus(string Name, float FlagAt, float BlockAt);

/// <summary>
/// Flagged text outside the chat (GET /api/moderation/content): delivered and stored, waiting for a supervisor.
/// </summary>
/// <param name="Field">What the text is: <c>name</c>, <c>agency</c>, <c>subject</c>, <c>offline_message</c>, <c>ticket_entry</c>, <c>rating_comment</c>.</param>
/// <param name="Author">Who wrote it (visitor or agent).</param>
/// <param name="AuthorId">The visitor's or staff member's id.</param>
/// <param name="Text">The text as written.</param>
/// <param name="SubjectId">What the text belongs to: the visitor (name, agency), the ticket (subject), the ticket entry
/// (offline message, ticket entry) or the conversation (rating comment).</param>
/// <param name="Applied">What an upheld decision did to the text people read (<c>name_replaced</c>, <c>agency_removed</c>,
/// <c>subject_replaced</c>, <c>entry_held</c>, <c>comment_held</c>), or <c>unchanged</c> when it had changed since.</param>
public sealed record ContentReviewItem(
    Guid Id,
    string Field,
    SenderRole Author,
    Guid AuthorId,
    string Text,
    IReadOnlyList<string> Categories,
    string? Clause,
    ReviewStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    Guid? DecidedBy,
    string? DecisionNote,
    Guid? SubjectId = null,
    string? Applied = null);
