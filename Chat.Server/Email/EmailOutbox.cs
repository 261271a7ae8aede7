using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chat.Server.Email;

/// <summary>The kinds of mail the product sends; each has its text in Resources/Email.resx.</summary>
public static class MailKinds
{
    public const string VerifyCode = "verify_code";
    public const string SignInCode = "signin_code";
    public const string ChangeCode = "change_code";
    public const string EmailChanged = "email_changed";
    public const string TicketCreated = "ticket_created";
    public const string TicketReply = "ticket_reply";
    public const string TicketStatus = "ticket_status";
    public const string UnknownSender = "unknown_sender";
    public const string ReplyNotAccepted = "reply_not_accepted";
    public const string Transcript = "transcript";
    public const string AgentAssigned = "agent_assigned";
    public const string FilesNotAccepted = "files_not_accepted";
}

/// <summary>
/// Writes mail to the outbox inside the caller's transaction, so mail exists exactly when the event that causes it
/// was committed; <see cref="OutboxSender"/> sends it. The Message-ID is fixed here, once.
/// </summary>
public sealed class EmailOutbox(IOptions<EmailOptions> options, TimeProvider time, Chat.Server.Infrastructure.RedisKeys keys)
{
    public string NewMessageId() => $"{Guid.CreateVersion7():N}@{options.Value.Domain}";

    public async Task<string> EnqueueAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, string recipient, string language,
        IReadOnlyDictionary<string, string> payload, Guid? visitorId, Guid? ticketId, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO email_outbox (id, message_id, kind, recipient, language, payload, visitor_id, ticket_id, created_at, next_attempt_at, origin)
            VALUES (@id, @messageId, @kind, @recipient, @language, @payload::jsonb, @visitorId, @ticketId, @now, @now, @origin)
            """;
        var messageId = NewMessageId();
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = Guid.CreateVersion7(), messageId, kind, recipient, language, payload = JsonSerializer.Serialize(payload), visitorId, ticketId, now = time.GetUtcNow(), origin = keys.Prefix,
        }, transaction, cancellationToken: ct));
        return messageId;
    }

    /// <summary>
    /// Mail about a ticket to its visitor, only when their address is verified (clause 2); the ticket's number,
    /// subject and reply token join the payload. Returns false when nothing was written.
    /// </summary>
    public async Task<bool> EnqueueTicketMailAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, Guid ticketId, IReadOnlyDictionary<string, string> payload, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO email_outbox (id, message_id, kind, recipient, language, payload, visitor_id, ticket_id, created_at, next_attempt_at, origin)
            SELECT @id, @messageId, @kind, v.email, v.language,
                   @payload::jsonb || jsonb_build_object('number', t.number, 'subject', t.subject, 'token', t.reply_token, 'name', v.name),
                   v.id, t.id, @now, @now, @origin
            FROM tickets t JOIN visitors v ON v.id = t.visitor_id
            WHERE t.id = @ticketId AND v.email_verified_at IS NOT NULL AND v.status <> 'closed'
            """;
        return await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = Guid.CreateVersion7(), messageId = NewMessageId(), kind, ticketId, payload = JsonSerializer.Serialize(payload), now = time.GetUtcNow(), origin = keys.Prefix,
        }, transaction, cancellationToken: ct)) == 1;
    }

    /// <summary>Mail to a staff member about a ticket, when they have an address and the setting allows it.</summary>
    public async Task EnqueueAgentMailAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, Guid ticketId, Guid staffId, CancellationToken ct)
    {
        if (!options.Value.NotifyAgentOnAssignment)
        {
            return;
        }

        const string sql = """
            INSERT INTO email_outbox (id, message_id, kind, recipient, language, payload, visitor_id, ticket_id, created_at, next_attempt_at, origin)
            SELECT @id, @messageId, @kind, s.email, 'id', jsonb_build_object('number', t.number, 'subject', t.subject, 'name', s.display_name),
                   NULL, t.id, @now, @now, @origin
            FROM tickets t, staff s
            WHERE t.id = @ticketId AND s.id = @staffId AND s.email IS NOT NULL
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = Guid.CreateVersion7(), messageId = NewMessageId(), kind, ticketId, staffId, now = time.GetUtcNow(), origin = keys.Prefix,
        }, transaction, cancellationToken: ct));
    }
}
