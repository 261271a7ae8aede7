using System.Security.Cryptography;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;
using Chat.Server.Tickets;
using Dapper;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace Chat.Server.Email;

/// <summary>What became of one incoming mail (stored in inbound_mail.outcome).</summary>
public static class InboundOutcome
{
    public const string Appended = "appended";
    public const string TicketOpened = "ticket_opened";
    public const string Duplicate = "duplicate";
    public const string Automatic = "automatic";
    public const string OwnMail = "own_mail";
    public const string UnknownSender = "unknown_sender";
    public const string UnknownSenderQuiet = "unknown_sender_quiet";
    public const string SenderMismatch = "sender_mismatch";
    public const string UnknownToken = "unknown_token";
    public const string TicketClosed = "ticket_closed";
    public const string Empty = "empty";
    public const string Blocked = "blocked";
    public const string TooLarge = "too_large";
    public const string Malformed = "malformed";
    public const string FilesRefused = "files_refused";
}

/// <summary>
/// Turns one mail from the helpdesk mailbox into its outcome, in one transaction with everything it causes
/// (ticket entry, new ticket, answer in the outbox), keyed by Message-ID so a mail fetched twice counts once.
/// Loops are prevented by never answering automatic mail (Auto-Submitted, Precedence, List-Id, delivery and
/// read reports, MAILER-DAEMON, an empty Return-Path) nor our own, and by answering an unknown sender at most once a day.
/// </summary>
internal sealed partial class InboundMailProcessor(
    NpgsqlDataSource db, TicketStore tickets, EmailOutbox outbox, IModerationPipeline moderation, IOptions<EmailOptions> options, TimeProvider time,
    Attachments.AttachmentUploads uploads, IOptions<Attachments.AttachmentOptions> attachmentOptions, ILogger<InboundMailProcessor> logger)
{
    private sealed record TicketRef
    {
        public required Guid Id { get; init; }
        public required string Number { get; init; }
        public required Guid VisitorId { get; init; }
        public required string Status { get; init; }
    }

    private sealed record Sender
    {
        public required Guid Id { get; init; }
        public required string Name { get; init; }
        public required string Language { get; init; }
        public required string Status { get; init; }
    }

    /// <summary>True when <paramref name="address"/> is the helpdesk's address or one of its +tags; the tag, if any.</summary>
    public bool IsHelpdeskAddress(string? address, out string? tag)
    {
        tag = null;
        var o = options.Value;
        var at = address?.LastIndexOf('@') ?? -1;
        if (address is null || at < 0 || !string.Equals(address[(at + 1)..], o.Domain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var local = address[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (!string.Equals(plus < 0 ? local : local[..plus], o.LocalPart, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        tag = plus < 0 ? null : local[(plus + 1)..];
        return true;
    }

    /// <summary>Whether the mail is addressed to this helpdesk (a shared mailbox may hold mail for other addresses).</summary>
    public bool IsForUs(MimeKit.InternetAddressList to, MimeKit.InternetAddressList cc) =>
        !options.Value.OnlyAddressedToHelpdesk || to.Mailboxes.Concat(cc.Mailboxes).Any(m => IsHelpdeskAddress(m.Address, out _));

    public async Task<string> ProcessAsync(string mailbox, uint uid, MimeMessage message, CancellationToken ct)
    {
        var messageId = string.IsNullOrWhiteSpace(message.MessageId) ? "sha256:" + HeaderHash(message) : message.MessageId;
        var from = message.From.Mailboxes.FirstOrDefault()?.Address?.Trim();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await ClaimAsync(connection, transaction, mailbox, messageId, uid, from, message.Subject, ct))
        {
            return InboundOutcome.Duplicate;
        }

        var (outcome, detail, ticketId) = await DecideAsync(connection, transaction, message, from, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE inbound_mail SET outcome = @outcome, detail = @detail, ticket_id = @ticketId WHERE mailbox = @mailbox AND message_id = @messageId",
            new { outcome, detail, ticketId, mailbox, messageId }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        LogOutcome(messageId, from, outcome, detail);
        return outcome;
    }

    /// <summary>A mail over the size limit: recorded from its envelope, never downloaded; a known visitor is told.</summary>
    public async Task<string> TooLargeAsync(string mailbox, uint uid, string? messageId, string? from, string? subject, long size, CancellationToken ct)
    {
        messageId = string.IsNullOrWhiteSpace(messageId) ? $"uid:{mailbox}:{uid}" : messageId;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await ClaimAsync(connection, transaction, mailbox, messageId, uid, from, subject, ct))
        {
            return InboundOutcome.Duplicate;
        }

        if (await VerifiedSenderAsync(connection, transaction, from, ct) is { } visitor && from is not null)
        {
            await AnswerAsync(connection, transaction, from, visitor.Language, "ReasonTooLarge",
                new() { ["limit"] = (options.Value.MaxInboundBytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture) }, visitor.Id, null, ct);
        }

        var detail = $"{size} bytes";
        await SetOutcomeAsync(connection, transaction, mailbox, messageId, InboundOutcome.TooLarge, detail, null, ct);
        await transaction.CommitAsync(ct);
        LogOutcome(messageId, from, InboundOutcome.TooLarge, detail);
        return InboundOutcome.TooLarge;
    }

    /// <summary>A mail MimeKit could not parse at all: recorded so it is not fetched again, nobody is answered.</summary>
    public async Task<string> MalformedAsync(string mailbox, uint uid, string error, CancellationToken ct)
    {
        var messageId = $"uid:{mailbox}:{uid}";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await ClaimAsync(connection, transaction, mailbox, messageId, uid, null, null, ct))
        {
            await SetOutcomeAsync(connection, transaction, mailbox, messageId, InboundOutcome.Malformed, error.Length > 300 ? error[..300] : error, null, ct);
        }

        await transaction.CommitAsync(ct);
        LogOutcome(messageId, null, InboundOutcome.Malformed, error);
        return InboundOutcome.Malformed;
    }

    private async Task<(string Outcome, string? Detail, Guid? TicketId)> DecideAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MimeMessage message, string? from, CancellationToken ct)
    {
        if (from is null || !MailboxAddress.TryParse(from, out _))
        {
            return (InboundOutcome.Malformed, "no sender", null);
        }

        if (IsHelpdeskAddress(from, out _))
        {
            return (InboundOutcome.OwnMail, null, null);
        }

        if (IsAutomatic(message, from) is { } why)
        {
            return (InboundOutcome.Automatic, why, null);
        }

        var visitor = await VerifiedSenderAsync(connection, transaction, from, ct);
        var token = message.To.Mailboxes.Concat(message.Cc.Mailboxes)
            .Select(m => IsHelpdeskAddress(m.Address, out var tag) ? tag : null).FirstOrDefault(t => !string.IsNullOrEmpty(t));
        var ticket = token is not null ? await TicketByTokenAsync(connection, transaction, token, ct) : await TicketByReferencesAsync(connection, transaction, message, ct);
        if (token is not null && ticket is null)
        {
            LogRefused(from, "unknown reply token");
            return (InboundOutcome.UnknownToken, token.Length > 64 ? token[..64] : token, null);
        }

        if (ticket is not null && (visitor is null || visitor.Id != ticket.VisitorId))
        {
            // Somebody else's ticket reference (or a forged From): nothing is added, nobody is answered.
            LogRefused(from, $"sender is not the visitor of {ticket.Number}");
            return (InboundOutcome.SenderMismatch, ticket.Number, ticket.Id);
        }

        if (visitor is null)
        {
            return await AnswerUnknownSenderAsync(connection, transaction, message, from, ct);
        }

        if (visitor.Status != "active")
        {
            return (InboundOutcome.Blocked, "account " + visitor.Status, ticket?.Id);
        }

        var text = ReplyText.Extract(message);
        var parts = MailFiles(message);
        if (text.Length == 0 && parts.Count == 0)
        {
            await AnswerAsync(connection, transaction, from, visitor.Language, "ReasonEmpty", [], visitor.Id, ticket?.Id, ct);
            return (InboundOutcome.Empty, null, ticket?.Id);
        }

        // A mail of files only has no text to judge; its file names are judged like text when they are stored.
        var verdict = text.Length == 0
            ? ModerationVerdict.Allow(string.Empty)
            : await moderation.CheckAsync(new ModerationInput(ticket?.Id ?? Guid.Empty, visitor.Id, SenderRole.Visitor, text), ct);
        if (verdict.Action == ModerationAction.Block || verdict.DeliveredText is null)
        {
            await AnswerAsync(connection, transaction, from, visitor.Language, "ReasonBlocked", new() { ["explanation"] = verdict.Explanation ?? string.Empty }, visitor.Id, ticket?.Id, ct);
            return (InboundOutcome.Blocked, string.Join(',', verdict.Categories), ticket?.Id);
        }

        if (ticket is { Status: "closed" })
        {
            await AnswerAsync(connection, transaction, from, visitor.Language, "ReasonClosed", new() { ["number"] = ticket.Number }, visitor.Id, ticket.Id, ct);
            return (InboundOutcome.TicketClosed, ticket.Number, ticket.Id);
        }

        var (files, refused) = await TakeFilesAsync(parts, visitor.Id, visitor.Language, ticket?.Id, ct);
        if (verdict.DeliveredText.Length == 0 && files.Count == 0)
        {
            // Files only, and none of them could be taken: nothing to add, the visitor hears why.
            await AnswerFilesRefusedAsync(connection, transaction, from, visitor, ticket?.Number, refused, ct);
            return (InboundOutcome.FilesRefused, string.Join(',', refused.Select(r => r.Code)), ticket?.Id);
        }

        if (ticket is null)
        {
            var subject = !string.IsNullOrWhiteSpace(message.Subject) ? message.Subject.Trim()
                : verdict.DeliveredText.Length > 0 ? verdict.DeliveredText.Split('\n', 2)[0] : files[0].FileName;
            var number = await tickets.CreateAsync(connection, transaction, visitor.Id, null, Topics.Other, subject[..Math.Min(subject.Length, 200)], TicketSource.Email,
                [(SenderRole.Visitor, visitor.Id, visitor.Name, verdict.DeliveredText, false)], ct, files);
            await AnswerFilesRefusedAsync(connection, transaction, from, visitor, number, refused, ct);
            return (InboundOutcome.TicketOpened, number, null);
        }

        await tickets.AddEntryAsync(connection, transaction, ticket.Id, SenderRole.Visitor, visitor.Id, visitor.Name, verdict.DeliveredText, false, ct, files);
        await AnswerFilesRefusedAsync(connection, transaction, from, visitor, ticket.Number, refused, ct);
        if (ticket.Status is "pending" or "resolved")
        {
            // The visitor answered: the helpdesk has the next move again.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE tickets SET status = 'open' WHERE id = @Id", new { ticket.Id }, transaction, cancellationToken: ct));
        }

        return (InboundOutcome.Appended, verdict.Action == ModerationAction.Allow ? ticket.Number : $"{ticket.Number} ({verdict.Action})", ticket.Id);
    }

    /// <summary>Why a mail is automatic (and must never be answered), or null for mail a person wrote.</summary>
    public static string? IsAutomatic(MimeMessage message, string from)
    {
        var headers = message.Headers;
        if (headers[HeaderId.AutoSubmitted] is { } auto && !auto.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return "Auto-Submitted: " + auto.Trim();
        }

        if (headers[HeaderId.Precedence] is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return "Precedence: " + precedence.Trim();
        }

        foreach (var name in new[] { "X-Autoreply", "X-Autorespond", "X-Auto-Reply" })
        {
            if (headers.Contains(name))
            {
                return name;
            }
        }

        if (headers.Contains(HeaderId.ListId) || headers.Contains("List-Unsubscribe"))
        {
            return "mailing list";
        }

        if (message.Body is MultipartReport report)
        {
            return "report: " + report.ReportType;
        }

        var local = from[..Math.Max(0, from.IndexOf('@', StringComparison.Ordinal))].ToLowerInvariant();
        if (local is "mailer-daemon" or "postmaster" or "noreply" or "no-reply" or "bounce" or "bounces")
        {
            return "sender " + local;
        }

        return headers[HeaderId.ReturnPath]?.Trim() == "<>" ? "empty Return-Path" : null;
    }

    private async Task<(string, string?, Guid?)> AnswerUnknownSenderAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MimeMessage message, string from, CancellationToken ct)
    {
        const string recent = """
            SELECT EXISTS (SELECT 1 FROM inbound_mail WHERE lower(sender) = lower(@from) AND outcome = 'unknown_sender' AND received_at > @since)
            """;
        var since = time.GetUtcNow() - TimeSpan.FromDays(1);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(recent, new { from, since }, transaction, cancellationToken: ct)))
        {
            return (InboundOutcome.UnknownSenderQuiet, "answered within the last day", null);
        }

        var language = message.Headers[HeaderId.ContentLanguage]?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? "en" : "id";
        await outbox.EnqueueAsync(connection, transaction, MailKinds.UnknownSender, from, language,
            new Dictionary<string, string> { ["subject"] = message.Subject ?? string.Empty }, null, null, ct);
        return (InboundOutcome.UnknownSender, null, null);
    }

    private Task AnswerAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string to, string language, string reasonKey, Dictionary<string, string> values, Guid visitorId, Guid? ticketId, CancellationToken ct)
    {
        values["reasonKey"] = reasonKey;
        return outbox.EnqueueAsync(connection, transaction, MailKinds.ReplyNotAccepted, to, language, values, visitorId, ticketId, ct);
    }

    private static async Task<bool> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string mailbox, string messageId, uint uid, string? from, string? subject, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO inbound_mail (id, mailbox, message_id, uid, sender, subject, outcome, received_at)
            VALUES (@id, @mailbox, @messageId, @uid, @from, @subject, 'processing', now())
            ON CONFLICT (mailbox, message_id) DO NOTHING
            """;
        return await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = Guid.CreateVersion7(), mailbox, messageId, uid = (long)uid, from = from?[..Math.Min(from.Length, 254)], subject = subject?[..Math.Min(subject.Length, 300)],
        }, transaction, cancellationToken: ct)) == 1;
    }

    private static Task SetOutcomeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string mailbox, string messageId, string outcome, string? detail, Guid? ticketId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE inbound_mail SET outcome = @outcome, detail = @detail, ticket_id = @ticketId WHERE mailbox = @mailbox AND message_id = @messageId",
            new { outcome, detail, ticketId, mailbox, messageId }, transaction, cancellationToken: ct));

    private static Task<Sender?> VerifiedSenderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? from, CancellationToken ct) =>
        from is null ? Task.FromResult<Sender?>(null) : connection.QuerySingleOrDefaultAsync<Sender>(new CommandDefinition(
            "SELECT id, name, language, status FROM visitors WHERE lower(email) = lower(@from) AND email_verified_at IS NOT NULL",
            new { from }, transaction, cancellationToken: ct));

    private static Task<TicketRef?> TicketByTokenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string token, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<TicketRef>(new CommandDefinition(
            "SELECT id, number, visitor_id AS visitorid, status FROM tickets WHERE reply_token = @token", new { token = token.ToLowerInvariant() }, transaction, cancellationToken: ct));

    private static async Task<TicketRef?> TicketByReferencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MimeMessage message, CancellationToken ct)
    {
        string[] ids = [.. message.References.Append(message.InReplyTo).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!).Distinct().Take(50)];
        if (ids.Length == 0)
        {
            return null;
        }

        const string sql = """
            SELECT t.id, t.number, t.visitor_id AS visitorid, t.status
            FROM email_outbox o JOIN tickets t ON t.id = o.ticket_id
            WHERE o.message_id = ANY(@ids) AND o.kind IN ('ticket_created', 'ticket_reply', 'ticket_status')
            ORDER BY o.created_at DESC LIMIT 1
            """;
        return await connection.QuerySingleOrDefaultAsync<TicketRef>(new CommandDefinition(sql, new { ids }, transaction, cancellationToken: ct));
    }

    private static string HeaderHash(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.Headers.WriteTo(stream);
        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()))[..40];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MessageId} from {From}: {Outcome} {Detail}")]
    private partial void LogOutcome(string messageId, string? from, string outcome, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail from {From} refused: {Reason}")]
    private partial void LogRefused(string from, string reason);
}
