using Chat.Server.Audit;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Moderation;

internal sealed record ReviewRow
{
    public required Guid Id { get; init; }
    public required Guid MessageId { get; init; }
    public required Guid ConversationId { get; init; }
    public required string SenderRole { get; init; }
    public required Guid SenderId { get; init; }
    public required string SenderName { get; init; }
    public required string Body { get; init; }
    public required string? DeliveredBody { get; init; }
    public required string Action { get; init; }
    public required string[] Categories { get; init; }
    public required string? Clause { get; init; }
    public required string Status { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime? DecidedAt { get; init; }
    public required Guid? DecidedBy { get; init; }
    public required string? DecisionNote { get; init; }

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
        }, Utc(CreatedAt), DecidedAt is { } d ? Utc(d) : null, DecidedBy, DecisionNote);

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

internal sealed record StrikeRow
{
    public required Guid? MessageId { get; init; }
    public required string Category { get; init; }
    public required int Points { get; init; }
    public required DateTime At { get; init; }
    public required DateTime? ClearedAt { get; init; }
}

/// <summary>The review queue, strikes and the moderation audit trail in PostgreSQL.</summary>
internal sealed class ModerationStore(NpgsqlDataSource db, AuditLog audit, TimeProvider time)
{
    private const string SelectReview = """
        SELECT r.id, r.message_id AS messageid, r.conversation_id AS conversationid, r.sender_role AS senderrole,
               r.sender_id AS senderid, m.sender_name AS sendername, m.body, m.delivered_body AS deliveredbody,
               r.action, r.categories, r.clause, r.status, r.created_at AS createdat, r.decided_at AS decidedat,
               r.decided_by AS decidedby, r.decision_note AS decisionnote
        FROM moderation_reviews r JOIN messages m ON m.id = r.message_id
        """;

    public async Task AddReviewAsync(ModerationInput input, ModerationVerdict verdict, Guid messageId, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO moderation_reviews (id, message_id, conversation_id, sender_role, sender_id, action, categories, clause, created_at)
            VALUES (@id, @messageId, @conversationId, @role, @senderId, @action, @categories, @clause, @now)
            ON CONFLICT (message_id) DO NOTHING
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
    public async Task<int> AddStrikeAsync(Guid visitorId, Guid messageId, string category, int points, TimeSpan window, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO moderation_strikes (visitor_id, message_id, category, points, at) VALUES (@visitorId, @messageId, @category, @points, @now);
            SELECT COALESCE(SUM(points), 0)::int FROM moderation_strikes
            WHERE visitor_id = @visitorId AND cleared_at IS NULL AND at > @since;
            """;
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { visitorId, messageId, category, points, now, since = now - window }, cancellationToken: ct));
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

    /// <summary>Decides a pending item (overturning clears its strike) and audits it; false when it was no longer pending.</summary>
    public async Task<bool> DecideAsync(Guid id, ReviewDecision decision, Guid supervisorId, string? note, CancellationToken ct)
    {
        const string decide = """
            UPDATE moderation_reviews SET status = @status, decided_at = @now, decided_by = @supervisorId, decision_note = @note
            WHERE id = @id AND status = 'pending'
            RETURNING message_id
            """;
        const string clear = "UPDATE moderation_strikes SET cleared_at = @now WHERE message_id = @messageId AND cleared_at IS NULL";
        var now = time.GetUtcNow();
        var status = decision == ReviewDecision.Overturn ? "overturned" : "upheld";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var messageId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(decide, new { id, status, now, supervisorId, note }, transaction, cancellationToken: ct));
        if (messageId is null)
        {
            return false;
        }

        if (decision == ReviewDecision.Overturn)
        {
            await connection.ExecuteAsync(new CommandDefinition(clear, new { now, messageId }, transaction, cancellationToken: ct));
        }

        await audit.AppendAsync(connection, transaction, AuditEntry.Staff(supervisorId, "moderation.review." + status, id, new { messageId, note }), ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<(int ActivePoints, IReadOnlyList<StrikeRecord> Strikes)> StrikesAsync(Guid visitorId, TimeSpan window, CancellationToken ct)
    {
        const string sql = """
            SELECT message_id AS messageid, category, points, at, cleared_at AS clearedat
            FROM moderation_strikes WHERE visitor_id = @visitorId ORDER BY at DESC LIMIT 500
            """;
        var since = (time.GetUtcNow() - window).UtcDateTime;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<StrikeRow>(new CommandDefinition(sql, new { visitorId }, cancellationToken: ct))).ToList();
        var strikes = rows.Select(r => new StrikeRecord(r.MessageId, r.Category, r.Points, new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)),
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
