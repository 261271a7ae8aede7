using System.Security.Cryptography;
using System.Text;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using OtpNet;

namespace Chat.Server.TwoFactor;

/// <summary>
/// TOTP secrets (RFC 6238, 30-second steps, 6 digits, the defaults every authenticator app reads from a QR code) and
/// recovery codes of staff accounts. Secrets are sealed with the data-protection key ring before they reach
/// PostgreSQL; recovery codes are kept only as SHA-256 hashes (they are random, so a slow hash adds nothing).
/// A code is accepted once: the step it matched must be later than the last accepted step, and the update that
/// records it is conditional on that, so two instances racing with the same code accept it at most once.
/// </summary>
public sealed class TwoFactorStore(NpgsqlDataSource db, IDataProtectionProvider protection, AuditLog audit, TimeProvider time)
{
    public const int RecoveryCodeCount = 10;

    private const string Issuer = "HELPDESK LPSE Tanah Laut";

    // One step of clock drift either way, as RFC 6238 section 5.2 recommends.
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    private readonly IDataProtector protector = protection.CreateProtector("Chat.TwoFactor.Secret.v1");

    /// <summary>
    /// A secret waiting to be confirmed with a code; the same one while it waits (a reloaded enrolment page shows the
    /// same QR code), and a fresh one when <paramref name="fresh"/>.
    /// </summary>
    public async Task<TwoFactorEnrolment> StartAsync(Guid staffId, string username, bool fresh, CancellationToken ct)
    {
        const string read = "SELECT totp_pending_secret FROM staff WHERE id = @staffId";
        const string write = "UPDATE staff SET totp_pending_secret = @sealed WHERE id = @staffId";
        await using var connection = await db.OpenConnectionAsync(ct);
        var pending = fresh ? null : await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(read, new { staffId }, cancellationToken: ct));
        byte[] secret;
        if (pending is not null)
        {
            secret = protector.Unprotect(Convert.FromBase64String(pending));
        }
        else
        {
            secret = KeyGeneration.GenerateRandomKey(20);
            await connection.ExecuteAsync(new CommandDefinition(write, new { staffId, @sealed = Convert.ToBase64String(protector.Protect(secret)) }, cancellationToken: ct));
        }

        var key = Base32Encoding.ToString(secret);
        var uri = new OtpUri(OtpType.Totp, key, username, Issuer).ToString();
        return new TwoFactorEnrolment(key, uri);
    }

    /// <summary>
    /// Confirms the pending secret with a code from the app: two-factor sign-in is on, fresh recovery codes replace
    /// any old ones (returned this once), and <paramref name="by"/> is recorded in the same transaction. Null when
    /// nothing is pending or the code is wrong.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(Guid staffId, string code, AuditEntry by, CancellationToken ct)
    {
        const string read = "SELECT totp_pending_secret AS pending, totp_last_step AS laststep FROM staff WHERE id = @staffId";
        const string enable = """
            UPDATE staff SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = @now, totp_last_step = @step
            WHERE id = @staffId AND totp_pending_secret = @pending AND totp_last_step < @step
            """;
        const string clear = "DELETE FROM staff_recovery_codes WHERE staff_id = @staffId";
        const string insert = "INSERT INTO staff_recovery_codes (staff_id, code_hash) SELECT @staffId, unnest(@hashes)";

        PendingRow? row;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            row = await connection.QuerySingleOrDefaultAsync<PendingRow>(new CommandDefinition(read, new { staffId }, cancellationToken: ct));
        }

        if (row?.Pending is null || Match(protector.Unprotect(Convert.FromBase64String(row.Pending)), code) is not { } step || step <= row.LastStep)
        {
            return null;
        }

        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToArray();
        var hashes = codes.Select(Hash).ToArray();
        return await audit.InTransactionWhenAsync<IReadOnlyList<string>>(async (connection, transaction) =>
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(enable, new { staffId, pending = row.Pending, step, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
            if (rows != 1)
            {
                return (null!, null);
            }

            await connection.ExecuteAsync(new CommandDefinition(clear, new { staffId }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(insert, new { staffId, hashes }, transaction, cancellationToken: ct));
            return (codes, by with { SubjectId = staffId });
        }, ct);
    }

    /// <summary>
    /// Checks a second factor: a 6-digit code for a step not used before, or an unused recovery code (then spent and
    /// recorded). False for anything else, including a code already accepted once.
    /// </summary>
    public async Task<bool> VerifyAsync(Guid staffId, string code, CancellationToken ct)
    {
        const string read = "SELECT totp_secret FROM staff WHERE id = @staffId";
        const string spendStep = "UPDATE staff SET totp_last_step = @step WHERE id = @staffId AND totp_last_step < @step";
        const string spendRecovery = "UPDATE staff_recovery_codes SET used_at = @now WHERE staff_id = @staffId AND code_hash = @hash AND used_at IS NULL";

        var trimmed = code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (trimmed.Length is 6 && trimmed.All(char.IsAsciiDigit))
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var secret = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(read, new { staffId }, cancellationToken: ct));
            if (secret is null || Match(protector.Unprotect(Convert.FromBase64String(secret)), trimmed) is not { } step)
            {
                return false;
            }

            return await connection.ExecuteAsync(new CommandDefinition(spendStep, new { staffId, step }, cancellationToken: ct)) == 1;
        }

        if (trimmed.Length != 10 || !trimmed.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        var hash = Hash(trimmed);
        return await audit.InTransactionWhenAsync(async (connection, transaction) =>
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(spendRecovery, new { staffId, hash, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
            return (rows == 1, rows == 1 ? AuditEntry.Staff(staffId, "staff.2fa.recovery_code_used", staffId) : null);
        }, ct);
    }

    /// <summary>How many recovery codes are left unused.</summary>
    public async Task<int> RecoveryCodesLeftAsync(Guid staffId, CancellationToken ct)
    {
        const string sql = "SELECT count(*) FROM staff_recovery_codes WHERE staff_id = @staffId AND used_at IS NULL";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { staffId }, cancellationToken: ct));
    }

    /// <summary>
    /// Turns two-factor sign-in off (secret and recovery codes removed) and revokes the account's tokens, recorded in
    /// the same transaction; the owner enrols again at the next sign-in when their role requires it. The last used
    /// step goes with the secret: a new secret's codes were never used, and the owner may confirm it in the same
    /// 30 seconds in which they last signed in with the old one.
    /// </summary>
    public Task ResetAsync(Guid staffId, AuditEntry by, CancellationToken ct)
    {
        const string sql = """
            UPDATE staff SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = 0,
                             token_version = token_version + 1
            WHERE id = @staffId;
            DELETE FROM staff_recovery_codes WHERE staff_id = @staffId;
            """;
        return audit.InTransactionAsync(by, (connection, transaction) =>
            connection.ExecuteAsync(new CommandDefinition(sql, new { staffId }, transaction, cancellationToken: ct)), ct);
    }

    /// <summary>The step a code matches within the drift window, or null.</summary>
    private long? Match(byte[] secret, string code)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(secret);
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, Window) ? step : null;
    }

    /// <summary>Ten characters from an alphabet without look-alikes (no 0/o, 1/l/i): about 50 bits.</summary>
    private static string NewRecoveryCode()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 10);
    }

    private static byte[] Hash(string recoveryCode) => SHA256.HashData(Encoding.UTF8.GetBytes(recoveryCode.ToLowerInvariant()));

    private sealed record PendingRow(string? Pending, long LastStep);
}
