using System.Security.Cryptography;
using System.Text;
using Chat.Server.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Chat.Server.Email;

public static class CodePurpose
{
    public const string Verify = "verify";
    public const string SignIn = "signin";
    public const string Change = "change";
}

public enum CodeCheck
{
    Accepted,
    Wrong,
    Expired,
    TooManyAttempts,
}

/// <summary>
/// Six-digit one-time codes sent by email: confirm an address, sign in on another device, confirm a new address.
/// Only a salted PBKDF2 hash is stored (the code reaches the outbox sealed with Data Protection); a code works
/// once, for <see cref="EmailOptions.CodeLifetime"/>, with <see cref="EmailOptions.CodeAttempts"/> tries, and a
/// new code replaces the previous one. Requests are limited per address and per client in Redis, for every
/// instance together.
/// </summary>
public sealed class EmailCodes(
    NpgsqlDataSource db, EmailOutbox outbox, IDataProtectionProvider protection, IConnectionMultiplexer redis, RedisKeys keys,
    IOptions<EmailOptions> options, TimeProvider time)
{
    public const string ProtectorPurpose = "Chat.Email.Codes.v1";
    private const int Iterations = 20_000;
    private readonly IDataProtector protector = protection.CreateProtector(ProtectorPurpose);

    /// <summary>Refuses a code request over the per-address or per-client hourly limit (the same whether or not the address is known).</summary>
    public async Task CheckRateAsync(string email, string? clientIp)
    {
        var o = options.Value;
        var database = redis.GetDatabase();
        var perAddress = await CountAsync(database, keys.EmailCodesForAddress(Hash(email.ToLowerInvariant())));
        var perClient = clientIp is null ? 0 : await CountAsync(database, keys.EmailCodesForClient(clientIp));
        if (perAddress > o.CodesPerAddressPerHour || perClient > o.CodesPerClientPerHour)
        {
            throw ChatError.TooMany(Chat.Server.Hubs.Contracts.HubErrors.RateLimited, "EmailCodeRateLimited");
        }
    }

    /// <summary>Counts a code sent without a request of its own (the one registration sends) against the address.</summary>
    public Task NoteSentAsync(string email) =>
        CountAsync(redis.GetDatabase(), keys.EmailCodesForAddress(Hash(email.ToLowerInvariant())));

    /// <summary>Writes a new code and its mail inside the caller's transaction; earlier unused codes of the purpose stop working.</summary>
    public async Task IssueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid visitorId, string purpose, string email, string name, string language, CancellationToken ct)
    {
        const string retire = "UPDATE email_codes SET used_at = @now WHERE visitor_id = @visitorId AND purpose = @purpose AND used_at IS NULL";
        const string insert = """
            INSERT INTO email_codes (id, purpose, visitor_id, email, salt, code_hash, created_at, expires_at)
            VALUES (@id, @purpose, @visitorId, @email, @salt, @hash, @now, @expires)
            """;
        var code = RandomNumberGenerator.GetInt32(1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        var now = time.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(retire, new { visitorId, purpose, now }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(insert, new
        {
            id = Guid.CreateVersion7(), purpose, visitorId, email, salt, hash = HashCode(code, salt), now, expires = now + options.Value.CodeLifetime,
        }, transaction, cancellationToken: ct));
        var kind = purpose switch
        {
            CodePurpose.SignIn => MailKinds.SignInCode,
            CodePurpose.Change => MailKinds.ChangeCode,
            _ => MailKinds.VerifyCode,
        };
        await outbox.EnqueueAsync(connection, transaction, kind, email, language,
            new Dictionary<string, string> { ["code"] = protector.Protect(code), ["name"] = name }, visitorId, null, ct);
    }

    /// <summary>
    /// Checks <paramref name="code"/> against the newest live code of the visitor for one of <paramref name="purposes"/>;
    /// on success runs <paramref name="onAccepted"/> (with the code's purpose and address) in the same transaction.
    /// </summary>
    public async Task<CodeCheck> CheckAsync(
        Guid visitorId, string[] purposes, string? code, Func<NpgsqlConnection, NpgsqlTransaction, string, string, Task> onAccepted, CancellationToken ct)
    {
        const string select = """
            SELECT id, purpose, email, salt, code_hash AS codehash, attempts, expires_at AS expiresat
            FROM email_codes
            WHERE visitor_id = @visitorId AND purpose = ANY(@purposes) AND used_at IS NULL
            ORDER BY created_at DESC LIMIT 1
            FOR UPDATE
            """;
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CodeRow>(new CommandDefinition(select, new { visitorId, purposes }, transaction, cancellationToken: ct));
        if (row is null || row.ExpiresAt <= now)
        {
            return CodeCheck.Expired;
        }

        if (row.Attempts >= options.Value.CodeAttempts)
        {
            return CodeCheck.TooManyAttempts;
        }

        var clean = code?.Trim().Replace(" ", string.Empty, StringComparison.Ordinal);
        var right = clean is { Length: 6 } && clean.All(char.IsAsciiDigit)
            && CryptographicOperations.FixedTimeEquals(HashCode(clean, row.Salt), row.CodeHash);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE email_codes SET attempts = attempts + 1, used_at = CASE WHEN @right THEN @now ELSE used_at END WHERE id = @Id",
            new { row.Id, right, now }, transaction, cancellationToken: ct));
        if (right)
        {
            await onAccepted(connection, transaction, row.Purpose, row.Email);
        }

        await transaction.CommitAsync(ct);
        return right ? CodeCheck.Accepted : row.Attempts + 1 >= options.Value.CodeAttempts ? CodeCheck.TooManyAttempts : CodeCheck.Wrong;
    }

    private static byte[] HashCode(string code, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(code), salt, Iterations, HashAlgorithmName.SHA256, 32);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    private static async Task<long> CountAsync(IDatabase database, string key)
    {
        var count = await database.StringIncrementAsync(key);
        if (count == 1)
        {
            await database.KeyExpireAsync(key, TimeSpan.FromHours(1));
        }

        return count;
    }

    private sealed record CodeRow
    {
        public required Guid Id { get; init; }
        public required string Purpose { get; init; }
        public required string Email { get; init; }
        public required byte[] Salt { get; init; }
        public required byte[] CodeHash { get; init; }
        public required int Attempts { get; init; }
        public required DateTimeOffset ExpiresAt { get; init; }
    }
}
