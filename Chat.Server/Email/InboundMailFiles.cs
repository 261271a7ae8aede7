using System.Globalization;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using MimeKit;
using Npgsql;

namespace Chat.Server.Email;

/// <summary>A file of a mail that was not taken, and why (in the visitor's language).</summary>
public sealed record RefusedMailFile(string Name, string Code, string Reason);

/// <summary>
/// Files that come with a visitor's mail to a ticket (a screenshot pasted into the mail, a PDF attached) are taken
/// exactly like uploads from the chat: the same checks through <see cref="Attachments.AttachmentUploads"/> (name
/// moderated, daily quota, type by content, images re-encoded, malware scan), bound to the ticket entry the mail
/// becomes. Refused files do not stop the rest of the mail; the visitor is told which were not taken and why.
/// </summary>
internal sealed partial class InboundMailProcessor
{
    // Signatures and keys travel as parts of signed mail; they are not files the visitor sent.
    private static readonly HashSet<string> NotFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature", "application/pgp-keys", "application/pgp-encrypted",
    };

    /// <summary>The mail's files: attached parts, and inline parts that are not the text itself (pasted screenshots).</summary>
    public static IReadOnlyList<MimePart> MailFiles(MimeMessage message) =>
        [.. message.BodyParts.OfType<MimePart>().Where(p => !NotFiles.Contains(p.ContentType.MimeType) && (p.IsAttachment || p is not TextPart))];

    private async Task<(IReadOnlyList<AttachmentInfo> Files, IReadOnlyList<RefusedMailFile> Refused)> TakeFilesAsync(
        IReadOnlyList<MimePart> parts, Guid visitorId, string language, Guid? ticketId, CancellationToken ct)
    {
        // Refusals read in the visitor's language, as in the chat.
        var culture = CultureInfo.GetCultureInfo(language == "en" ? "en" : "id");
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        var max = attachmentOptions.Value.MaxFilesPerMessage;
        var files = new List<AttachmentInfo>();
        var refused = new List<RefusedMailFile>();
        foreach (var part in parts)
        {
            var name = part.FileName ?? part.ContentType.Name ?? Resources.Text.Get("MailFileUnnamed");
            if (files.Count >= max)
            {
                refused.Add(new RefusedMailFile(name, HubErrors.AttachmentTooMany, Resources.Text.Get("AttachmentTooMany", max)));
                continue;
            }

            try
            {
                await using var content = part.Content?.Open() ?? Stream.Null;
                var stored = await uploads.StoreFromMailAsync(visitorId, ticketId, name, content, ct);
                if (!files.Any(f => f.Id == stored.Attachment.Id))
                {
                    files.Add(stored.Attachment);
                }
            }
            catch (ChatError e)
            {
                refused.Add(new RefusedMailFile(name, e.Code, e.Message));
            }
        }

        return (files, refused);
    }

    private Task AnswerFilesRefusedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string to, Sender visitor, string? number, IReadOnlyList<RefusedMailFile> refused, CancellationToken ct)
    {
        if (refused.Count == 0)
        {
            return Task.CompletedTask;
        }

        LogFilesRefused(to, refused.Count, string.Join(',', refused.Select(r => r.Code)));
        var list = string.Join('\n', refused.Select(r => $"- {r.Name}: {r.Reason}"));
        return outbox.EnqueueAsync(connection, transaction, MailKinds.FilesNotAccepted, to, visitor.Language,
            new Dictionary<string, string> { ["files"] = list, ["number"] = number ?? string.Empty, ["name"] = visitor.Name }, visitor.Id, null, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail from {From}: {Count} file(s) not taken ({Codes})")]
    private partial void LogFilesRefused(string from, int count, string codes);
}
