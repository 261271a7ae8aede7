using Dapper;
using Npgsql;

namespace Chat.Server.Security;

/// <summary>
/// Need-to-know for agents: an agent reads a visitor's data only when one of the visitor's chats or tickets is (or
/// was, for chats) assigned to them. Supervisors read all. Every read is audited by the caller.
/// </summary>
public sealed class StaffAccess(NpgsqlDataSource db)
{
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
