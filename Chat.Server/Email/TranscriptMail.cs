using System.Globalization;
using System.Text;
using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Tickets;
using Dapper;
using Npgsql;

namespace Chat.Server.Email;

/// <summary>Puts the transcript of a visitor's ended chat in the outbox, as the visitor saw it (withheld text stays withheld).</summary>
public sealed class TranscriptMail(NpgsqlDataSource db, TicketStore tickets, EmailOutbox outbox)
{
    private static readonly TimeZoneInfo Wita = TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar");

    public async Task<bool> EnqueueAsync(VisitorRecord visitor, Guid conversationId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var closedAt = await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT closed_at FROM conversations WHERE id = @conversationId AND visitor_id = @visitorId AND closed_at IS NOT NULL",
            new { conversationId, visitorId = visitor.Id }, cancellationToken: ct));
        if (closedAt is null)
        {
            return false;
        }

        var viewer = new Viewer(SenderRole.Visitor, visitor.Id, false);
        var text = new StringBuilder();
        foreach (var message in (await tickets.TranscriptAsync(conversationId, ct)).Select(m => m.ToMessage(viewer)))
        {
            var at = TimeZoneInfo.ConvertTime(message.SentAt, Wita).ToString("HH:mm", CultureInfo.InvariantCulture);
            text.Append('[').Append(at).Append("] ").Append(message.SenderName).Append(": ")
                .Append(message.Text is { Length: > 0 } said ? said : message.Attachments is null ? message.Moderation?.Explanation ?? "—" : string.Empty).Append('\n');
            foreach (var file in message.Attachments ?? [])
            {
                // Listed by name and size; the files themselves stay in the chat (a link in mail would outlive its expiry).
                text.Append("    📎 ").Append(file.FileName).Append(" (").Append(Attachments.AttachmentUploads.FormatBytes(file.Size)).Append(file.Withheld ? ", —" : string.Empty).Append(")\n");
            }
        }

        var date = TimeZoneInfo.ConvertTime(closedAt.Value, Wita).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        await outbox.EnqueueAsync(connection, null, MailKinds.Transcript, visitor.Email, visitor.Language,
            new Dictionary<string, string> { ["name"] = visitor.Name, ["date"] = date, ["transcript"] = text.ToString().TrimEnd() }, visitor.Id, null, ct);
        return true;
    }
}
