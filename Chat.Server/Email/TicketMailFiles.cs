using System.Globalization;
using System.Resources;
using System.Text.Json;
using Chat.Server.Attachments;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Chat.Server.Email;

/// <summary>
/// The files of a public staff reply travel with its mail: visitors read and answer tickets by email (the widget
/// lists tickets but has no ticket thread). They are attached when the mail is sent, not when it was written, so a
/// file withheld meanwhile, refused by the scanner or removed by retention is not sent. Files past
/// <see cref="EmailOptions.MaxAttachedBytes"/> in total are named in the mail instead (ask for them in the chat).
/// Content is spooled to temporary files while the mail is sent, never held whole in memory.
/// </summary>
public sealed class TicketMailFiles(AttachmentRecords records, IAttachmentStore store, IMalwareScanner scanner, IOptions<EmailOptions> options,
    IOptions<AttachmentOptions> attachmentOptions)
{
    /// <summary>Payload key of a ticket reply: the ids of its files, comma-separated.</summary>
    public const string PayloadKey = "attachments";

    private static readonly ResourceManager Resources = new("Chat.Server.Resources.Email", typeof(TicketMailFiles).Assembly);

    /// <summary>Adds the reply's files to <paramref name="message"/>; dispose the result once the mail is sent.</summary>
    public async Task<IAsyncDisposable> AttachAsync(MimeMessage message, OutboxRow row, CancellationToken ct)
    {
        var spools = new Spools();
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Payload);
        if (row.Kind != MailKinds.TicketReply || values?.GetValueOrDefault(PayloadKey) is not { Length: > 0 } list || message.Body is not { } body)
        {
            return spools;
        }

        var ids = list.Split(',').Select(i => Guid.TryParse(i, out var id) ? id : Guid.Empty).Where(i => i != Guid.Empty).ToArray();
        var mixed = new Multipart("mixed") { body };
        var left = new List<string>();
        long total = 0;
        foreach (var file in (await records.GetManyAsync(ids, ct)).OrderBy(r => Array.IndexOf(ids, r.Id)))
        {
            if (file.WithheldAt is not null || file.ScanStatus == "infected" || (scanner.Enabled && file.ScanStatus != "clean"))
            {
                continue;
            }

            if (total + file.Size > options.Value.MaxAttachedBytes)
            {
                left.Add(file.FileName);
                continue;
            }

            var spool = new FileStream(Path.Combine(attachmentOptions.Value.SpoolPath ?? Path.GetTempPath(), "chat-mail-" + Guid.NewGuid().ToString("N")),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            spools.Add(spool);
            if (!await store.CopyToAsync(file.Sha256, spool, ct))
            {
                continue;
            }

            spool.Position = 0;
            total += file.Size;
            mixed.Add(new MimePart(ContentType.Parse(file.ContentType))
            {
                Content = new MimeContent(spool),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = file.FileName,
            });
        }

        if (left.Count > 0)
        {
            var culture = CultureInfo.GetCultureInfo(row.Language == "en" ? "en" : "id");
            var note = string.Format(culture, Resources.GetString("FilesNotAttached", culture) ?? "{0}", string.Join(", ", left));
            mixed.Add(new TextPart("plain") { Text = note });
        }

        if (mixed.Count > 1)
        {
            message.Body = mixed;
        }

        return spools;
    }

    private sealed class Spools : List<FileStream>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var spool in this)
            {
                await spool.DisposeAsync();
            }
        }
    }
}
