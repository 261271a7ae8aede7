using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation.Learning;
using Chat.Server.Resources;
using Dapper;
using Npgsql;

namespace Chat.Server.Moderation;

/// <summary>The outcome of a content decision: whether it was taken, and what it did to the text people read.</summary>
internal sealed record ContentDecision(bool Decided, string? Applied);

/// <summary>
/// The content review queue (<c>moderation_content_reviews</c>): flagged names, ticket entries, forms and comments.
/// A decision is stored with a labelled example (<c>moderation_examples</c>, so <c>moderate train --database</c> learns
/// from it) and, when upheld, acts on the text in the same transaction (<see cref="ApplyAsync"/>).
/// </summary>
internal sealed class ContentReviewStore(NpgsqlDataSource db, TimeProvider time)
{
    public const string Unchanged = "unchanged";

    /// <summary>A review row's columns, named as <c>ContentReviewRow</c> reads them (SELECT and RETURNING share them).</summary>
    private const string Columns = """
        id, field, author_role AS authorrole, author_id AS authorid, body, categories, clause, status,
        created_at AS createdat, decided_at AS decidedat, decided_by AS decidedby, decision_note AS decisionnote,
        subject_id AS subjectid, applied
        """;

    private const string Select = "SELECT " + Columns + "\nFROM moderation_content_reviews\n";

    public async Task AddAsync(ContentFlag flag, SenderRole author, Guid authorId, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO moderation_content_reviews (id, field, author_role, author_id, body, categories, clause, created_at, subject_id)
            VALUES (@id, @field, @role, @authorId, @body, @categories, @clause, @now, @subjectId)
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
            subjectId = flag.SubjectId,
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

    /// <summary>
    /// Decides a pending item in one transaction: the decision, the labelled example (upheld: the category whose clause
    /// decided; overturned: benign) and, when upheld, what it does to the text. Not decided when it already was (or
    /// does not exist).
    /// </summary>
    public async Task<ContentDecision> DecideAsync(Guid id, ReviewDecision decision, Guid supervisorId, string? note, CancellationToken ct)
    {
        const string decide = """
            UPDATE moderation_content_reviews SET status = @status, decided_at = @now, decided_by = @supervisorId, decision_note = @note
            WHERE id = @id AND status = 'pending'
            RETURNING
            """ + " " + Columns;
        const string example = """
            INSERT INTO moderation_examples (id, message_id, content_review_id, body, label, source, decided_by, note, created_at)
            VALUES (@exampleId, NULL, @id, @body, @label, @source, @supervisorId, @note, @now)
            """;
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var upheld = decision != ReviewDecision.Overturn;
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(decide,
            new { id, status = upheld ? "upheld" : "overturned", now, supervisorId, note }, transaction, cancellationToken: ct));
        if (row is null)
        {
            return new ContentDecision(false, null);
        }

        var label = upheld ? LabelOf(row.Categories, row.Clause) : CorpusExample.Benign;
        await connection.ExecuteAsync(new CommandDefinition(example, new
        {
            exampleId = Guid.CreateVersion7(), id, body = row.Body, label,
            source = upheld ? ExampleStore.SourceContentUpheld : ExampleStore.SourceContentOverturned, supervisorId, note, now,
        }, transaction, cancellationToken: ct));
        string? applied = null;
        if (upheld)
        {
            applied = await ApplyAsync(connection, transaction, row, now, ct);
            await connection.ExecuteAsync(new CommandDefinition("UPDATE moderation_content_reviews SET applied = @applied WHERE id = @id",
                new { id, applied }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return new ContentDecision(true, applied);
    }

    /// <summary>
    /// What an upheld decision does to the text people read, when it is still the text that was flagged: a name is
    /// replaced by a neutral placeholder and the visitor is asked to choose another, an agency is removed (the visitor
    /// is asked too), a ticket subject is replaced, a ticket entry or rating comment is held (only supervisors and its
    /// author read it; everyone else sees that it was held). The copy in the review item stays for the record.
    /// </summary>
    private static async Task<string> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Row row, DateTimeOffset now, CancellationToken ct)
    {
        if (row.SubjectId is not { } subject)
        {
            return Unchanged;
        }

        (string? Sql, string Applied) effect = row.Field switch
        {
            "name" => ("UPDATE visitors SET name = @placeholder, profile_held_at = @now WHERE id = @subject AND name = @body", "name_replaced"),
            "agency" => ("UPDATE visitors SET organization = NULL, profile_held_at = @now WHERE id = @subject AND organization = @body", "agency_removed"),
            "subject" => ("UPDATE tickets SET subject = @subjectPlaceholder WHERE id = @subject AND subject = @body", "subject_replaced"),
            "offline_message" or "ticket_entry" => ("UPDATE ticket_entries SET held_at = @now WHERE id = @subject AND held_at IS NULL", "entry_held"),
            "rating_comment" => ("UPDATE conversation_ratings SET comment_held_at = @now WHERE conversation_id = @subject AND comment = @body AND comment_held_at IS NULL", "comment_held"),
            _ => (null, Unchanged),
        };
        if (effect.Sql is null)
        {
            return Unchanged;
        }

        var changed = await connection.ExecuteAsync(new CommandDefinition(effect.Sql, new
        {
            subject, body = row.Body, now,
            placeholder = Text.Stored("ModerationHeldName"),
            subjectPlaceholder = Text.Stored("ModerationHeldSubject"),
        }, transaction, cancellationToken: ct));
        return changed > 0 ? effect.Applied : Unchanged;
    }

    // The category whose clause decided the flag (the order of ModerationCategories on a tie), else the first named.
    private static string LabelOf(string[] categories, string? clause) =>
        categories.FirstOrDefault(c => ModerationCategories.IndexOf(c) >= 0 && ModerationCategories.Clause(c) == clause)
        ?? categories.FirstOrDefault(c => ModerationCategories.IndexOf(c) >= 0)
        ?? ModerationCategories.StaffAbuse;

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
        public required Guid? SubjectId { get; init; }
        public required string? Applied { get; init; }

        public ContentReviewItem ToItem() => new(Id, Field, AuthorRole == "agent" ? SenderRole.Agent : SenderRole.Visitor, AuthorId, Body, Categories, Clause,
            Status switch { "upheld" => ReviewStatus.Upheld, "overturned" => ReviewStatus.Overturned, _ => ReviewStatus.Pending },
            CreatedAt, DecidedAt, DecidedBy, DecisionNote, SubjectId, Applied);
    }
}
