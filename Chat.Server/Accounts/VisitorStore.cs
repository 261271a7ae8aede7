using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Accounts;

public sealed record VisitorAuth
{
    public required string Name { get; init; }
    public required string Status { get; init; }
    public required int TokenVersion { get; init; }
    public DateTimeOffset? SuspendedUntil { get; init; }
}

public sealed record VisitorRecord
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required string? Phone { get; init; }
    public required string? Organization { get; init; }
    public required string Status { get; init; }
    public required string? StatusReason { get; init; }
    public required string? StatusClause { get; init; }
    public required DateTimeOffset? SuspendedUntil { get; init; }
    public required int TokenVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required int AcceptedPolicyVersion { get; init; }

    /// <summary>The visitor proved the address with a code (clause 2); only then does ticket mail go there.</summary>
    public bool EmailVerified { get; init; }

    /// <summary>A new address waiting for its confirmation code.</summary>
    public string? PendingEmail { get; init; }

    public string Language { get; init; } = "id";

    /// <summary>A supervisor upheld moderation's flag on the name or agency; cleared when the visitor changes them.</summary>
    public bool ProfileHeld { get; init; }

    public VisitorProfile ToProfile() => new(Id, Name, Email, Phone, Organization, CreatedAt, EmailVerified);
}

/// <summary>Visitors (PENGGUNA) and their policy acceptances.</summary>
public sealed class VisitorStore(NpgsqlDataSource db, AuditLog auditLog, TimeProvider time)
{
    private const string SelectVisitor = """
        SELECT v.id, v.name, v.email, v.phone, v.organization, v.status, v.status_reason AS statusreason,
               v.status_clause AS statusclause, v.suspended_until AS suspendeduntil, v.token_version AS tokenversion,
               v.created_at AS createdat, v.email_verified_at IS NOT NULL AS emailverified, v.language,
               v.profile_held_at IS NOT NULL AS profileheld,
               (SELECT c.email FROM email_codes c WHERE c.visitor_id = v.id AND c.purpose = 'change' AND c.used_at IS NULL AND c.expires_at > @now
                ORDER BY c.created_at DESC LIMIT 1) AS pendingemail,
               COALESCE((SELECT max(a.version) FROM policy_acceptances a WHERE a.visitor_id = v.id), 0) AS acceptedpolicyversion
        FROM visitors v
        """;

    public async Task<VisitorAuth?> FindAuthAsync(Guid id, CancellationToken ct)
    {
        const string sql = "SELECT name, status, token_version AS tokenversion, suspended_until AS suspendeduntil FROM visitors WHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<VisitorAuth>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
    }

    public async Task<VisitorRecord?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<VisitorRecord>(
            new CommandDefinition(SelectVisitor + " WHERE v.id = @id", new { id, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<VisitorRecord?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<VisitorRecord>(
            new CommandDefinition(SelectVisitor + " WHERE lower(v.email) = lower(@email)", new { email, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>
    /// Creates the visitor and records acceptance of <paramref name="policyVersion"/>; false when the email is taken.
    /// <paramref name="alsoInTransaction"/> writes what belongs with the registration (the verification mail).
    /// </summary>
    public async Task<bool> CreateAsync(
        Guid id, RegisterVisitorRequest request, int policyVersion, string? clientIp, string? userAgent, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction = null)
    {
        const string insertVisitor = """
            INSERT INTO visitors (id, name, email, phone, organization, created_at, email_updated_at)
            VALUES (@id, @Name, @Email, @Phone, @Organization, @now, @now)
            ON CONFLICT DO NOTHING
            """;
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            insertVisitor,
            new { id, request.Name, request.Email, request.Phone, request.Organization, now },
            transaction,
            cancellationToken: ct));
        if (inserted == 0)
        {
            return false;
        }

        await InsertAcceptanceAsync(connection, transaction, id, policyVersion, clientIp, userAgent, now, ct);
        if (alsoInTransaction is not null)
        {
            await alsoInTransaction(connection, transaction);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task AcceptPolicyAsync(Guid id, int version, string? clientIp, string? userAgent, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await InsertAcceptanceAsync(connection, null, id, version, clientIp, userAgent, time.GetUtcNow(), ct);
    }

    /// <summary>Changes the name and agency staff see (messages already sent keep the name they were sent with).</summary>
    public async Task UpdateProfileAsync(Guid id, string name, string? organization, CancellationToken ct)
    {
        const string sql = "UPDATE visitors SET name = @name, organization = @organization, profile_held_at = NULL WHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id, name, organization }, cancellationToken: ct));
    }

    /// <summary>Changes the email; false when another visitor has it.</summary>
    public async Task<bool> UpdateEmailAsync(Guid id, string email, CancellationToken ct)
    {
        const string sql = """
            UPDATE visitors SET email = @email, email_updated_at = @now
            WHERE id = @id AND NOT EXISTS (SELECT 1 FROM visitors o WHERE lower(o.email) = lower(@email) AND o.id <> @id)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            return await connection.ExecuteAsync(new CommandDefinition(sql, new { id, email, now = time.GetUtcNow() }, cancellationToken: ct)) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    public async Task RevokeTokensAsync(Guid id, CancellationToken ct)
    {
        const string sql = "UPDATE visitors SET token_version = token_version + 1 WHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id }, cancellationToken: ct));
    }

    /// <summary>Suspends, closes or reactivates an account; closing also revokes its tokens.</summary>
    /// <summary>Suspends, closes or reactivates an account; <paramref name="audit"/> is recorded in the same transaction.</summary>
    public Task SetStatusAsync(Guid id, string status, string? reason, string? clause, DateTimeOffset? until, AuditEntry audit, CancellationToken ct)
    {
        const string sql = """
            UPDATE visitors
            SET status = @status, status_reason = @reason, status_clause = @clause, suspended_until = @until,
                token_version = token_version + CASE WHEN @status = 'closed' THEN 1 ELSE 0 END
            WHERE id = @id
            """;
        return auditLog.InTransactionAsync(audit, (connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(sql, new { id, status, reason, clause, until }, transaction, cancellationToken: ct)), ct);
    }

    private static Task InsertAcceptanceAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, int version, string? clientIp, string? userAgent, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO policy_acceptances (visitor_id, version, accepted_at, client_ip, user_agent)
            VALUES (@id, @version, @now, @clientIp, @userAgent)
            ON CONFLICT (visitor_id, version) DO NOTHING
            """;
        return connection.ExecuteAsync(new CommandDefinition(sql, new { id, version, now, clientIp, userAgent = userAgent?[..Math.Min(userAgent.Length, 300)] }, transaction, cancellationToken: ct));
    }
}
