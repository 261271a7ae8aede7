using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Moderation;

/// <summary>The content review queue (<c>moderation_content_reviews</c>): flagged names, ticket entries, forms and comments.</summary>
internal sealed class ContentReviewStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string Select = """
        SELECT id, field, author_role AS authorrole, author_id AS authorid, body, categories, clause, status,
               created_at AS createdat, decided_at AS decidedat, decided_by AS decidedby, decision_note AS decisionnote
        FROM moderation_content_reviews
        """;

    public async Task AddAsync(ContentFlag flag, SenderRole author, Guid authorId, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO moderation_content_reviews (id, field, author_role, author_id, body, categories, clause, created_at)
            VALUES (@id, @field, @role, @authorId, @body, @categories, @clause, @now)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = Guid.CreateVersion7(),
            field = flag.Field,
            role = ChatProjection.RoleName(author),
            authorId,
            body = flag.Text,
            categories = flag.Categories.ToArray(),
            clause = flag.Clause,
            now = time.GetUtcNow(),
        }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ContentReviewItem>> ListAsync(ReviewStatus? status, int limit, CancellationToken ct)
    {
        const string sql = Select + """

            WHERE @status::text IS NULL OR status = @status
            ORDER BY created_at DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { status = StatusName(status), limit = Math.Clamp(limit, 1, 500) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToItem())];
    }

    public async Task<ContentReviewItem?> GetAsync(Guid id, CancellationToken ct)
    {
        const string sql = Select + "\nWHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, new { id }, cancellationToken: ct)))?.ToItem();
    }

    /// <summary>Decides a pending item; false when it was already decided (or does not exist).</summary>
    public async Task<bool> DecideAsync(Guid id, ReviewDecision decision, Guid supervisorId, string? note, CancellationToken ct)
    {
        const string sql = """
            UPDATE moderation_content_reviews SET status = @status, decided_at = @now, decided_by = @supervisorId, decision_note = @note
            WHERE id = @id AND status = 'pending'
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var status = decision == ReviewDecision.Overturn ? "overturned" : "upheld";
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { id, status, now = time.GetUtcNow(), supervisorId, note }, cancellationToken: ct)) == 1;
    }

    private static string? StatusName(ReviewStatus? status) => status switch
    {
        null => null,
        ReviewStatus.Pending => "pending",
        ReviewStatus.Upheld => "upheld",
        _ => "overturned",
    };

    private sealed class Row
    {
        public required Guid Id { get; init; }
        public required string Field { get; init; }
        public required string AuthorRole { get; init; }
        public required Guid AuthorId { get; init; }
        public required string Body { get; init; }
        public required string[] Categories { get; init; }
        public required string? Clause { get; init; }
        public required string Status { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
        public required DateTimeOffset? DecidedAt { get; init; }
        public required Guid? DecidedBy { get; init; }
        public required string? DecisionNote { get; init; }

        public ContentReviewItem ToItem() => new(Id, Field, AuthorRole == "agent" ? SenderRole.Agent : SenderRole.Visitor, AuthorId, Body, Categories, Clause,
            Status switch { "upheld" => ReviewStatus.Upheld, "overturned" => ReviewStatus.Overturned, _ => ReviewStatus.Pending },
            CreatedAt, DecidedAt, DecidedBy, DecisionNote);
    }
}
