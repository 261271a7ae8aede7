namespace Chat.Server.Hubs.Contracts;

/// <summary>A file attached to a message or ticket entry, as one viewer sees it.</summary>
/// <param name="Id">Attachment id; <c>POST /api/attachments/{id}/link</c> gives a short-lived download link.</param>
/// <param name="FileName">The sender's file name (moderated like text).</param>
/// <param name="ContentType">The type found in the content (never the browser's claim).</param>
/// <param name="Size">Bytes as stored (images after re-encoding).</param>
/// <param name="Image">A re-encoded image: it may be shown inline (staff see visitors' images blurred until revealed).</param>
/// <param name="Width">Pixels, for images.</param>
/// <param name="Height">Pixels, for images.</param>
/// <param name="Withheld">Withheld by staff: not served to this viewer (supervisors review it).</param>
public sealed record AttachmentInfo(Guid Id, string FileName, string ContentType, long Size, bool Image, int? Width, int? Height, bool Withheld = false);

/// <summary>The answer to an upload.</summary>
/// <param name="Attachment">The stored file; send its id with the message.</param>
/// <param name="Duplicate">The same content was already uploaded here by the same sender and not yet sent: that one is returned.</param>
public sealed record UploadedAttachment(AttachmentInfo Attachment, bool Duplicate);

/// <summary>A download link that works for its viewer only, until <paramref name="ExpiresAt"/>.</summary>
public sealed record AttachmentLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>GET /api/attachments/limits: what may be uploaded.</summary>
/// <param name="AllowedTypes">File types by extension (content decides, the name must agree).</param>
/// <param name="MaxFileBytes">Largest file.</param>
/// <param name="MaxFilesPerMessage">Files per message or ticket entry.</param>
public sealed record AttachmentLimits(IReadOnlyList<string> AllowedTypes, long MaxFileBytes, int MaxFilesPerMessage);

/// <summary>POST /api/attachments/{id}/withhold (the conversation's agent, supervisors): the file is never served to the other side and goes to review.</summary>
/// <param name="Category">PORNOGRAFI, SARA, PENIPUAN, SPAM or STAFF_ABUSE.</param>
/// <param name="Note">Why, for the reviewing supervisor.</param>
public sealed record WithholdAttachmentRequest(string Category, string? Note);

/// <summary>An attachment in the viewer's chat was withheld: show it as withheld.</summary>
public sealed record AttachmentWithheld(Guid ConversationId, long Sequence, Guid AttachmentId);

/// <summary>A withheld attachment in the viewer's chat was overturned on review: show it again (it is served again).</summary>
/// <param name="Attachment">The file as it now stands (<c>Withheld</c> false).</param>
public sealed record AttachmentReleased(Guid ConversationId, long Sequence, AttachmentInfo Attachment);
