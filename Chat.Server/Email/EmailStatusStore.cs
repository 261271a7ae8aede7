using Chat.Server.Hubs.Contracts;
using Dapper;
using Npgsql;

namespace Chat.Server.Email;

/// <summary>What supervisors see of the mail: the outbox backlog and errors, the mailbox reader's state, recent incoming mail.</summary>
public sealed class EmailStatusStore(NpgsqlDataSource db)
{
    public async Task<EmailStatus> ReadAsync(CancellationToken ct)
    {
        const string outbox = """
            SELECT count(*) FILTER (WHERE sent_at IS NULL AND abandoned_at IS NULL) AS waiting,
                   count(*) FILTER (WHERE sent_at IS NULL AND abandoned_at IS NULL AND last_error IS NOT NULL) AS failing,
                   count(*) FILTER (WHERE abandoned_at IS NOT NULL) AS abandoned,
                   min(created_at) FILTER (WHERE sent_at IS NULL AND abandoned_at IS NULL) AS oldest,
                   (SELECT last_error FROM email_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1) AS lasterror
            FROM email_outbox
            """;
        const string mailboxes = """
            SELECT address, last_ok_at AS lastokat, last_error AS lasterror, last_error_at AS lasterrorat, failures, last_uid AS lastuid
            FROM mailbox_state ORDER BY address
            """;
        const string recent = """
            SELECT sender, subject, outcome, detail, received_at AS receivedat FROM inbound_mail ORDER BY received_at DESC LIMIT 50
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var o = await connection.QuerySingleAsync<(long Waiting, long Failing, long Abandoned, DateTimeOffset? Oldest, string? LastError)>(new CommandDefinition(outbox, cancellationToken: ct));
        var boxes = await connection.QueryAsync<(string, DateTimeOffset?, string?, DateTimeOffset?, int, long)>(new CommandDefinition(mailboxes, cancellationToken: ct));
        var mail = await connection.QueryAsync<(string?, string?, string, string?, DateTimeOffset)>(new CommandDefinition(recent, cancellationToken: ct));
        return new EmailStatus((int)o.Waiting, (int)o.Failing, (int)o.Abandoned, o.Oldest, o.LastError,
            [.. boxes.Select(b => new MailboxStatus(b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6))],
            [.. mail.Select(m => new InboundMail(m.Item1, m.Item2, m.Item3, m.Item4, m.Item5))]);
    }

    public async Task<bool> SetStaffEmailAsync(Guid id, string? email, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("UPDATE staff SET email = @email WHERE id = @id", new { id, email }, cancellationToken: ct)) == 1;
    }
}
