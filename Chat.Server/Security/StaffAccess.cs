using Dapper;
using Npgsql;

namespace Chat.Server.Security;

/// <summary>
/// Need-to-know for agents: an agent reads a visitor's data only when one of the visitor's chats or tickets is (or
/// was, for chats) assigned to them. Supervisors read all. Every read is audited by the caller.
/// </summary>
public sealed class StaffAccess(NpgsqlDataSource db)
{
    /// <summary>
    /// The tickets an agent may see (SQL over alias <c>t</c>, parameter <c>@agentId</c>): assigned to them, from a chat
    /// of theirs, or waiting unassigned in one of their topics (the queue they take tickets from). Once someone takes
    /// a ticket, the others no longer see it.
    /// </summary>
    public const string TicketVisibleToAgent = """
        (t.assignee_id = @agentId
         OR EXISTS (SELECT 1 FROM conversations mine WHERE mine.id = t.conversation_id AND mine.agent_id = @agentId)
         OR (t.assignee_id IS NULL AND EXISTS (SELECT 1 FROM staff me WHERE me.id = @agentId AND t.topic = ANY (me.topics))))
        """;

    public async Task<bool> AgentMayReadTicketAsync(Guid agentId, Guid ticketId, CancellationToken ct)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM tickets t WHERE t.id = @ticketId AND " + TicketVisibleToAgent + ")";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { agentId, ticketId }, cancellationToken: ct));
    }

    public async Task<bool> AgentMayReadVisitorAsync(Guid agentId, Guid visitorId, CancellationToken ct)
    {
        const string sql = """
            SELECT EXISTS (SELECT 1 FROM conversations WHERE visitor_id = @visitorId AND agent_id = @agentId)
                OR EXISTS (SELECT 1 FROM tickets WHERE visitor_id = @visitorId AND assignee_id = @agentId)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { agentId, visitorId }, cancellationToken: ct));
    }
}
