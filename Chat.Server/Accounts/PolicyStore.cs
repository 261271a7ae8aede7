using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Dapper;
using Npgsql;

namespace Chat.Server.Accounts;

/// <summary>Versions of the service policy (Kebijakan Layanan). Version 1 is the helpdesk's own text, shipped with the server.</summary>
public sealed class PolicyStore(NpgsqlDataSource db, AuditLog audit, TimeProvider time)
{
    private const string SelectPolicy = "SELECT version, title, body AS text, published_at AS publishedat FROM policy_versions";

    private sealed record Row
{
    public required int Version { get; init; }
    public required string Title { get; init; }
    public required string Text { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }

        public PolicyVersion ToContract() => new(Version, Title, Text, PublishedAt);
    }

    /// <summary>Inserts version 1 from the embedded text when the table is empty.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        const string sql = """
            INSERT INTO policy_versions (version, title, body, published_at)
            VALUES (1, @title, @body, @now)
            ON CONFLICT (version) DO NOTHING
            """;
        var body = Migrator.ReadResource(typeof(PolicyStore).Assembly, "Chat.Server.Policy.kebijakan-layanan-v1.txt").Trim();
        var title = body.Split('\n', 2)[0].Trim();
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { title, body, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<PolicyVersion> CurrentAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(SelectPolicy + " ORDER BY version DESC LIMIT 1", cancellationToken: ct));
        return row.ToContract();
    }

    public async Task<int> CurrentVersionAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT max(version) FROM policy_versions", cancellationToken: ct));
    }

    public async Task<PolicyVersion?> GetAsync(int version, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectPolicy + " WHERE version = @version", new { version }, cancellationToken: ct));
        return row?.ToContract();
    }

    /// <summary>Publishes a revision (clause 7); visitors accept it before their next chat.</summary>
    public async Task<PolicyVersion> PublishAsync(string title, string text, Guid publishedBy, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO policy_versions (version, title, body, published_at, published_by)
            SELECT COALESCE(max(version), 0) + 1, @title, @text, @now, @publishedBy FROM policy_versions
            RETURNING version, title, body AS text, published_at AS publishedat
            """;
        // The audit entry names the version, known only after the insert: the store builds it inside the transaction.
        return (await audit.InTransactionWhenAsync(async (connection, transaction) =>
        {
            var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(sql, new { title, text, now = time.GetUtcNow(), publishedBy }, transaction, cancellationToken: ct));
            return (row.ToContract(), (AuditEntry?)AuditEntry.Staff(publishedBy, "policy.publish", null, new { row.Version, row.Title }));
        }, ct))!;
    }
}
