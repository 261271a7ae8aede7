using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Chat.Server.Attachments;

/// <summary>
/// Who may open an attachment, and serving it. A file in a conversation is for its visitor, its agent and
/// supervisors; on a ticket, for its visitor and staff; not yet sent, for its uploader. A withheld file is served to
/// its uploader and supervisors only (never to the other side). Staff opening a visitor's file is audited.
/// On a ticket, staff other than supervisors must be entitled to the ticket (its assignee, its chat's agent, or,
/// while nobody has taken it, an agent of its topic).
/// Files are served as downloads with <c>nosniff</c> and a sandboxing CSP; only re-encoded images may show inline.
/// </summary>
public sealed class AttachmentDownloads(
    AttachmentRecords records,
    IAttachmentStore store,
    IMalwareScanner scanner,
    AttachmentLinks links,
    AuditLog audit,
    Security.StaffAccess access,
    IOptions<AttachmentOptions> options,
    ILogger<AttachmentDownloads> logger)
{
    public async Task<AttachmentLink> CreateLinkAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var row = await RequireReadableAsync(user, id, ct);
        var (token, expires) = links.Create(row.Id, ViewerKey(user));
        return new AttachmentLink($"/api/attachments/{row.Id}/content?t={Uri.EscapeDataString(token)}", expires);
    }

    public async Task ServeAsync(HttpContext http, Guid id, string? token, bool download, CancellationToken ct)
    {
        var user = http.User;
        switch (links.Check(token, id, ViewerKey(user)))
        {
            case "expired":
                throw new ChatError(HubErrors.AttachmentLinkInvalid, StatusCodes.Status410Gone, Resources.Text.Get("AttachmentLinkExpired"));
            case not null:
                throw ChatError.Forbidden(HubErrors.AttachmentLinkInvalid, "AttachmentLinkInvalid");
        }

        var row = await RequireReadableAsync(user, id, ct);
        await EnsureScannedAsync(row, ct);
        if (user.IsStaff() && row.UploaderRole == "visitor")
        {
            await audit.AppendAsync(AuditEntry.Staff(user, "attachment.downloaded", row.VisitorId, new { attachment = row.Id, conversation = row.ConversationId, ticket = row.TicketId, name = row.FileName }), ct);
        }

        var response = http.Response;
        var inline = row.Image && !download;
        response.ContentType = row.ContentType;
        response.ContentLength = row.Size;
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(row.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
        response.Headers.CacheControl = "private, no-store";
        response.Headers["Cross-Origin-Resource-Policy"] = "same-site";
        if (!await store.CopyToAsync(row.Sha256, response.Body, ct))
        {
            logger.LogError("Attachment {Attachment} has no stored content", row.Id);
            throw ChatError.NotFound(HubErrors.AttachmentNotFound, "AttachmentNotFound");
        }
    }

    /// <summary>The attachment when <paramref name="user"/> may read it; otherwise the refusal a person understands.</summary>
    public async Task<AttachmentRow> RequireReadableAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var row = await records.GetAsync(id, ct) ?? throw ChatError.NotFound(HubErrors.AttachmentNotFound, "AttachmentNotFound");
        var callerId = user.Id();
        var uploader = row.UploaderId == callerId;
        var supervisor = user.IsStaff() && user.IsSupervisor();
        var sent = row.MessageId is not null || row.TicketEntryId is not null;
        // Staff open a ticket's files on the same need-to-know as the ticket itself (StaffAccess.TicketVisibleToAgent).
        var allowed = uploader || supervisor || (sent && (user.IsVisitor()
            ? row.VisitorId == callerId && !row.InternalEntry
            : row.ConversationId is null
                ? row.TicketId is { } ticketId && await access.AgentMayReadTicketAsync(callerId, ticketId, ct)
                : row.AgentId == callerId));
        if (!allowed)
        {
            // Visitors learn nothing about other people's files; staff hear that the chat is not theirs.
            throw user.IsVisitor()
                ? ChatError.NotFound(HubErrors.AttachmentNotFound, "AttachmentNotFound")
                : ChatError.Forbidden(HubErrors.NotYourConversation, "NotAssignedToYou");
        }

        if ((row.WithheldAt is not null || row.MessageBlocked) && !uploader && !supervisor)
        {
            throw ChatError.Forbidden(HubErrors.AttachmentWithheld, "AttachmentWithheld");
        }

        return row;
    }

    /// <summary>With a scanner configured, a file stored before it was (or while it said nothing) is scanned before its first serving.</summary>
    private async Task EnsureScannedAsync(AttachmentRow row, CancellationToken ct)
    {
        if (row.ScanStatus == "infected")
        {
            throw ChatError.Forbidden(HubErrors.AttachmentInfected, "AttachmentInfected", row.FileName);
        }

        if (!scanner.Enabled || row.ScanStatus == "clean")
        {
            return;
        }

        await using var spool = new FileStream(Path.Combine(options.Value.SpoolPath ?? Path.GetTempPath(), "chat-scan-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await store.CopyToAsync(row.Sha256, spool, ct);
        spool.Position = 0;
        ScanVerdict verdict;
        try
        {
            verdict = await scanner.ScanAsync(spool, ct);
        }
        catch (MalwareScannerUnavailableException)
        {
            throw ChatError.Unavailable(HubErrors.AttachmentScanUnavailable, "AttachmentScanUnavailable");
        }

        await records.SetScanAsync(row.Id, verdict.Clean ? "clean" : "infected", verdict.Detail, ct);
        if (!verdict.Clean)
        {
            throw ChatError.Forbidden(HubErrors.AttachmentInfected, "AttachmentInfected", row.FileName);
        }
    }

    private static string ViewerKey(ClaimsPrincipal user) => ChatClaims.UserIdFor(user.Role(), user.Id());
}
