using System.Text.Json.Serialization;

namespace Chat.Server.Hubs.Contracts;

/// <summary>Who wrote a message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SenderRole>))]
public enum SenderRole
{
    /// <summary>The visitor (PENGGUNA).</summary>
    Visitor,

    /// <summary>A helpdesk agent or supervisor.</summary>
    Agent,

    /// <summary>The system: joins, transfers, closing notices.</summary>
    System,
}

/// <summary>What moderation did with a message before delivery.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModerationAction>))]
public enum ModerationAction
{
    /// <summary>Delivered unchanged.</summary>
    Allow,

    /// <summary>Delivered unchanged and queued for supervisor review.</summary>
    Flag,

    /// <summary>Delivered with the offending words hidden.</summary>
    Mask,

    /// <summary>Not delivered; kept for audit.</summary>
    Block,
}

/// <summary>Where a conversation is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConversationStatus>))]
public enum ConversationStatus
{
    /// <summary>Waiting in the queue for an agent.</summary>
    Queued,

    /// <summary>Assigned to an agent.</summary>
    Active,

    /// <summary>Ended.</summary>
    Closed,
}

/// <summary>Why a conversation ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CloseReason>))]
public enum CloseReason
{
    /// <summary>The agent solved the problem.</summary>
    Resolved,

    /// <summary>The agent could not solve it in the chat; a ticket was opened.</summary>
    Unresolved,

    /// <summary>The visitor ended the chat.</summary>
    VisitorEnded,

    /// <summary>The visitor left the queue before an agent answered.</summary>
    LeftQueue,

    /// <summary>The chat was ended by moderation (policy clause recorded).</summary>
    Terminated,
}

/// <summary>Agent presence.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PresenceStatus>))]
public enum PresenceStatus
{
    /// <summary>Takes new chats.</summary>
    Online,

    /// <summary>Keeps current chats, takes no new ones.</summary>
    Away,

    /// <summary>Signed off; current chats go back to the queue.</summary>
    Offline,
}

/// <summary>The outcome of asking for a chat.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StartChatOutcome>))]
public enum StartChatOutcome
{
    /// <summary>Waiting in the queue.</summary>
    Queued,

    /// <summary>An agent took it at once.</summary>
    Assigned,

    /// <summary>No chat now (outside business hours or no agent online): leave a ticket instead.</summary>
    TicketOffered,
}

/// <summary>Why a ticket is offered instead of a chat.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TicketOfferReason>))]
public enum TicketOfferReason
{
    /// <summary>Outside the helpdesk's business hours (WITA).</summary>
    AfterHours,

    /// <summary>No agent for the topic is online.</summary>
    NoAgentOnline,

    /// <summary>The visitor has waited longer than the configured limit.</summary>
    LongWait,
}

/// <summary>Ticket workflow: open → pending → resolved → closed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TicketStatus>))]
public enum TicketStatus
{
    /// <summary>New, waiting for the helpdesk.</summary>
    Open,

    /// <summary>Waiting for the visitor or a third party.</summary>
    Pending,

    /// <summary>Answered; may be reopened.</summary>
    Resolved,

    /// <summary>Final.</summary>
    Closed,
}

/// <summary>How a ticket came to be.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TicketSource>))]
public enum TicketSource
{
    /// <summary>An agent closed the chat as unresolved.</summary>
    ChatUnresolved,

    /// <summary>The visitor left the queue and asked for a ticket.</summary>
    LeftQueue,

    /// <summary>The offline form, because no agent was online.</summary>
    NoAgentOnline,

    /// <summary>The offline form, outside business hours.</summary>
    AfterHours,

    /// <summary>The offline form, for any other reason (e.g. the visitor preferred it).</summary>
    OfflineForm,

    /// <summary>A verified visitor wrote to the helpdesk's address without replying to a ticket.</summary>
    Email,
}

/// <summary>A staff member's role.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StaffRole>))]
public enum StaffRole
{
    /// <summary>Answers chats and works tickets.</summary>
    Agent,

    /// <summary>An agent who also watches the queue, reviews moderation and runs policy operations.</summary>
    Supervisor,
}
