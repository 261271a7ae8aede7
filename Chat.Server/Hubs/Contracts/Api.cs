namespace Chat.Server.Hubs.Contracts;

/// <summary>POST /api/visitors: register and accept the current policy version.</summary>
public sealed record RegisterVisitorRequest(string Name, string Email, string? Phone, string? Organization, int AcceptedPolicyVersion);

/// <summary>A visitor's token and profile.</summary>
public sealed record VisitorSession(string Token, DateTimeOffset ExpiresAt, VisitorMe Visitor);

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
    string? PendingEmail = null);

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

/// <summary>A staff member's token.</summary>
public sealed record StaffSession(string Token, DateTimeOffset ExpiresAt, StaffMember Staff);

/// <summary>A staff account as shown to staff.</summary>
public sealed record StaffMember(Guid Id, string Username, string DisplayName, StaffRole Role, int Capacity, IReadOnlyList<string> Topics, bool Active);

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
public sealed record TicketEntry(Guid Id, SenderRole Author, string AuthorName, string Text, bool Internal, DateTimeOffset CreatedAt, IReadOnlyList<AttachmentInfo>? Attachments = null);

/// <summary>PATCH /api/tickets/{number} (staff): change status and/or assignee.</summary>
public sealed record UpdateTicketRequest(TicketStatus? Status, Guid? AssigneeId, bool? Unassign);

/// <summary>POST /api/tickets/{number}/entries (staff) or /api/visitors/me/tickets/{number}/entries (visitor).</summary>
/// <param name="AttachmentIds">Files uploaded to this ticket (<c>?ticket=</c>) by the author and not yet sent, at most 5.</param>
public sealed record AddTicketEntryRequest(string Text, bool Internal, IReadOnlyList<Guid>? AttachmentIds = null);
