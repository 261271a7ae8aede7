using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Notes;

/// <summary>Internal notes on conversations: staff only, never sent to visitors.</summary>
public sealed class NoteStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string SelectNote = """
        SELECT id, conversation_id AS conversationid, author_id AS authorid, author_name AS authorname, body, created_at AS createdat
        FROM conversation_notes
        """;

    private sealed record Row(Guid Id, Guid ConversationId, Guid AuthorId, string AuthorName, string Body, DateTimeOffset CreatedAt)
    {
        public InternalNote ToNote() => new(Id, ConversationId, AuthorId, AuthorName, Body, CreatedAt);
    }

    public async Task<InternalNote> AddAsync(Guid conversationId, Guid authorId, string authorName, string text, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO conversation_notes (id, conversation_id, author_id, author_name, body, created_at)
            VALUES (@id, @conversationId, @authorId, @authorName, @text, @now)
            """;
        var note = new InternalNote(Guid.CreateVersion7(), conversationId, authorId, authorName, text, time.GetUtcNow());
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id = note.Id, conversationId, authorId, authorName, text, now = note.CreatedAt }, cancellationToken: ct));
        return note;
    }

    public async Task<IReadOnlyList<InternalNote>> ListAsync(Guid conversationId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectNote + " WHERE conversation_id = @conversationId ORDER BY created_at, id", new { conversationId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToNote())];
    }
}
