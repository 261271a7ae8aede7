using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.CannedAnswers;

/// <summary>Canned answers in Indonesian for common SPSE problems, kept by supervisors.</summary>
public sealed class CannedAnswerStore(NpgsqlDataSource db, AuditLog audit, TimeProvider time)
{
    private sealed record Deleted(string Title, string Body);

    private sealed record Row(string Shortcut, string Title, string Body, DateTimeOffset UpdatedAt)
    {
        public CannedAnswer ToAnswer() => new(Shortcut, Title, Body, UpdatedAt);
    }

    public async Task<IReadOnlyList<CannedAnswer>> ListAsync(CancellationToken ct = default)
    {
        const string sql = "SELECT shortcut, title, body, updated_at AS updatedat FROM canned_answers ORDER BY shortcut";
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(sql, cancellationToken: ct))).Select(r => r.ToAnswer())];
    }

    public async Task<CannedAnswer> SaveAsync(string shortcut, string title, string text, Guid by, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO canned_answers (shortcut, title, body, updated_at, updated_by)
            VALUES (@shortcut, @title, @text, @now, @by)
            ON CONFLICT (shortcut) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            RETURNING shortcut, title, body, updated_at AS updatedat
            """;
        var row = await audit.InTransactionAsync(AuditEntry.Staff(by, "canned_answer.save", null, new { shortcut, title, text }), (connection, transaction) =>
            connection.QuerySingleAsync<Row>(new CommandDefinition(sql, new { shortcut, title, text, now = time.GetUtcNow(), by }, transaction, cancellationToken: ct)), ct);
        return row.ToAnswer();
    }

    public async Task<bool> DeleteAsync(string shortcut, Guid by, CancellationToken ct = default)
    {
        const string sql = "DELETE FROM canned_answers WHERE shortcut = @shortcut RETURNING title, body";
        return await audit.InTransactionWhenAsync(async (connection, transaction) =>
        {
            var deleted = await connection.QuerySingleOrDefaultAsync<Deleted>(new CommandDefinition(sql, new { shortcut }, transaction, cancellationToken: ct));
            return (deleted is not null, deleted is { } d ? AuditEntry.Staff(by, "canned_answer.delete", null, new { shortcut, title = d.Title, text = d.Body }) : null);
        }, ct);
    }
}
