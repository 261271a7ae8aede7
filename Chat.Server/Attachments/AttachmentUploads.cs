using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Moderation;
using Chat.Server.Resources;
using Chat.Server.Security;
using Chat.Server.Tickets;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Chat.Server.Attachments;

/// <summary>Where an upload goes: a conversation, a ticket, or (visitors only) the offline form not yet sent.</summary>
public sealed record UploadTarget(Guid? ConversationId, string? TicketNumber);

/// <summary>
/// The upload path: authorise the target, refuse an oversize body before reading it, spool the body to a temporary
/// file (memory stays bounded), recognise the type by content, check the name agrees, re-encode images, enforce the
/// visitor's daily quota, scan when a scanner is configured, then store the content once per hash. Anything refused
/// leaves nothing behind: the spool file deletes itself and no row is written.
/// </summary>
internal sealed class AttachmentUploads(
    AttachmentRecords records,
    IAttachmentStore store,
    IMalwareScanner scanner,
    ConversationStore conversations,
    TicketStore tickets,
    StaffAccess access,
    ContentGate gate,
    TimeProvider time,
    IOptions<AttachmentOptions> options,
    ILogger<AttachmentUploads> logger)
{
    private const int MaxNameLength = 200;

    public async Task<UploadedAttachment> UploadAsync(ClaimsPrincipal user, UploadTarget target, string? name, HttpRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var role = user.Role();
        var callerId = user.Id();
        var (conversationId, ticketId, visitorId) = await AuthorizeTargetAsync(user, target, ct);

        // Refused from the header alone: a 200 MB body is never read.
        if (request.ContentLength is { } declared)
        {
            if (declared > o.MaxFileBytes)
            {
                throw TooLarge(declared);
            }

            if (declared == 0)
            {
                throw ChatError.BadRequest(HubErrors.AttachmentEmpty, "AttachmentEmpty");
            }
        }

        var fileName = CleanName(name);
        gate.Ensure("FieldFileName", Path.GetFileNameWithoutExtension(fileName), role);
        if (role == SenderRole.Visitor)
        {
            await EnsureQuotaAsync(callerId, 0, ct);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = o.MaxFileBytes + 1;
        }

        await using var spooled = Spool();
        await CopyBoundedAsync(request.Body, spooled, o.MaxFileBytes, ct);
        return await CheckAndStoreAsync(spooled, fileName, role, callerId, conversationId, ticketId, visitorId, ct);
    }

    /// <summary>
    /// A file that came with a visitor's mail to a ticket (<paramref name="ticketId"/>, or null for a ticket the mail
    /// opens): the same checks as an upload over HTTP (name moderated, quota, type by content, re-encoding, scanning),
    /// stored as the visitor's upload not yet sent; the caller binds it to the entry. Refusals throw <see cref="ChatError"/>.
    /// </summary>
    public async Task<UploadedAttachment> StoreFromMailAsync(Guid visitorId, Guid? ticketId, string? name, Stream content, CancellationToken ct)
    {
        var fileName = CleanName(name);
        gate.Ensure("FieldFileName", Path.GetFileNameWithoutExtension(fileName), SenderRole.Visitor);
        await EnsureQuotaAsync(visitorId, 0, ct);
        await using var spooled = Spool();
        await CopyBoundedAsync(content, spooled, options.Value.MaxFileBytes, ct);
        return await CheckAndStoreAsync(spooled, fileName, SenderRole.Visitor, visitorId, null, ticketId, visitorId, ct);
    }

    private async Task<UploadedAttachment> CheckAndStoreAsync(
        FileStream spooled, string fileName, SenderRole role, Guid callerId, Guid? conversationId, Guid? ticketId, Guid visitorId, CancellationToken ct)
    {
        var o = options.Value;
        if (spooled.Length == 0)
        {
            throw ChatError.BadRequest(HubErrors.AttachmentEmpty, "AttachmentEmpty");
        }

        var extension = Path.GetExtension(fileName);
        var sniffed = FileSniffer.Sniff(spooled, extension, o);
        var kind = Check(sniffed, fileName, extension);
        if (extension.Length == 0)
        {
            // A pasted screenshot or a name without an extension: the content decides what it is called.
            fileName += kind.Extensions[0];
        }

        await using var final = kind.Image ? Spool() : null;
        int? width = null, height = null;
        if (kind.Image)
        {
            var image = ImageSanitizer.Sanitize(spooled, kind, final!, o);
            if (image.Problem == "too_large")
            {
                throw ChatError.BadRequest(HubErrors.AttachmentTooLarge, "AttachmentImageTooLarge", image.Width, image.Height, o.MaxImageSide,
                    (o.MaxImagePixels / 1_000_000.0).ToString("0.#", CultureInfo.CurrentCulture));
            }

            if (image.Problem is not null)
            {
                throw ChatError.BadRequest(HubErrors.AttachmentCorrupt, "AttachmentCorrupt", fileName);
            }

            (width, height) = (image.Width, image.Height);
        }

        var content = final ?? spooled;
        var size = content.Length;
        if (size > o.MaxFileBytes)
        {
            // Re-encoding grew the image past the limit (rare: a tiny palette PNG of a photo).
            throw TooLarge(size);
        }

        content.Position = 0;
        var sha256 = await SHA256.HashDataAsync(content, ct);
        if (await records.FindUnsentAsync(callerId, conversationId, ticketId, sha256, ct) is { } existing)
        {
            return new UploadedAttachment(existing.ToInfo(), Duplicate: true);
        }

        if (role == SenderRole.Visitor)
        {
            await EnsureQuotaAsync(callerId, size, ct);
        }

        var scan = await ScanAsync(content, fileName, ct);
        content.Position = 0;
        await store.PutAsync(sha256, content, size, ct);
        var row = new AttachmentRow
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversationId,
            TicketId = ticketId,
            UploaderRole = ChatProjection.RoleName(role),
            UploaderId = callerId,
            VisitorId = visitorId,
            FileName = fileName,
            Kind = kind.Name,
            ContentType = kind.ContentType,
            Size = size,
            Sha256 = sha256,
            Width = width,
            Height = height,
            MessageId = null,
            TicketEntryId = null,
            ScanStatus = scan,
            WithheldAt = null,
            CreatedAt = time.GetUtcNow(),
            AgentId = null,
            MessageBlocked = false,
        };
        await records.InsertAsync(row, ct);
        logger.LogInformation("Stored attachment {Attachment} ({Kind}, {Size} B) from {Role} {Uploader}", row.Id, kind.Name, size, row.UploaderRole, callerId);
        return new UploadedAttachment(row.ToInfo(), Duplicate: false);
    }

    /// <summary>The allowed types as people read them, e.g. "PNG, JPEG, PDF".</summary>
    public string AllowedList() => string.Join(", ", options.Value.AllowedTypes.Select(t => t.ToUpperInvariant()));

    public static string FormatBytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.CurrentCulture) + " MB"
        : Math.Max(1, bytes / 1024).ToString(CultureInfo.CurrentCulture) + " KB";

    private async Task<(Guid? Conversation, Guid? Ticket, Guid Visitor)> AuthorizeTargetAsync(ClaimsPrincipal user, UploadTarget target, CancellationToken ct)
    {
        var visitor = user.IsVisitor();
        if (target.ConversationId is { } conversationId)
        {
            var conversation = await conversations.GetAsync(conversationId, ct);
            var member = conversation is not null && (visitor ? conversation.VisitorId == user.Id() : conversation.AgentId == user.Id() || user.IsSupervisor());
            if (!member)
            {
                // A visitor must not learn whether someone else's conversation exists.
                throw visitor
                    ? ChatError.NotFound(HubErrors.ConversationNotFound, "ConversationNotFound")
                    : ChatError.Forbidden(HubErrors.NotYourConversation, "NotAssignedToYou");
            }

            if (conversation!.State == ConversationStatus.Closed)
            {
                throw ChatError.BadRequest(HubErrors.ConversationClosed, "ConversationClosed");
            }

            return (conversation.Id, null, conversation.VisitorId);
        }

        if (!string.IsNullOrEmpty(target.TicketNumber))
        {
            var ticket = await tickets.GetAsync(target.TicketNumber, ct);
            if (ticket is null || (visitor && ticket.VisitorId != user.Id()))
            {
                throw ChatError.NotFound("ticket_not_found", "TicketNotFound");
            }

            if (!visitor && !user.IsSupervisor() && !await access.AgentMayReadTicketAsync(user.Id(), ticket.Id, ct))
            {
                throw ChatError.Forbidden("ticket_not_yours", "TicketNotYours");
            }

            return (null, ticket.Id, ticket.VisitorId);
        }

        if (!visitor)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "conversationId/ticket");
        }

        return (null, null, user.Id());
    }

    private FileKind Check(SniffResult sniffed, string fileName, string extension)
    {
        var o = options.Value;
        if (sniffed.Kind is not { } kind || !o.AllowedTypes.Contains(kind.Name, StringComparer.OrdinalIgnoreCase))
        {
            throw ChatError.BadRequest(HubErrors.AttachmentTypeNotAllowed, "AttachmentTypeNotAllowed", fileName, AllowedList(), FormatBytes(o.MaxFileBytes));
        }

        if (sniffed.Problem == "bomb")
        {
            throw ChatError.BadRequest(HubErrors.AttachmentCorrupt, "AttachmentZipBomb", fileName);
        }

        if (sniffed.Problem is not null)
        {
            throw ChatError.BadRequest(HubErrors.AttachmentCorrupt, "AttachmentCorrupt", fileName);
        }

        if (extension.Length > 0 && !kind.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            throw ChatError.BadRequest(HubErrors.AttachmentNameMismatch, "AttachmentNameMismatch", fileName, kind.Name.ToUpperInvariant(),
                extension.TrimStart('.').ToUpperInvariant(), AllowedList());
        }

        return kind;
    }

    private async Task EnsureQuotaAsync(Guid visitorId, long adding, CancellationToken ct)
    {
        var o = options.Value;
        var (files, bytes) = await records.UsageSinceAsync(visitorId, time.GetUtcNow().AddDays(-1), ct);
        if (files + (adding > 0 ? 1 : 0) > o.VisitorDailyFiles || bytes + adding > o.VisitorDailyBytes || (adding == 0 && files >= o.VisitorDailyFiles))
        {
            throw ChatError.TooMany(HubErrors.AttachmentQuota, "AttachmentQuota", o.VisitorDailyFiles, FormatBytes(o.VisitorDailyBytes));
        }
    }

    private async Task<string> ScanAsync(Stream content, string fileName, CancellationToken ct)
    {
        if (!scanner.Enabled)
        {
            return "not_scanned";
        }

        content.Position = 0;
        ScanVerdict verdict;
        try
        {
            verdict = await scanner.ScanAsync(content, ct);
        }
        catch (MalwareScannerUnavailableException)
        {
            throw ChatError.Unavailable(HubErrors.AttachmentScanUnavailable, "AttachmentScanUnavailable");
        }

        if (!verdict.Clean)
        {
            logger.LogWarning("Refused an upload: the scanner found {Signature}", verdict.Detail);
            throw ChatError.BadRequest(HubErrors.AttachmentInfected, "AttachmentInfected", fileName);
        }

        return "clean";
    }

    private ChatError TooLarge(long size)
    {
        var o = options.Value;
        return new ChatError(HubErrors.AttachmentTooLarge, StatusCodes.Status413PayloadTooLarge,
            Text.Get("AttachmentTooLarge", FormatBytes(size), FormatBytes(o.MaxFileBytes), AllowedList()));
    }

    private static string CleanName(string? name)
    {
        // Only the last path segment of whatever the browser sent ("C:\fakepath\a.png" included), tidied like text.
        var cleaned = HumanText.Clean(name?.Replace('\\', '/'));
        cleaned = cleaned is null ? null : HumanText.Clean(cleaned[(cleaned.LastIndexOf('/') + 1)..]);
        if (cleaned is null || cleaned.Any(char.IsControl) || cleaned is "." or "..")
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "name");
        }

        if (cleaned.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = cleaned[..(MaxNameLength - extension.Length)] + extension;
        }

        return cleaned;
    }

    private FileStream Spool()
    {
        var folder = options.Value.SpoolPath ?? Path.GetTempPath();
        return new FileStream(Path.Combine(folder, "chat-upload-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    private async Task<long> CopyBoundedAsync(Stream body, Stream spool, long max, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > max)
            {
                // Chunked uploads carry no length: stop at the first byte past the limit.
                throw TooLarge(total);
            }

            await spool.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        await spool.FlushAsync(ct);
        return total;
    }
}
