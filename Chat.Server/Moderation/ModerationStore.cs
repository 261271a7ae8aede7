using Chat.Server.Audit;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Moderation;

internal sealed record ReviewRow
{
    public required Guid Id { get; init; }
    public required Guid? MessageId { get; init; }
    public required Guid? ConversationId { get; init; }
    public required string SenderRole { get; init; }
    public required Guid SenderId { get; init; }
    public required string SenderName { get; init; }
    public required string Body { get; init; }
    public required string? DeliveredBody { get; init; }
    public required string Action { get; init; }
    public required string[] Categories { get; init; }
    public required string? Clause { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset? DecidedAt { get; init; }
    public required Guid? DecidedBy { get; init; }
    public required string? DecisionNote { get; init; }

    /// <summary>Set when staff withheld one of the message's files (the review is about that file, not the text).</summary>
    public Guid? AttachmentId { get; init; }

    /// <summary>Set when the withheld file is on a ticket entry (no chat message).</summary>
    public string? TicketNumber { get; init; }

    public ReviewItem ToItem() => new(Id, MessageId, ConversationId, SenderRole == "agent" ? Hubs.Contracts.SenderRole.Agent : Hubs.Contracts.SenderRole.Visitor,
        SenderId, SenderName, Body, Action == "block" ? null : DeliveredBody ?? Body, Action switch
        {
            "block" => ModerationAction.Block,
            "mask" => ModerationAction.Mask,
            _ => ModerationAction.Flag,
        }, Categories, Clause, Status switch
        {
            "upheld" => ReviewStatus.Upheld,
            "overturned" => ReviewStatus.Overturned,
            _ => ReviewStatus.Pending,
        }, CreatedAt, DecidedAt, DecidedBy, DecisionNote, AttachmentId, TicketNumber);
}

/// <summary>What a review decision did: its message, and whether that message was released to the other side.</summary>
/// <summary>For a withheld file (<paramref name="AttachmentId"/>): whether the decision upheld it (a strike for its sender).</summary>
internal sealed record ReviewOutcome(Guid? MessageId, bool Released, Guid? AttachmentId = null, bool Upheld = false, Guid? ConversationId = null, Guid SenderId = default, string? SenderRole = null, string? Category = null, string? Clause = null);

internal sealed record StrikeRow
{
    public required Guid? MessageId { get; init; }
    public required string Category { get; init; }
    public required int Points { get; init; }
    public required DateTimeOffset At { get; init; }
    public required DateTimeOffset? ClearedAt { get; init; }
}

/// <summary>The review queue, strikes and the moderation audit trail in PostgreSQL.</summary>
internal sealed class ModerationStore(NpgsqlDataSource db, AuditLog audit, TimeProvider time)
{
    private const string SelectReview = """
        SELECT r.id, r.message_id AS messageid, r.conversation_id AS conversationid, r.sender_role AS senderrole,
               r.sender_id AS senderid, coalesce(m.sender_name, te.author_name) AS sendername, coalesce(m.body, te.body) AS body,
               m.delivered_body AS deliveredbody, r.action, r.categories, r.clause, r.status, r.created_at AS createdat, r.decided_at AS decidedat,
               r.decided_by AS decidedby, r.decision_note AS decisionnote, r.attachment_id AS attachmentid, t.number AS ticketnumber
        FROM moderation_reviews r
        LEFT JOIN messages m ON m.id = r.message_id
        LEFT JOIN ticket_entries te ON te.id = r.ticket_entry_id
        LEFT JOIN tickets t ON t.id = te.ticket_id
        """;

