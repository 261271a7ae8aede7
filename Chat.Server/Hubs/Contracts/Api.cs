namespace Chat.Server.Hubs.Contracts;

/// <summary>POST /api/visitors: register and accept the current policy version.</summary>
public sealed record RegisterVisitorRequest(string Name, string Email, string? Phone, string? Organization, int AcceptedPolicyVersion);

/// <summary>A visitor's token and profile.</summary>
public sealed record VisitorSession(string Token, DateTimeOffset ExpiresAt, VisitorMe Visitor);

/// <summary>POST /api/visitors/me/token: a renewed token (the old one stays valid until it expires).</summary>
public sealed record VisitorToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>GET /api/visitors/me.</summary>
/// <param name="VisitorId">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Email">Current email (policy clause 2: keep it up to date).</param>
/// <param name="Phone">Phone or WhatsApp.</param>
/// <param name="Organization">Agency or company.</param>
/// <param name="AcceptedPolicyVersion">Newest version this visitor accepted.</param>
/// <param name="CurrentPolicyVersion">The version in force.</param>
/// <param name="Status">active, suspended or closed.</param>
/// <param name="StatusReason">Why, when not active.</param>
/// <param name="StatusClause">Policy clause, when not active.</param>
/// <param name="EmailVerified">The address was confirmed with a code.</param>
/// <param name="PendingEmail">A new address waiting for its confirmation code.</param>
/// <param name="ProfileNotice">Set when a supervisor held the name or agency after review: asks the visitor to choose another.</param>
public sealed record VisitorMe(
    Guid VisitorId,
    string Name,
    string Email,
    string? Phone,
    string? Organization,
    int AcceptedPolicyVersion,
    int CurrentPolicyVersion,
    string Status,
    string? StatusReason,
    string? StatusClause,
    bool EmailVerified = false,
    string? PendingEmail = null,
    string? ProfileNotice = null);

/// <summary>PUT /api/visitors/me/profile: the visitor's name and agency, moderated like at registration.</summary>
public sealed record UpdateProfileRequest(string Name, string? Organization);

/// <summary>PUT /api/visitors/me/email.</summary>
public sealed record UpdateEmailRequest(string Email);

/// <summary>POST /api/visitors/me/policy: accept a (new) policy version.</summary>
public sealed record AcceptPolicyRequest(int Version);

/// <summary>GET /api/policy/current and /api/policy/{version}.</summary>
public sealed record PolicyVersion(int Version, string Title, string Text, DateTimeOffset PublishedAt);

/// <summary>GET /api/topics.</summary>
public sealed record TopicInfo(string Id, string Name);

/// <summary>GET /api/service-status: whether chat is open now.</summary>
public sealed record ServiceStatus(bool WithinBusinessHours, string HoursDescription, IReadOnlyList<TopicAvailability> Topics);

/// <summary>Agents online for one topic.</summary>
public sealed record TopicAvailability(string Topic, int AgentsOnline);

/// <summary>POST /api/staff/login.</summary>
public sealed record StaffLoginRequest(string Username, string Password);

/// <summary>
/// A staff member's token. <paramref name="RecoveryCodes"/> is set once, when the sign-in also turned two-factor
/// sign-in on: the only time the codes are shown.
/// </summary>
public sealed record StaffSession(string Token, DateTimeOffset ExpiresAt, StaffMember Staff, IReadOnlyList<string>? RecoveryCodes = null);

/// <summary>A staff account as shown to staff.</summary>
public sealed record StaffMember(Guid Id, string Username, string DisplayName, StaffRole Role, int Capacity, IReadOnlyList<string> Topics, bool Active, bool TwoFactor = false);

/// <summary>What the second step of a staff sign-in is: a code from the authenticator app, or enrolling one first.</summary>
public enum TwoFactorStep
{
    Code,
    Enrol,
}

/// <summary>
/// HTTP 202 from POST /api/staff/login when the password was right and a second factor is needed: an opaque,
/// short-lived challenge for POST /api/staff/login/code (and /login/enrol when <see cref="TwoFactorStep.Enrol"/>).
/// </summary>
public sealed record TwoFactorChallenge(string Challenge, TwoFactorStep Step, DateTimeOffset ExpiresAt);

/// <summary>POST /api/staff/login/enrol: the challenge of a sign-in that must enrol an authenticator first.</summary>
public sealed record TwoFactorEnrolRequest(string Challenge);

/// <summary>POST /api/staff/login/code: a 6-digit code from the authenticator app, or one recovery code.</summary>
public sealed record TwoFactorCodeRequest(string Challenge, string Code);

/// <summary>A new authenticator secret to confirm with a code: the base32 key to type in, and the otpauth URI for the QR code.</summary>
public sealed record TwoFactorEnrolment(string Secret, string OtpAuthUri);

/// <summary>POST /api/staff/me/two-factor/confirm: the code that proves the authenticator holds the secret.</summary>
public sealed record TwoFactorConfirmRequest(string Code);

/// <summary>Two-factor sign-in is on; the recovery codes are shown this once and stored only as hashes.</summary>
public sealed record TwoFactorEnabled(IReadOnlyList<string> RecoveryCodes);

/// <summary>POST /api/staff (supervisors): create an account.</summary>
public sealed record CreateStaffRequest(string Username, string DisplayName, StaffRole Role, string Password, int? Capacity, IReadOnlyList<string>? Topics);

/// <summary>POST /api/visitors/me/tickets: the offline form.</summary>
/// <param name="AttachmentIds">Files the visitor uploaded for this form (without a conversation or ticket), at most 5.</param>
public sealed record CreateTicketRequest(string Topic, string? Subject, string Message, IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>A ticket in a list.</summary>
public sealed record TicketSummary(
    string Number,
    string Topic,
    string Subject,
    TicketStatus Status,
    TicketSource Source,
    Guid VisitorId,
    string VisitorName,
    Guid? AssigneeId,
    string? AssigneeName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A ticket with its entries and the chat transcript it came from.</summary>
public sealed record TicketDetail(TicketSummary Ticket, IReadOnlyList<TicketEntry> Entries, IReadOnlyList<ChatMessage> Transcript);

/// <summary>A reply or note on a ticket; internal notes are never shown to visitors.</summary>
/// <param name="Held">A supervisor upheld moderation's flag on it: only supervisors and its author read the text; others read that it was held.</param>
public sealed record TicketEntry(Guid Id, SenderRole Author, string AuthorName, string Text, bool Internal, DateTimeOffset CreatedAt, IReadOnlyList<AttachmentInfo>? Attachments = null,
    bool Held = false);

/// <summary>PATCH /api/tickets/{number} (staff): change status and/or assignee.</summary>
public sealed record UpdateTicketRequest(TicketStatus? Status, Guid? AssigneeId, bool? Unassign);

/// <summary>POST /api/tickets/{number}/entries (staff) or /api/visitors/me/tickets/{number}/entries (visitor).</summary>
/// <param name="AttachmentIds">Files uploaded to this ticket (<c>?ticket=</c>) by the author and not yet sent, at most 5.</param>
public sealed record AddTicketEntryRequest(string Text, bool Internal, IReadOnlyList<Guid>? AttachmentIds = null);
