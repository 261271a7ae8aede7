using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;
using Chat.Server.Notes;
using Chat.Server.Supervision;
using Chat.Server.Tickets;

namespace Chat.Server.Disclosure;

/// <summary>Who asks for a disclosure, and on what basis; written into the archive as <c>permintaan.json</c>.</summary>
public sealed record DisclosureHeader(Guid RequestId, string Authority, string Reference, string LegalBasis, Guid RequestedBy, string RequestedByName, DateTimeOffset RequestedAt);

/// <summary>
/// Builds the archive handed to an authority under policy clause 5: one ZIP with everything the helpdesk holds about a
/// visitor, as JSON for machines and a readable transcript per conversation for people, and a manifest
/// (<c>BACA-SAYA.txt</c>) that lists every file with its SHA-256. Withheld messages are included with what was
/// written and what the other side received, and marked as withheld. Entries carry the request's time, so the
/// archive's bytes depend on its content only.
/// </summary>
internal sealed class DisclosureArchive(
    VisitorStore visitors,
    VisitorRecordStore records,
    ConversationStore conversations,
    NoteStore notes,
    TicketStore tickets,
    ModerationStore moderation,
    DisclosureStore disclosures,
    Attachments.AttachmentRecords attachments,
    Attachments.IAttachmentStore attachmentStore)
{
    private static readonly TimeZoneInfo Wita = TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar");

    // A disclosure archive holds every entry as written, held ones too (marked as held).
    private static readonly Viewer ArchiveReader = new(SenderRole.Agent, Guid.Empty, Supervisor: true);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // Read by people and tools, never rendered as HTML: keep Indonesian text and punctuation as written.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The archive's bytes, or null when the visitor does not exist.</summary>
    public async Task<byte[]?> BuildAsync(Guid visitorId, DisclosureHeader header, CancellationToken ct)
    {
        var visitor = await visitors.GetAsync(visitorId, ct);
        if (visitor is null)
        {
            return null;
        }

        var files = new List<(string Name, byte[] Content)>();
        void Add(string name, string text) => files.Add((name, Encoding.UTF8.GetBytes(text)));
        void AddJson(string name, object value) => files.Add((name, JsonSerializer.SerializeToUtf8Bytes(value, Json)));

        AddJson("permintaan.json", header);
        AddJson("pengunjung.json", new
        {
            profile = visitor.ToProfile(),
            visitor.Status,
            visitor.StatusReason,
            visitor.StatusClause,
            suspendedUntil = visitor.SuspendedUntil,
            visitor.PendingEmail,
            visitor.Language,
            policyAcceptances = await disclosures.AcceptancesAsync(visitorId, ct),
        });

        var chats = await records.ChatsAsync(visitorId, 100_000, ct);
        var exported = new List<object>();
        var subjects = new List<Guid> { visitorId };
        foreach (var chat in chats.OrderBy(c => c.QueuedAt))
        {
            var messages = await conversations.MessagesAfterAsync(chat.ConversationId, 0, int.MaxValue, ct);
            var chatNotes = await notes.ListAsync(chat.ConversationId, ct);
            subjects.Add(chat.ConversationId);
            exported.Add(new { chat, messages = messages.Select(ExportedMessage.From), notes = chatNotes });
            Add($"transkrip/{Local(chat.QueuedAt):yyyy-MM-dd-HHmm}-{chat.ConversationId:N}.txt", Transcript(visitor, chat, messages, chatNotes));
        }

        AddJson("percakapan.json", exported);

        var ticketList = new List<object>();
        foreach (var summary in await tickets.ListAsync(new TicketFilter(null, null, null, visitorId, 10_000), ct))
        {
            if (await tickets.GetAsync(summary.Number, ct) is not { } row)
            {
                continue;
            }

            subjects.Add(row.Id);
            var entries = await tickets.EntriesAsync(row.Id, true, ct);
            ticketList.Add(new { ticket = summary, conversationId = row.ConversationId, entries = entries.Select(e => e.ToEntry(ArchiveReader)) });
        }

        AddJson("tiket.json", ticketList);
        AddJson("moderasi.json", new
        {
            reviews = await moderation.ListAsync(null, visitorId, 10_000, ct),
            strikes = await disclosures.StrikesAsync(visitorId, ct),
        });
        AddJson("email.json", await disclosures.MailAsync(visitorId, ct));

        // Every file held about the visitor, as stored (images re-encoded), listed with where it was sent.
        var held = await attachments.ForVisitorAsync(visitorId, ct);
        var fileList = new List<object>();
        foreach (var file in held)
        {
            using var content = new MemoryStream((int)file.Size);
            await attachmentStore.CopyToAsync(file.Sha256, content, ct);
            var path = $"lampiran/{file.Id:N}-{SafeName(file.FileName)}";
            files.Add((path, content.ToArray()));
            fileList.Add(new
            {
                path, attachment = file.ToInfo(file.WithheldAt is not null), file.ConversationId, file.TicketId, file.MessageId, file.TicketEntryId,
                uploadedBy = file.UploaderRole, uploadedAt = file.CreatedAt, scan = file.ScanStatus,
            });
        }

        AddJson("lampiran.json", fileList);
        AddJson("audit.json", await disclosures.AuditAboutAsync(subjects, ct));
        Add("BACA-SAYA.txt", Manifest(visitor, header, files));
        return Zip(files, header.RequestedAt);
    }

    private static byte[] Zip(List<(string Name, byte[] Content)> files, DateTimeOffset at)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = at;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static string Manifest(VisitorRecord visitor, DisclosureHeader header, List<(string Name, byte[] Content)> files)
    {
        var text = new StringBuilder();
        text.AppendLine("HELPDESK LPSE Kabupaten Tanah Laut — arsip pengungkapan data (kebijakan layanan pasal 5)");
        text.AppendLine("HELPDESK LPSE Kabupaten Tanah Laut — data disclosure archive (service policy clause 5)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Permintaan / Request:        {header.RequestId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Instansi peminta / Authority: {header.Authority}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Nomor surat / Reference:     {header.Reference}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Dasar hukum / Legal basis:   {header.LegalBasis}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Dicatat oleh / Recorded by:  {header.RequestedByName}, {Local(header.RequestedAt):dd-MM-yyyy HH:mm} WITA");
        text.AppendLine(CultureInfo.InvariantCulture, $"Pengunjung / Visitor:        {visitor.Name} <{visitor.Email}> ({visitor.Id})");
        text.AppendLine();
        text.AppendLine("Isi / Contents (SHA-256):");
        foreach (var (name, content) in files)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Convert.ToHexStringLower(SHA256.HashData(content))}  {name}");
        }

        text.AppendLine();
        text.AppendLine("Pesan yang ditahan moderasi ditandai [DITAHAN]; isinya tercantum sebagaimana ditulis pengirim.");
        text.AppendLine("Messages withheld by moderation are marked [DITAHAN] and included as the sender wrote them.");
        text.AppendLine("SHA-256 seluruh arsip tercatat di log audit (disclosure.requested). The whole archive's SHA-256 is in the audit log.");
        return text.ToString();
    }

    private static string Transcript(VisitorRecord visitor, PastChat chat, IReadOnlyList<MessageRow> messages, IReadOnlyList<InternalNote> chatNotes)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Percakapan / Conversation {chat.ConversationId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Pengunjung: {visitor.Name} <{visitor.Email}>");
        text.AppendLine(CultureInfo.InvariantCulture, $"Topik: {chat.Topic} · Agen: {chat.AgentName ?? "-"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Dimulai: {Local(chat.QueuedAt):dd-MM-yyyy HH:mm:ss} WITA");
        if (chat.ClosedAt is { } closed)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Ditutup: {Local(closed):dd-MM-yyyy HH:mm:ss} WITA ({chat.CloseReason ?? "-"})");
        }

        text.AppendLine(new string('-', 72));
        foreach (var m in messages)
        {
            var at = Local(m.CreatedAt);
            var role = m.SenderRole switch { "visitor" => "pengunjung", "agent" => "agen", _ => "sistem" };
            var withheld = m.ModerationAction is "block" && m.ReleasedAt is null;
            var mark = m.ModerationAction switch
            {
                "block" when m.ReleasedAt is not null => $"[DITAHAN, LALU DILEPAS: {string.Join(", ", m.ModerationCategories)}] ",
                "block" => $"[DITAHAN: {string.Join(", ", m.ModerationCategories)}, pasal {m.ModerationClause ?? "-"}] ",
                "mask" => $"[DISAMARKAN: {string.Join(", ", m.ModerationCategories)}] ",
                "flag" => $"[DITANDAI: {string.Join(", ", m.ModerationCategories)}] ",
                _ => string.Empty,
            };
            text.AppendLine(CultureInfo.InvariantCulture, $"[{at:dd-MM-yyyy HH:mm:ss}] #{m.Seq} {m.SenderName} ({role}): {mark}{m.Body}");
            if (!withheld && m.DeliveredBody is { } delivered && !string.Equals(delivered, m.Body, StringComparison.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    diterima / delivered as: {delivered}");
            }
        }

        if (chatNotes.Count > 0)
        {
            text.AppendLine(new string('-', 72));
            text.AppendLine("Catatan internal / Internal notes:");
            foreach (var note in chatNotes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"[{Local(note.CreatedAt):dd-MM-yyyy HH:mm:ss}] {note.AuthorName}: {note.Text}");
            }
        }

        return text.ToString();
    }

    private static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Wita);

    /// <summary>A file name safe as a ZIP entry on any system: no path, no control or reserved characters.</summary>
    private static string SafeName(string name) =>
        new([.. name.Select(c => char.IsControl(c) || "/\\:*?\"<>|".Contains(c, StringComparison.Ordinal) ? '_' : c)]);

    /// <summary>A message as stored: what the sender wrote, what the other side received, and moderation's verdict.</summary>
    private sealed record ExportedMessage(
        Guid MessageId, long Sequence, string Sender, string SenderName, DateTimeOffset SentAt, string Written, string? Delivered,
        bool Withheld, string Moderation, IReadOnlyList<string> Categories, string? Clause, string? ModerationNote, DateTimeOffset? ReleasedAt,
        IReadOnlyList<AttachmentInfo>? Attachments)
    {
        public static ExportedMessage From(MessageRow m) => new(
            m.Id, m.Seq, m.SenderRole, m.SenderName, m.CreatedAt, m.Body,
            m.ModerationAction is "block" && m.ReleasedAt is null ? null : m.DeliveredBody,
            m.ModerationAction is "block" && m.ReleasedAt is null, m.ModerationAction, m.ModerationCategories, m.ModerationClause, m.ModerationNote,
            m.ReleasedAt,
            global::Chat.Server.Attachments.AttachmentJson.Read(m.Attachments, withheldFromViewer: false));
    }
}