    public async Task AddReviewAsync(ModerationInput input, ModerationVerdict verdict, Guid messageId, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO moderation_reviews (id, message_id, conversation_id, sender_role, sender_id, action, categories, clause, created_at)
            VALUES (@id, @messageId, @conversationId, @role, @senderId, @action, @categories, @clause, @now)
            ON CONFLICT (message_id) WHERE attachment_id IS NULL DO NOTHING
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = Guid.CreateVersion7(),
            messageId,
            conversationId = input.ConversationId,
            role = ChatProjection.RoleName(input.Sender),
            senderId = input.SenderId,
            action = ChatProjection.ActionName(verdict.Action),
            categories = verdict.Categories.ToArray(),
            clause = verdict.Clause,
            now = time.GetUtcNow(),
        }, cancellationToken: ct));
    }

    /// <summary>Adds a strike and returns the visitor's points still in force (within the window, not cleared).</summary>
    public async Task<int> AddStrikeAsync(Guid visitorId, Guid? messageId, string category, int points, TimeSpan window, CancellationToken ct, Guid? attachmentId = null)
    {
        const string sql = """
            INSERT INTO moderation_strikes (visitor_id, message_id, category, points, at, attachment_id) VALUES (@visitorId, @messageId, @category, @points, @now, @attachmentId);
            SELECT COALESCE(SUM(points), 0)::int FROM moderation_strikes
            WHERE visitor_id = @visitorId AND cleared_at IS NULL AND at > @since;
            """;
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { visitorId, messageId, category, points, now, since = now - window, attachmentId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ReviewItem>> ListAsync(ReviewStatus? status, Guid? senderId, int limit, CancellationToken ct)
    {
        const string sql = $"""
            {SelectReview}
            WHERE (@status::text IS NULL OR r.status = @status::text) AND (@senderId::uuid IS NULL OR r.sender_id = @senderId::uuid)
            ORDER BY r.created_at DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ReviewRow>(new CommandDefinition(sql, new
        {
            status = status?.ToString().ToLowerInvariant(),
            senderId,
            limit = Math.Clamp(limit, 1, 500),
        }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToItem())];
    }

    public async Task<ReviewItem?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(SelectReview + " WHERE r.id = @id", new { id }, cancellationToken: ct));
        return row?.ToItem();
    }

    /// <summary>
    /// Decides a pending item and audits it: the decision becomes a labelled example (upheld: the verdict's category;
    /// overturned: benign); overturning clears the strike and releases a blocked or masked message (it is then delivered
    /// in full). Returns null when the item was no longer pending, else whether a message was released.
    /// </summary>
    public async Task<ReviewOutcome?> DecideAsync(Guid id, ReviewDecision decision, Guid supervisorId, string? note, CancellationToken ct)
    {
        const string decide = """
            UPDATE moderation_reviews SET status = @status, decided_at = @now, decided_by = @supervisorId, decision_note = @note
            WHERE id = @id AND status = 'pending'
            RETURNING message_id AS messageid, categories, clause, attachment_id AS attachmentid, conversation_id AS conversationid,
                      sender_id AS senderid, sender_role AS senderrole, ticket_entry_id AS ticketentryid
            """;
        const string release = "UPDATE messages SET released_at = @now WHERE id = @messageId AND moderation_action IN ('block', 'mask') AND released_at IS NULL";
        const string clear = "UPDATE moderation_strikes SET cleared_at = @now WHERE message_id = @messageId AND cleared_at IS NULL";
        var now = time.GetUtcNow();
        var status = decision == ReviewDecision.Overturn ? "overturned" : "upheld";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var decided = await connection.QuerySingleOrDefaultAsync<DecidedRow>(new CommandDefinition(decide, new { id, status, now, supervisorId, note }, transaction, cancellationToken: ct));
        if (decided is null)
        {
            return null;
        }

        if (decided.AttachmentId is { } attachmentId)
        {
            return await DecideAttachmentAsync(connection, transaction, id, decided, attachmentId, decision, supervisorId, note, now, ct);
        }

        // Without a file, a review is always about a chat message (the table's check).
        var messageId = decided.MessageId!.Value;

        var released = false;
        if (decision == ReviewDecision.Overturn)
        {
            await connection.ExecuteAsync(new CommandDefinition(clear, new { now, messageId }, transaction, cancellationToken: ct));
            released = await connection.ExecuteAsync(new CommandDefinition(release, new { now, messageId }, transaction, cancellationToken: ct)) > 0;
        }

        var label = decision == ReviewDecision.Overturn ? Learning.CorpusExample.Benign : PrimaryCategory(decided.Categories, decided.Clause);
        await Learning.ExampleStore.AddAsync(connection, transaction, messageId, label,
            decision == ReviewDecision.Overturn ? Learning.ExampleStore.SourceOverturned : Learning.ExampleStore.SourceUpheld, supervisorId, note, now, ct);
        await audit.AppendAsync(connection, transaction, AuditEntry.Staff(supervisorId, "moderation.review." + status, id, new { messageId, note, released }), ct);
        await transaction.CommitAsync(ct);
        return new ReviewOutcome(messageId, released);
    }

    /// <summary>
    /// A withheld file: overturned, it is served again (and shown again with its message); upheld, it stays withheld
    /// and the caller strikes its sender. No training example is made: the message text is not what was judged.
    /// </summary>
    private async Task<ReviewOutcome> DecideAttachmentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, DecidedRow decided, Guid attachmentId,
        ReviewDecision decision, Guid supervisorId, string? note, DateTimeOffset now, CancellationToken ct)
    {
        var upheld = decision != ReviewDecision.Overturn;
        if (!upheld)
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE attachments SET withheld_at = NULL, withheld_by = NULL, withheld_reason = NULL WHERE id = @attachmentId",
                new { attachmentId }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(decided.TicketEntryId is { } entryId
                ? new CommandDefinition(Attachments.AttachmentWithholding.MarkInTicketEntry, new { attachment = attachmentId.ToString("D"), withheld = false, entryId }, transaction, cancellationToken: ct)
                : new CommandDefinition(Attachments.AttachmentWithholding.MarkInMessage, new { attachment = attachmentId.ToString("D"), withheld = false, messageId = decided.MessageId }, transaction, cancellationToken: ct));
        }

        await audit.AppendAsync(connection, transaction, AuditEntry.Staff(supervisorId, "moderation.review." + (upheld ? "upheld" : "overturned"), id,
            new { messageId = decided.MessageId, ticketEntry = decided.TicketEntryId, attachment = attachmentId, note }), ct);
        await transaction.CommitAsync(ct);
        return new ReviewOutcome(decided.MessageId, false, attachmentId, upheld, decided.ConversationId, decided.SenderId, decided.SenderRole,
            PrimaryCategory(decided.Categories, decided.Clause), decided.Clause);
    }

    /// <summary>A supervisor marks a message as harmful (it went through, or was withheld for another reason): a labelled example, audited.</summary>
    public async Task<bool> MarkHarmfulAsync(Guid messageId, string category, Guid supervisorId, string? note, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await Learning.ExampleStore.AddAsync(connection, transaction, messageId, category, Learning.ExampleStore.SourceMarked, supervisorId, note, now, ct) == 0)
        {
            return false;
        }

        await audit.AppendAsync(connection, transaction, AuditEntry.Staff(supervisorId, "moderation.message.marked_harmful", messageId, new { category, note }), ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The category whose clause the verdict cited (the first listed when several share it).</summary>
    private static string PrimaryCategory(string[] categories, string? clause) =>
        categories.FirstOrDefault(c => ModerationCategories.Clause(c) == clause) ?? categories.FirstOrDefault() ?? ModerationCategories.StaffAbuse;

    private sealed record DecidedRow
    {
        public required Guid? MessageId { get; init; }
        public required Guid? AttachmentId { get; init; }
        public Guid? TicketEntryId { get; init; }
        public required Guid? ConversationId { get; init; }
        public required Guid SenderId { get; init; }
        public required string SenderRole { get; init; }
        public required string[] Categories { get; init; }
        public required string? Clause { get; init; }
    }

    public async Task<(int ActivePoints, IReadOnlyList<StrikeRecord> Strikes)> StrikesAsync(Guid visitorId, TimeSpan window, CancellationToken ct)
    {
        const string sql = """
            SELECT message_id AS messageid, category, points, at, cleared_at AS clearedat
            FROM moderation_strikes WHERE visitor_id = @visitorId ORDER BY at DESC LIMIT 500
            """;
        var since = time.GetUtcNow() - window;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<StrikeRow>(new CommandDefinition(sql, new { visitorId }, cancellationToken: ct))).ToList();
        var strikes = rows.Select(r => new StrikeRecord(r.MessageId, r.Category, r.Points, r.At,
            r.ClearedAt is null && r.At > since)).ToList();
        return (strikes.Where(s => s.Active).Sum(s => s.Points), strikes);
    }

    /// <summary>Clears every strike of the visitor (a supervisor lifted the suspension: a fresh start).</summary>
    public async Task ClearStrikesAsync(Guid visitorId, Guid supervisorId, string? note, CancellationToken ct)
    {
        const string sql = "UPDATE moderation_strikes SET cleared_at = @now WHERE visitor_id = @visitorId AND cleared_at IS NULL";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { visitorId, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, AuditEntry.Staff(supervisorId, "moderation.suspension.lifted", visitorId, new { note }), ct);
        await transaction.CommitAsync(ct);
    }
}
