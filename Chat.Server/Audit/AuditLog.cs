using System.Security.Claims;
using System.Text.Json;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Audit;

/// <summary>What is recorded: who (kind and id), what, about whom, with details serialised as JSON.</summary>
public sealed record AuditEntry(string ActorKind, Guid? ActorId, string Action, Guid? SubjectId, object? Details = null)
{
    public static AuditEntry Staff(ClaimsPrincipal user, string action, Guid? subjectId, object? details = null) => new("staff", user.Id(), action, subjectId, details);

    public static AuditEntry Staff(Guid staffId, string action, Guid? subjectId, object? details = null) => new("staff", staffId, action, subjectId, details);

    public static AuditEntry System(string action, Guid? subjectId, object? details = null) => new("system", null, action, subjectId, details);

    /// <summary>A command run on the server by an operator (backup, restore, staff add).</summary>
    public static AuditEntry Operator(string action, Guid? subjectId, object? details = null) => new("operator", null, action, subjectId, details);
}

/// <summary>Filters for a search of the audit log; every one is optional.</summary>
public sealed record AuditQuery(Guid? ActorId, string? Actor, string? Action, Guid? SubjectId, DateTimeOffset? From, DateTimeOffset? To, long? Before, int Limit);

/// <summary>The result of checking the chain: how many entries, and the first that does not match.</summary>
public sealed record AuditVerification(long Entries, long? BrokenAt, string? Problem);

