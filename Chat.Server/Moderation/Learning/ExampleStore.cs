using Dapper;
using Npgsql;

namespace Chat.Server.Moderation.Learning;

/// <summary>One row of <c>moderation_examples</c>.</summary>
internal sealed record ExampleRow
{
    public required Guid Id { get; init; }
    public required Guid? MessageId { get; init; }
    public Guid? ContentReviewId { get; init; }
    public required string Body { get; init; }
    public required string Label { get; init; }
    public required string Source { get; init; }
}

/// <summary>
/// Labelled examples from the helpdesk (PostgreSQL <c>moderation_examples</c>): review decisions are written by
/// <see cref="ModerationStore.DecideAsync"/> in the decision's transaction, and so are decisions on flagged names, forms,
/// ticket entries and rating comments (<see cref="ContentReviewStore.DecideAsync"/>); supervisors mark delivered messages
/// as harmful here. <c>moderate train</c> reads them all.
/// </summary>
internal static class ExampleStore
{
    public const string SourceUpheld = "review.upheld";
    public const string SourceOverturned = "review.overturned";
    public const string SourceMarked = "marked";
    public const string SourceContentUpheld = "content.upheld";
    public const string SourceContentOverturned = "content.overturned";

    /// <summary>Inserts (or, for the same message and source, replaces) a labelled example; 0 when there is no such message.</summary>
    public static Task<int> AddAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid messageId, string label, string source, Guid? decidedBy, string? note,
        DateTimeOffset now, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO moderation_examples (id, message_id, body, label, source, decided_by, note, created_at)
            SELECT @id, m.id, m.body, @label, @source, @decidedBy, @note, @now FROM messages m WHERE m.id = @messageId
            ON CONFLICT (message_id, source) DO UPDATE SET label = excluded.label, decided_by = excluded.decided_by, note = excluded.note, created_at = excluded.created_at
            """;
        return connection.ExecuteAsync(new CommandDefinition(sql, new { id = Guid.CreateVersion7(), messageId, label, source, decidedBy, note, now }, transaction, cancellationToken: ct));
    }

    public static async Task<IReadOnlyList<ExampleRow>> ListAsync(NpgsqlDataSource db, Guid? messageId, CancellationToken ct)
    {
        const string sql = """
            SELECT id, message_id AS messageid, content_review_id AS contentreviewid, body, label, source FROM moderation_examples
            WHERE (@messageId::uuid IS NULL OR message_id = @messageId::uuid) ORDER BY created_at, id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<ExampleRow>(new CommandDefinition(sql, new { messageId }, cancellationToken: ct))];
    }

    /// <summary>
    /// Every example as training data: each message or content review its own family, split by hash like the corpus.
    /// The newest label of a message wins.
    /// </summary>
    public static async Task<List<CorpusExample>> ReadAllAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var rows = await ListAsync(db, null, ct);
        return [.. rows.GroupBy(Family).Select(g => g.Last())
            .Where(r => r.Label == CorpusExample.Benign || ModerationCategories.IndexOf(r.Label) >= 0)
            .Select(r => new CorpusExample(r.Body, r.Label, r.Source, Family(r), r.Source, false))];
    }

    // Message examples keep the family they always had, so the split of existing examples does not move.
    private static string Family(ExampleRow r) => r.MessageId is { } message ? "review:" + message : "content:" + r.ContentReviewId;
}
