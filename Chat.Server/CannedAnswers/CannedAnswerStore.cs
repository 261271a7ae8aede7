using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.CannedAnswers;

/// <summary>Canned answers in Indonesian for common SPSE problems, kept by supervisors.</summary>
public sealed class CannedAnswerStore(NpgsqlDataSource db, TimeProvider time)
{
    private sealed record Row(string Shortcut, string Title, string Body, DateTime UpdatedAt)
    {
        public CannedAnswer ToAnswer() => new(Shortcut, Title, Body, new DateTimeOffset(UpdatedAt, TimeSpan.Zero));
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
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(sql, new { shortcut, title, text, now = time.GetUtcNow(), by }, cancellationToken: ct));
        return row.ToAnswer();
    }

    public async Task<bool> DeleteAsync(string shortcut, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM canned_answers WHERE shortcut = @shortcut", new { shortcut }, cancellationToken: ct)) == 1;
    }
}
