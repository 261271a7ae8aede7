using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Agent.Live;

/// <summary>
/// A message the agent sent that the server has not confirmed yet. A transient failure (connection lost, a server
/// or database error, <c>overloaded</c>, <c>rate_limited</c>) keeps it here and it is resent with the same client
/// message id until the server takes it; only permanent refusals go back to the agent.
/// </summary>
public sealed record OutgoingMessage(Guid ClientMessageId, string Text, DateTimeOffset QueuedAt, int Attempts, DateTimeOffset NextAttemptAt, string? Reason, IReadOnlyList<AttachmentInfo>? Attachments = null);

public static class Outbox
{
    private static readonly TimeSpan[] Delays =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    /// <summary>Refusals that resending cannot fix: the agent must change the text or the chat is gone.</summary>
    private static readonly HashSet<string> Permanent =
    [
        HubErrors.MessageEmpty, HubErrors.MessageTooLong, HubErrors.ConversationClosed, HubErrors.ConversationNotFound,
        HubErrors.NotYourConversation, HubErrors.InvalidArgument, HubErrors.Forbidden, HubErrors.SessionRevoked,
    ];

    public static bool IsPermanent(Exception e) =>
        e is HubException && HubErrors.CodeOf(e.Message) is { } code && (Permanent.Contains(code) || code.StartsWith("attachment_", StringComparison.Ordinal));

    /// <summary>When to try again after <paramref name="attempts"/> failures, with jitter so a crowd does not return at once.</summary>
    public static DateTimeOffset NextAttempt(DateTimeOffset now, int attempts)
    {
        var delay = Delays[Math.Min(Math.Max(attempts - 1, 0), Delays.Length - 1)];
        return now + (delay / 2) + (delay / 2 * Random.Shared.NextDouble());
    }
}
