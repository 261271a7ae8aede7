namespace Chat.Server.Hubs.Contracts;

/// <summary>POST /api/visitors/signin/code: send a sign-in code to this address (answered the same whether or not it is registered).</summary>
public sealed record SignInCodeRequest(string Email);

/// <summary>POST /api/visitors/signin: the address and the code from the email.</summary>
public sealed record SignInRequest(string Email, string Code);

/// <summary>POST /api/visitors/me/email/verify: the code that confirms the current or the new address.</summary>
public sealed record VerifyEmailRequest(string Code);

/// <summary>
/// 202 from sign-in-code requests, and from registration with an address that needs its owner's code: a code was
/// sent to <paramref name="Email"/> if it can be used there.
/// </summary>
/// <param name="Email">Where the code went.</param>
/// <param name="ExpiresInMinutes">How long the code works.</param>
public sealed record CodeSent(string Email, int ExpiresInMinutes);

/// <summary>POST /api/visitors/me/transcript: mail the transcript of one of the visitor's chats to their verified address.</summary>
public sealed record TranscriptRequest(Guid ConversationId);

/// <summary>PUT /api/supervision/email/staff/{id}: where a staff member is told about tickets given to them (empty: nowhere).</summary>
public sealed record StaffEmailRequest(string? Email);

/// <summary>GET /api/supervision/email: whether mail flows both ways.</summary>
/// <param name="OutboxWaiting">Mail not yet sent.</param>
/// <param name="OutboxFailing">Mail whose last attempt failed and waits for its next one.</param>
/// <param name="OutboxAbandoned">Mail the receiving server refused for good.</param>
/// <param name="OldestWaitingSince">When the oldest unsent mail was written.</param>
/// <param name="LastSmtpError">The most recent sending error.</param>
/// <param name="Mailboxes">The helpdesk mailbox(es) read over IMAP.</param>
/// <param name="Recent">The last mail read, newest first.</param>
public sealed record EmailStatus(
    int OutboxWaiting,
    int OutboxFailing,
    int OutboxAbandoned,
    DateTimeOffset? OldestWaitingSince,
    string? LastSmtpError,
    IReadOnlyList<MailboxStatus> Mailboxes,
    IReadOnlyList<InboundMail> Recent);

/// <summary>One helpdesk mailbox: the last successful read, the last error and failures in a row (0 = reachable).</summary>
public sealed record MailboxStatus(string Address, DateTimeOffset? LastOkAt, string? LastError, DateTimeOffset? LastErrorAt, int Failures, long LastUid);

/// <summary>A mail read from the helpdesk mailbox and what became of it.</summary>
public sealed record InboundMail(string? Sender, string? Subject, string Outcome, string? Detail, DateTimeOffset ReceivedAt);
