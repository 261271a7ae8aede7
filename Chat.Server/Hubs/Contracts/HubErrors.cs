namespace Chat.Server.Hubs.Contracts;

/// <summary>
/// Stable codes that begin every hub error message, as <c>"code: human text"</c>; clients branch on the
/// code and show the text. HTTP problem responses carry the same code in their <c>code</c> extension.
/// </summary>
public static class HubErrors
{
    public const string MessageEmpty = "message_empty";
    public const string MessageTooLong = "message_too_long";
    public const string RateLimited = "rate_limited";

    /// <summary>The instance is at its limit of messages in progress; nothing was done. Send again after the seconds in the text.</summary>
    public const string Overloaded = "overloaded";
    public const string ConversationNotFound = "conversation_not_found";
    public const string NotYourConversation = "not_your_conversation";
    public const string ConversationClosed = "conversation_closed";
    public const string NotQueued = "not_queued";
    public const string InvalidTopic = "invalid_topic";
    public const string InvalidArgument = "invalid_argument";
    public const string PolicyNotAccepted = "policy_not_accepted";
    public const string AccountSuspended = "account_suspended";
    public const string ContentRejected = "content_rejected";
    public const string Forbidden = "forbidden";

    /// <summary>The session ended while the connection was open (revoked, deactivated, closed or expired); sign in again.</summary>
    public const string SessionRevoked = "session_revoked";

    public const string AttachmentTypeNotAllowed = "attachment_type_not_allowed";
    public const string AttachmentTooLarge = "attachment_too_large";
    public const string AttachmentEmpty = "attachment_empty";
    public const string AttachmentNameMismatch = "attachment_name_mismatch";
    public const string AttachmentCorrupt = "attachment_corrupt";
    public const string AttachmentQuota = "attachment_quota";
    public const string AttachmentTooMany = "attachment_too_many";
    public const string AttachmentNotFound = "attachment_not_found";
    public const string AttachmentAlreadySent = "attachment_already_sent";
    public const string AttachmentLinkInvalid = "attachment_link_invalid";
    public const string AttachmentWithheld = "attachment_withheld";
    public const string AttachmentInfected = "attachment_infected";
    public const string AttachmentScanUnavailable = "attachment_scan_unavailable";

    /// <summary>Splits <c>"code: text"</c>; returns the code, or null when the message has none.</summary>
    public static string? CodeOf(string? message)
    {
        if (message is null)
        {
            return null;
        }

        // SignalR prefixes server errors with its own sentence; the code follows the last "HubException: ".
        var start = message.LastIndexOf("HubException: ", StringComparison.Ordinal);
        var body = start >= 0 ? message[(start + "HubException: ".Length)..] : message;
        var colon = body.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && body[..colon].All(c => c is '_' or (>= 'a' and <= 'z')) ? body[..colon] : null;
    }
}
