using Chat.Server.Audit;
using Dapper;

namespace Chat.Server.Retention;

/// <summary>
/// Lawful disclosure requests (policy clause 5). An open request holds the visitor's data: retention leaves them
/// alone until a supervisor closes it.
/// </summary>
public sealed class DisclosureStore(AuditLog audit, TimeProvider time)
{
    /// <summary>Records a request (and with it the export's audit entry, <paramref name="entry"/>) in one transaction; returns its id.</summary>
    public async Task<Guid> OpenAsync(Guid visitorId, string authority, string reference, string? legalBasis, Guid requestedBy, AuditEntry entry, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO disclosure_requests (id, visitor_id, authority, reference, legal_basis, requested_by, requested_at)
            VALUES (@id, @visitorId, @authority, @reference, @legalBasis, @requestedBy, @now)
            """;
        var id = Guid.CreateVersion7();
        await audit.InTransactionAsync(entry with { Details = new { request = id, authority, reference, legalBasis } }, (connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(sql, new { id, visitorId, authority, reference, legalBasis, requestedBy, now = time.GetUtcNow() }, transaction, cancellationToken: ct)), ct);
        return id;
    }

    /// <summary>Closes a request, releasing its hold; false when it was not open.</summary>
    public Task<bool> CloseAsync(Guid id, Guid closedBy, CancellationToken ct)
    {
        const string sql = """
            UPDATE disclosure_requests SET closed_at = @now, closed_by = @closedBy
            WHERE id = @id AND closed_at IS NULL
            RETURNING visitor_id
            """;
        return audit.InTransactionWhenAsync(async (connection, transaction) =>
        {
            var visitor = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, new { id, closedBy, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
            return (visitor is not null, visitor is { } v ? AuditEntry.Staff(closedBy, "disclosure.closed", v, new { request = id }) : null);
        }, ct);
    }
}
