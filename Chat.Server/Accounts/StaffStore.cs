using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Chat.Server.Accounts;

public sealed record StaffAuth
{
    public required string DisplayName { get; init; }
    public required string Role { get; init; }
    public required bool Active { get; init; }
    public required int TokenVersion { get; init; }
}

public sealed record StaffRecord
{
    public required Guid Id { get; init; }
    public required string Username { get; init; }
    public required string DisplayName { get; init; }
    public required string Role { get; init; }
    public required string PasswordHash { get; init; }
    public required int Capacity { get; init; }
    public required string[] Topics { get; init; }
    public required bool Active { get; init; }
    public required int TokenVersion { get; init; }

    /// <summary>Two-factor sign-in is on: a TOTP secret was confirmed with a code.</summary>
    public bool TwoFactor { get; init; }

    public bool IsSupervisor => Role == "supervisor";

    public StaffMember ToMember() => new(
        Id, Username, DisplayName, IsSupervisor ? StaffRole.Supervisor : StaffRole.Agent, Capacity, Topics, Active, TwoFactor);
}

/// <summary>Staff accounts with passwords hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
public sealed class StaffStore(NpgsqlDataSource db, AuditLog audit, TimeProvider time)
{
    private const string SelectStaff = """
        SELECT id, username, display_name AS displayname, role, password_hash AS passwordhash,
               capacity, topics, active, token_version AS tokenversion, totp_secret IS NOT NULL AS twofactor
        FROM staff
        """;

    private static readonly PasswordHasher<StaffRecord> Hasher = new();

    private static readonly string DummyHash = Hasher.HashPassword(null!, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    public async Task<StaffAuth?> FindAuthAsync(Guid id, CancellationToken ct)
    {
        const string sql = "SELECT display_name AS displayname, role, active, token_version AS tokenversion FROM staff WHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StaffAuth>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
    }

    public async Task RevokeTokensAsync(Guid id, CancellationToken ct)
    {
        const string sql = "UPDATE staff SET token_version = token_version + 1 WHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id }, cancellationToken: ct));
    }

    public async Task<Guid?> FindIdAsync(string username, CancellationToken ct)
    {
        const string sql = "SELECT id FROM staff WHERE lower(username) = lower(@username)";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, new { username }, cancellationToken: ct));
    }

    public async Task<StaffRecord?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StaffRecord>(new CommandDefinition(SelectStaff + " WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<StaffRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<StaffRecord>(new CommandDefinition(SelectStaff + " ORDER BY display_name", cancellationToken: ct))];
    }

    /// <summary>Creates an account; null when the username is taken. <paramref name="by"/> (its subject set to the new account) is recorded with it.</summary>
    public async Task<StaffRecord?> CreateAsync(CreateStaffRequest request, AuditEntry by, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO staff (id, username, display_name, role, password_hash, capacity, topics, created_at)
            VALUES (@id, @username, @displayName, @role, @hash, @capacity, @topics, @now)
            ON CONFLICT DO NOTHING
            """;
        var id = Guid.CreateVersion7();
        var record = new StaffRecord
        {
            Id = id,
            Username = request.Username,
            DisplayName = request.DisplayName,
            Role = RoleName(request.Role),
            PasswordHash = string.Empty,
            Capacity = request.Capacity ?? 3,
            Topics = [.. request.Topics ?? Topics.All],
            Active = true,
            TokenVersion = 1,
        };
        var hash = Hasher.HashPassword(record, request.Password);
        var entry = by with { SubjectId = id, Details = new { username = request.Username, role = record.Role, capacity = record.Capacity, topics = record.Topics } };
        var inserted = await audit.InTransactionWhenAsync(async (connection, transaction) =>
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(
                sql,
                new { id, username = request.Username, displayName = request.DisplayName, role = record.Role, hash, capacity = record.Capacity, topics = record.Topics, now = time.GetUtcNow() },
                transaction,
                cancellationToken: ct));
            return (rows, rows == 1 ? entry : null);
        }, ct);
        return inserted == 1 ? record with { PasswordHash = hash } : null;
    }

    /// <summary>Sets a new password (and reactivates the account) and revokes existing tokens; <paramref name="by"/> is recorded with it.</summary>
    public async Task<bool> SetPasswordAsync(string username, string password, AuditEntry by, CancellationToken ct)
    {
        const string sql = """
            UPDATE staff SET password_hash = @hash, token_version = token_version + 1, active = true
            WHERE lower(username) = lower(@username)
            RETURNING id
            """;
        var hash = Hasher.HashPassword(null!, password);
        return await audit.InTransactionWhenAsync(async (connection, transaction) =>
        {
            var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, new { username, hash }, transaction, cancellationToken: ct));
            return (id is not null, id is { } changed ? by with { SubjectId = changed } : null);
        }, ct);
    }

    /// <summary>A supervisor resets a password: tokens revoked, recorded in the same transaction.</summary>
    public Task ResetPasswordAsync(StaffRecord member, string password, AuditEntry by, CancellationToken ct)
    {
        const string sql = """
            UPDATE staff SET password_hash = @hash, token_version = token_version + 1
            WHERE id = @id
            """;
        var hash = Hasher.HashPassword(member, password);
        return audit.InTransactionAsync(by, (connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(sql, new { id = member.Id, hash }, transaction, cancellationToken: ct)), ct);
    }

    /// <summary>Deactivates (revoking tokens) or reactivates an account, recorded in the same transaction.</summary>
    public Task SetActiveAsync(Guid id, bool active, AuditEntry by, CancellationToken ct)
    {
        const string sql = """
            UPDATE staff SET active = @active, token_version = token_version + CASE WHEN @active THEN 0 ELSE 1 END
            WHERE id = @id
            """;
        return audit.InTransactionAsync(by, (connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(sql, new { id, active }, transaction, cancellationToken: ct)), ct);
    }

    /// <summary>The account when the password is right and the account active; null otherwise (counted by <see cref="LoginThrottle"/>).</summary>
    public async Task<StaffRecord?> VerifyAsync(string username, string password, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var staff = await connection.QuerySingleOrDefaultAsync<StaffRecord>(
            new CommandDefinition(SelectStaff + " WHERE lower(username) = lower(@username)", new { username }, cancellationToken: ct));
        if (staff is null || !staff.Active)
        {
            SpendHashTime(password);
            return null;
        }

        return Hasher.VerifyHashedPassword(staff, staff.PasswordHash, password) == PasswordVerificationResult.Failed ? null : staff;
    }

    /// <summary>Verifies against a hash nobody has, so a refusal without a real check takes as long as one with it.</summary>
    public static void SpendHashTime(string password) => Hasher.VerifyHashedPassword(null!, DummyHash, password);

    public async Task UpdateRoutingAsync(Guid id, int capacity, IReadOnlyList<string> topics, CancellationToken ct)
    {
        const string sql = "UPDATE staff SET capacity = @capacity, topics = @topics WHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id, capacity, topics = topics.ToArray() }, cancellationToken: ct));
    }

    public static string RoleName(StaffRole role) => role == StaffRole.Supervisor ? "supervisor" : "agent";
}
