using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Backups;

/// <summary>The record of backup runs in PostgreSQL.</summary>
public sealed class BackupStore(NpgsqlDataSource db, AuditLog audit)
{
    private const string Select = """
        SELECT id, started_at AS startedat, finished_at AS finishedat, kind, ok, file, size_bytes AS sizebytes, sha256, redis_file AS redisfile, error
        FROM backups
        """;

    /// <summary>Records a run and its audit entry in one transaction.</summary>
    public Task RecordAsync(BackupRun run, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO backups (id, started_at, finished_at, kind, ok, file, size_bytes, sha256, redis_file, error)
            VALUES (@Id, @StartedAt, @FinishedAt, @Kind, @Ok, @File, @SizeBytes, @Sha256, @RedisFile, @Error)
            """;
        var entry = AuditEntry.Operator(run.Ok ? "backup.create" : "backup.failed", run.Id, new { run.Kind, run.File, run.SizeBytes, run.Sha256, run.RedisFile, run.Error });
        return audit.InTransactionAsync(entry, (connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(sql, run, transaction, cancellationToken: ct)), ct);
    }

    public async Task<IReadOnlyList<BackupRun>> ListAsync(bool includeRemoved, int limit, CancellationToken ct)
    {
        var sql = Select + (includeRemoved ? string.Empty : " WHERE removed_at IS NULL") + " ORDER BY started_at DESC LIMIT @limit";
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<BackupRun>(new CommandDefinition(sql, new { limit }, cancellationToken: ct))];
    }

    public async Task<BackupRun?> NewestAsync(bool okOnly, bool scheduledOnly, CancellationToken ct)
    {
        var sql = Select + " WHERE (@okOnly = false OR ok) AND (@scheduledOnly = false OR kind <> 'manual') ORDER BY started_at DESC LIMIT 1";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<BackupRun>(new CommandDefinition(sql, new { okOnly, scheduledOnly }, cancellationToken: ct));
    }

    /// <summary>True when a good weekly backup started at or after <paramref name="since"/>.</summary>
    public async Task<bool> HasWeeklySinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM backups WHERE ok AND kind = 'weekly' AND started_at >= @since)";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { since }, cancellationToken: ct));
    }

    /// <summary>Good backups of a kind beyond the newest <paramref name="keep"/>, oldest last.</summary>
    public async Task<IReadOnlyList<BackupRun>> BeyondAsync(string kind, int keep, CancellationToken ct)
    {
        var sql = Select + " WHERE ok AND removed_at IS NULL AND kind = @kind ORDER BY started_at DESC OFFSET @keep";
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<BackupRun>(new CommandDefinition(sql, new { kind, keep }, cancellationToken: ct))];
    }

    public Task MarkRemovedAsync(BackupRun run, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = "UPDATE backups SET removed_at = @at WHERE id = @id";
        return audit.InTransactionAsync(AuditEntry.System("backup.rotated_out", run.Id, new { run.File, run.Kind }), (connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(sql, new { id = run.Id, at }, transaction, cancellationToken: ct)), ct);
    }
}

/// <summary>One backup run as stored.</summary>
public sealed record BackupRun
{
    public required Guid Id { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required string Kind { get; init; }
    public required bool Ok { get; init; }
    public string? File { get; init; }
    public long SizeBytes { get; init; }
    public string? Sha256 { get; init; }
    public string? RedisFile { get; init; }
    public string? Error { get; init; }

    public BackupRecord ToRecord() => new(
        Id, StartedAt, FinishedAt - StartedAt, Kind, Ok, File, SizeBytes, Sha256, Error);
}
