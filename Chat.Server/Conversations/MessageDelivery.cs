using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Conversations;

/// <summary>
/// Sends a stored message to both sides and to supervisors watching, each seeing its own projection (blocked text
/// never reaches the other side). Its own type so that everything that posts into a chat (the message path,
/// assignment notes, transfers, closing) shares it without depending on each other.
/// </summary>
public sealed class MessageDelivery(Notifier notifier)
{
    public async Task DeliverAsync(ConversationRow conversation, MessageRow row, CancellationToken ct = default)
    {
        await notifier.Visitor(conversation.VisitorId).MessageReceived(row.ToMessage(new Viewer(SenderRole.Visitor, conversation.VisitorId, false)));
        if (conversation.AgentId is { } agent)
        {
            await notifier.Agent(agent).MessageReceived(row.ToMessage(new Viewer(SenderRole.Agent, agent, false)));
        }

        // Supervisors watching read-only see what a supervisor may see (withheld text included, marked).
        await notifier.Watchers(conversation.Id).WatchedMessage(row.ToMessage(new Viewer(SenderRole.Agent, Guid.Empty, true)));
    }
}
