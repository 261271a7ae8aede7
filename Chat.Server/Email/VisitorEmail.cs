using System.Globalization;
using Chat.Server.Accounts;
using Dapper;
using Npgsql;

namespace Chat.Server.Email;

/// <summary>
/// The email side of a visitor's account: the verification code sent with registration, sign-in on another device,
/// and changing the address (the new one is confirmed by code, the old one is told). Registration with an address
/// that is already registered leads here too: its owner gets a sign-in code, and the answer never says whether the
/// address was known.
/// </summary>
public sealed class VisitorEmail(NpgsqlDataSource db, EmailCodes codes, EmailOutbox outbox, VisitorStore visitors)
{
    public static string RequestLanguage => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "id";

    /// <summary>Written in the registration's transaction: the visitor's language and the first verification code.</summary>
    public Func<NpgsqlConnection, NpgsqlTransaction, Task> OnRegistered(Guid id, string name, string email, CancellationToken ct) =>
        async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE visitors SET language = @language WHERE id = @id", new { id, language = RequestLanguage }, transaction, cancellationToken: ct));
            await codes.IssueAsync(connection, transaction, id, CodePurpose.Verify, email, name, RequestLanguage, ct);
            await codes.NoteSentAsync(email);
        };

    /// <summary>Sends a sign-in code when the address belongs to an account that may sign in; silent otherwise.</summary>
    public async Task SendSignInCodeAsync(string email, string? clientIp, CancellationToken ct)
    {
        await codes.CheckRateAsync(email, clientIp);
        if (await visitors.FindByEmailAsync(email, ct) is not { Status: not "closed" } visitor)
        {
            return;
        }

        await InTransactionAsync((c, t) => codes.IssueAsync(c, t, visitor.Id, CodePurpose.SignIn, visitor.Email, visitor.Name, RequestLanguage, ct), ct);
    }

    /// <summary>Sends a fresh code for what the visitor is confirming: the pending new address, else the current one.</summary>
    public async Task ResendAsync(VisitorRecord visitor, string? clientIp, CancellationToken ct)
    {
        var email = visitor.PendingEmail ?? visitor.Email;
        await codes.CheckRateAsync(email, clientIp);
        if (visitor.PendingEmail is null && visitor.EmailVerified)
        {
            return;
        }

        var purpose = visitor.PendingEmail is null ? CodePurpose.Verify : CodePurpose.Change;
        await InTransactionAsync((c, t) => codes.IssueAsync(c, t, visitor.Id, purpose, email, visitor.Name, RequestLanguage, ct), ct);
    }

    /// <summary>
    /// Starts a change of address: a code goes to the new address, and the change takes effect when it is entered.
    /// An address that belongs to another account gets nothing, and the answer is the same.
    /// </summary>
    public async Task RequestChangeAsync(VisitorRecord visitor, string newEmail, string? clientIp, CancellationToken ct)
    {
        if (string.Equals(newEmail, visitor.Email, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await codes.CheckRateAsync(newEmail, clientIp);
        if (await visitors.FindByEmailAsync(newEmail, ct) is not null)
        {
            return;
        }

        await InTransactionAsync((c, t) => codes.IssueAsync(c, t, visitor.Id, CodePurpose.Change, newEmail, visitor.Name, RequestLanguage, ct), ct);
    }

    /// <summary>Checks a code for the visitor's current or new address and applies it.</summary>
    public Task<CodeCheck> VerifyAsync(VisitorRecord visitor, string? code, CancellationToken ct) =>
        codes.CheckAsync(visitor.Id, [CodePurpose.Verify, CodePurpose.Change, CodePurpose.SignIn], code, async (connection, transaction, purpose, email) =>
        {
            if (purpose != CodePurpose.Change)
            {
                await MarkVerifiedAsync(connection, transaction, visitor.Id, ct);
                return;
            }

            const string change = """
                UPDATE visitors SET email = @email, email_updated_at = now(), email_verified_at = now()
                WHERE id = @id AND NOT EXISTS (SELECT 1 FROM visitors o WHERE lower(o.email) = lower(@email) AND o.id <> @id)
                """;
            if (await connection.ExecuteAsync(new CommandDefinition(change, new { id = visitor.Id, email }, transaction, cancellationToken: ct)) == 1)
            {
                await outbox.EnqueueAsync(connection, transaction, MailKinds.EmailChanged, visitor.Email, visitor.Language,
                    new Dictionary<string, string> { ["name"] = visitor.Name, ["newEmail"] = email }, visitor.Id, null, ct);
            }
        }, ct);

    /// <summary>Checks a sign-in code for the account with <paramref name="email"/>; the account, when accepted.</summary>
    public async Task<VisitorRecord?> SignInAsync(string email, string? code, CancellationToken ct)
    {
        if (await visitors.FindByEmailAsync(email, ct) is not { } visitor)
        {
            return null;
        }

        var check = await codes.CheckAsync(visitor.Id, [CodePurpose.SignIn], code,
            (connection, transaction, _, _) => MarkVerifiedAsync(connection, transaction, visitor.Id, ct), ct);
        return check == CodeCheck.Accepted ? visitor : null;
    }

    private static Task MarkVerifiedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE visitors SET email_verified_at = COALESCE(email_verified_at, now()) WHERE id = @id", new { id }, transaction, cancellationToken: ct));

    private async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await work(connection, transaction);
        await transaction.CommitAsync(ct);
    }
}
