using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Moderation;

/// <summary>Why and under which clause a chat is ended.</summary>
public sealed record ChatEnding(string Reason, string Clause);

/// <summary>
/// What enforcement decided after a message: nothing, or end the chat (and whether the account was suspended, which
/// enforcement has already recorded). Moderation never reaches into conversations; the message path acts on this.
/// </summary>
public sealed record EnforcementOutcome(ChatEnding? EndChat, AccountSuspended? Suspension)
{
    public static EnforcementOutcome None { get; } = new(null, null);
}
