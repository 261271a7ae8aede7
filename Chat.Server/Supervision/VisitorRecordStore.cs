using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Supervision;

/// <summary>What the helpdesk holds about a visitor: earlier chats, policy acceptances, search.</summary>
public sealed class VisitorRecordStore(NpgsqlDataSource db)
{
    private sealed record ChatRow(Guid Id, string Topic, string Status, DateTimeOffset QueuedAt, DateTimeOffset? ClosedAt, string? CloseReason, string? AgentName)
    {
        public PastChat ToPastChat() => new(
            Id,
            Topic,
            Status switch { "queued" => ConversationStatus.Queued, "active" => ConversationStatus.Active, _ => ConversationStatus.Closed },
            QueuedAt,
            ClosedAt,
            CloseReason,
            AgentName);
    }

    public async Task<IReadOnlyList<PastChat>> ChatsAsync(Guid visitorId, int limit, CancellationToken ct = default)
    {
        const string sql = """
            SELECT c.id, c.topic, c.status, c.queued_at AS queuedat, c.closed_at AS closedat, c.close_reason AS closereason, s.display_name AS agentname
            FROM conversations c LEFT JOIN staff s ON s.id = c.agent_id
            WHERE c.visitor_id = @visitorId
            ORDER BY c.queued_at DESC LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ChatRow>(new CommandDefinition(sql, new { visitorId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToPastChat())];
    }

    public async Task<IReadOnlyList<int>> AcceptedVersionsAsync(Guid visitorId, CancellationToken ct = default)
    {
        const string sql = "SELECT version FROM policy_acceptances WHERE visitor_id = @visitorId ORDER BY version";
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<int>(new CommandDefinition(sql, new { visitorId }, cancellationToken: ct))];
    }

    public async Task<IReadOnlyList<VisitorSearchResult>> SearchAsync(string query, CancellationToken ct = default)
    {
        const string sql = """
            SELECT id AS visitorid, name, email, organization, status FROM visitors
            WHERE name ILIKE @pattern OR email ILIKE @pattern OR id::text = @exact
            ORDER BY created_at DESC LIMIT 20
            """;
        var escaped = query.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<VisitorSearchResult>(new CommandDefinition(
            sql, new { pattern = "%" + escaped + "%", exact = query }, cancellationToken: ct))];
    }
}