/// <summary>
/// The one writer of the audit log: an append-only hash chain (see <see cref="AuditChain"/>). Writers take a
/// transaction-scoped advisory lock so the chain stays linear across instances; each entry is written in the same
/// transaction as the change it records (<see cref="InTransactionAsync{T}"/>), so neither exists without the other.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource db, TimeProvider time)
{
    private const long LockKey = 0x4155_4449_544C_4F47; // "AUDITLOG"

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records an entry on its own (for reads, exports and actions that change nothing in PostgreSQL).</summary>
    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default) =>
        InTransactionAsync(entry, (_, _) => Task.FromResult(true), ct);

    /// <summary>Runs <paramref name="change"/> and records <paramref name="entry"/> in one transaction.</summary>
    public async Task<T> InTransactionAsync<T>(AuditEntry entry, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> change, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await change(connection, transaction);
        await AppendAsync(connection, transaction, entry, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Like <see cref="InTransactionAsync{T}"/>, but the change decides whether there is anything to record (null = roll back, record nothing).</summary>
    public async Task<T?> InTransactionWhenAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<(T Result, AuditEntry? Entry)>> change, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (result, entry) = await change(connection, transaction);
        if (entry is not null)
        {
            await AppendAsync(connection, transaction, entry, ct);
        }

        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Appends inside the caller's transaction; the advisory lock is held until it ends.</summary>
    public async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken ct = default)
    {
        const string prepare = """
            SELECT pg_advisory_xact_lock(@LockKey);
            SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id,
                   CAST(@details AS jsonb)::text AS details,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS previous;
            """;
        const string insert = """
            INSERT INTO audit_log (id, at, actor_kind, actor_id, action, subject_id, details, prev_hash, hash)
            VALUES (@id, @at, @ActorKind, @ActorId, @Action, @SubjectId, CAST(@details AS jsonb), @previous, @hash)
            """;
        var details = JsonSerializer.Serialize(entry.Details ?? new { }, Json);
        Prepared row;
        await using (var reader = await connection.QueryMultipleAsync(new CommandDefinition(prepare, new { LockKey, details }, transaction, cancellationToken: ct)))
        {
            await reader.ReadAsync();
            row = await reader.ReadSingleAsync<Prepared>();
        }

        var at = AuditChain.ToStoredPrecision(time.GetUtcNow());
        var previous = row.Previous ?? AuditChain.Genesis;
        var hash = AuditChain.Hash(previous, row.Id, at, entry.ActorKind, entry.ActorId, entry.Action, entry.SubjectId, row.Details);
        await connection.ExecuteAsync(new CommandDefinition(insert, new
        {
            id = row.Id,
            at,
            entry.ActorKind,
            entry.ActorId,
            entry.Action,
            entry.SubjectId,
            details = row.Details,
            previous,
            hash,
        }, transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AuditEntryView>> SearchAsync(AuditQuery query, CancellationToken ct = default)
    {
        const string sql = """
            SELECT a.id, a.at, a.actor_kind AS actorkind, a.actor_id AS actorid,
                   CASE WHEN s.id IS NULL THEN NULL ELSE s.display_name || ' (' || s.username || ')' END AS actorname,
                   a.action, a.subject_id AS subjectid, a.details::text AS details
            FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id
            WHERE (@actorId::uuid IS NULL OR a.actor_id = @actorId::uuid)
              AND (@actor::text IS NULL OR s.username ILIKE @actor::text OR s.display_name ILIKE @actor::text)
              AND (@action::text IS NULL OR a.action LIKE @action::text)
              AND (@subjectId::uuid IS NULL OR a.subject_id = @subjectId::uuid)
              AND (@from::timestamptz IS NULL OR a.at >= @from::timestamptz)
              AND (@to::timestamptz IS NULL OR a.at < @to::timestamptz)
              AND (@before::bigint IS NULL OR a.id < @before::bigint)
            ORDER BY a.id DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ViewRow>(new CommandDefinition(sql, new
        {
            query.ActorId,
            actor = string.IsNullOrWhiteSpace(query.Actor) ? null : "%" + Like(query.Actor.Trim()) + "%",
            action = string.IsNullOrWhiteSpace(query.Action) ? null : Like(query.Action.Trim()) + "%",
            query.SubjectId,
            from = query.From,
            to = query.To,
            before = query.Before,
            limit = Math.Clamp(query.Limit, 1, 500),
        }, cancellationToken: ct));
        return [.. rows.Select(r => new AuditEntryView(r.Id, r.At, r.ActorKind, r.ActorId, r.ActorName, r.Action, r.SubjectId, r.Details))];
    }

    /// <summary>Recomputes every hash in id order; the first row whose link or content does not match is reported.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        const string sql = """
            SELECT id, at, actor_kind AS actorkind, actor_id AS actorid, action, subject_id AS subjectid, details::text AS details,
                   prev_hash AS previous, hash
            FROM audit_log ORDER BY id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var expectedPrevious = AuditChain.Genesis;
        long count = 0;
        long? lastId = null;
        await foreach (var row in connection.QueryUnbufferedAsync<StoredRow>(sql, transaction: transaction).WithCancellation(ct))
        {
            if (!row.Previous.AsSpan().SequenceEqual(expectedPrevious))
            {
                return new AuditVerification(count, row.Id, lastId is null
                    ? $"entry {row.Id} does not start the chain (an earlier entry was removed)"
                    : $"entry {row.Id} does not follow entry {lastId} (an entry between them was removed, or entry {lastId} was changed)");
            }

            var hash = AuditChain.Hash(row.Previous, row.Id, row.At, row.ActorKind, row.ActorId, row.Action, row.SubjectId, row.Details);
            if (!hash.AsSpan().SequenceEqual(row.Hash))
            {
                return new AuditVerification(count, row.Id, $"entry {row.Id} ({AuditChain.Timestamp(row.At)}, {row.Action}) does not match its hash: its content was changed");
            }

            expectedPrevious = row.Hash;
            lastId = row.Id;
            count++;
        }

        return new AuditVerification(count, null, null);
    }

    private static string Like(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private sealed record ViewRow(long Id, DateTimeOffset At, string ActorKind, Guid? ActorId, string? ActorName, string Action, Guid? SubjectId, string Details);

    private sealed record Prepared(long Id, string Details, byte[]? Previous);

    private sealed record StoredRow(long Id, DateTimeOffset At, string ActorKind, Guid? ActorId, string Action, Guid? SubjectId, string Details, byte[] Previous, byte[] Hash);
}
