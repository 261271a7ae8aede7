using Dapper;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chat.Server.Email;

/// <summary>
/// Sends what the outbox holds. Rows are claimed with a lease (FOR UPDATE SKIP LOCKED), so any number of instances
/// share the work without sending a row twice; a failed send is retried with doubling backoff and never dropped,
/// so mail written while the SMTP server is down goes out when it is back. A row is marked sent with the moment
/// the server accepted it.
/// </summary>
public sealed partial class OutboxSender(
    NpgsqlDataSource db, MailComposer composer, TicketMailFiles files, Chat.Server.Infrastructure.RedisKeys keys, IOptions<EmailOptions> options, TimeProvider time,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Wait before attempt <paramref name="attempt"/>+1: first, 2×first, 4×first … capped.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OutboxInterval, time);
        do
        {
            try
            {
                while (await SendDueAsync(stoppingToken) == options.Value.OutboxBatch)
                {
                    // A full batch: more is due; carry on without waiting for the timer.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRoundFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends one batch of due mail; returns how many rows were claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var rows = await ClaimAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, ct);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSmtpUnreachable(smtp.Host, smtp.Port, rows.Count, e.Message);
            foreach (var row in rows)
            {
                await RescheduleAsync(row, e.Message, ct);
            }

            return rows.Count;
        }

        foreach (var row in rows)
        {
            try
            {
                var message = composer.Compose(row);
                await using (await files.AttachAsync(message, row, ct))
                {
                    await client.SendAsync(message, ct);
                }

                await MarkSentAsync(row.Id, ct);
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted)
            {
                LogAbandoned(row.MessageId, e.Message);
                await AbandonAsync(row.Id, e.Message, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSendFailed(row.MessageId, row.Attempts, e.Message);
                await RescheduleAsync(row, e.Message, ct);
                if (!client.IsConnected)
                {
                    // The rest of the batch keeps its lease and is retried once the lease runs out.
                    break;
                }
            }
        }

        if (client.IsConnected)
        {
            await client.DisconnectAsync(true, ct);
        }

        return rows.Count;
    }

    private async Task<IReadOnlyList<OutboxRow>> ClaimAsync(CancellationToken ct)
    {
        const string sql = """
            UPDATE email_outbox o SET locked_until = @leaseUntil, attempts = o.attempts + 1
            WHERE o.id IN (
                SELECT id FROM email_outbox
                WHERE sent_at IS NULL AND abandoned_at IS NULL AND origin = @origin AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
                ORDER BY next_attempt_at
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.message_id AS messageid, o.kind, o.recipient, o.language, o.payload::text AS payload, o.ticket_id AS ticketid, o.attempts,
                (SELECT f.message_id FROM email_outbox f WHERE f.ticket_id = o.ticket_id AND f.kind = 'ticket_created' ORDER BY f.created_at LIMIT 1) AS threadid
            """;
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<OutboxRow>(new CommandDefinition(sql, new { now, leaseUntil = now + Lease, batch = options.Value.OutboxBatch, origin = keys.Prefix }, cancellationToken: ct))];
    }

    private async Task MarkSentAsync(Guid id, CancellationToken ct)
    {
        const string sql = "UPDATE email_outbox SET sent_at = @now, locked_until = NULL, last_error = NULL WHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id, now = time.GetUtcNow() }, cancellationToken: CancellationToken.None));
    }

    private async Task RescheduleAsync(OutboxRow row, string error, CancellationToken ct)
    {
        const string sql = "UPDATE email_outbox SET next_attempt_at = @next, locked_until = NULL, last_error = @error WHERE id = @id";
        var o = options.Value;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            row.Id, next = time.GetUtcNow() + Backoff(row.Attempts, o.RetryFirst, o.RetryMax), error = Short(error),
        }, cancellationToken: ct));
    }

    private async Task AbandonAsync(Guid id, string error, CancellationToken ct)
    {
        const string sql = "UPDATE email_outbox SET abandoned_at = @now, locked_until = NULL, last_error = @error WHERE id = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id, now = time.GetUtcNow(), error = Short(error) }, cancellationToken: ct));
    }

    private static string Short(string error) => error.Length <= 500 ? error : error[..500];

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} unreachable; {Count} mail(s) wait for the next attempt: {Error}")]
    private partial void LogSmtpUnreachable(string host, int port, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId} not sent (attempt {Attempt}); retrying later: {Error}")]
    private partial void LogSendFailed(string messageId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId} refused for good by the SMTP server: {Error}")]
    private partial void LogAbandoned(string messageId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox round failed")]
    private partial void LogRoundFailed(Exception e);
}
