using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;
using Microsoft.Extensions.Options;

namespace Chat.Server.Routing;

/// <summary>
/// Runs assignment and tells everyone what changed: the visitor (agent joined), the agent (new chat with history),
/// the rest of the queue (new positions). Also takes chats back from agents that went away.
/// </summary>
public sealed class Dispatcher(
    Router router,
    ConversationStore store,
    VisitorStore visitors,
    MessageDelivery delivery,
    Notifier notifier,
    Observability.ChatMetrics metrics,
    TimeProvider time,
    IOptions<RoutingOptions> options,
    ILogger<Dispatcher> logger)
{
    /// <summary>Assigns until nothing more fits, then pushes queue positions.</summary>
    public async Task RunAsync(CancellationToken ct = default)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var pairs = await router.AssignAsync();
            if (pairs.Count == 0)
            {
                break;
            }

            foreach (var (conversation, agent) in pairs)
            {
                if (await OnAssignedAsync(conversation, agent, ct) is { } topic)
                {
                    touched.Add(topic);
                }
            }
        }

        foreach (var topic in touched)
        {
            await PublishPositionsAsync(topic);
        }
    }

    /// <summary>
    /// Pushes every waiting visitor of <paramref name="topic"/> their position and estimate, and offers a ticket
    /// (once) to whoever has waited longer than <see cref="RoutingOptions.OfferTicketAfter"/>.
    /// </summary>
    public async Task PublishPositionsAsync(string topic)
    {
        var snapshot = await router.SnapshotAsync(topic);
        var offerAfter = options.Value.OfferTicketAfter;
        var now = time.GetUtcNow();
        for (var i = 0; i < snapshot.Waiting.Count; i++)
        {
            var waiting = snapshot.Waiting[i];
            if (waiting.Visitor == Guid.Empty)
            {
                continue;
            }

            var visitor = notifier.Visitor(waiting.Visitor);
            await visitor.QueueUpdated(snapshot.StatusAt(i));
            if (offerAfter > TimeSpan.Zero && !waiting.TicketOffered && now - waiting.QueuedAt >= offerAfter
                && await router.MarkTicketOfferedAsync(waiting.Conversation))
            {
                await visitor.TicketOffered(new TicketOffer(waiting.Conversation, TicketOfferReason.LongWait, Text.Stored("OfferLongWait")));
            }
        }
    }

    public async Task PublishAllPositionsAsync()
    {
        foreach (var topic in Topics.All)
        {
            await PublishPositionsAsync(topic);
        }
    }

    /// <summary>Handles agents that went offline or expired: their chats are queued again at their old places.</summary>
    public async Task OnReleasedAsync(AgentReleased released, string reason, CancellationToken ct = default)
    {
        foreach (var id in released.Requeued)
        {
            if (!await store.RequeueAsync(id, released.AgentId, ct))
            {
                // Closed meanwhile, or already assigned to someone else: only the agent who lost it is told.
                await notifier.Agent(released.AgentId).ChatRevoked(new ChatRevoked(id, reason));
                continue;
            }

            var conversation = await store.GetAsync(id, ct);
            if (conversation is null)
            {
                continue;
            }

            var note = await store.AppendAsync(SystemMessage(id, Text.Stored("SystemRequeued")), ct);
            if (note is not null)
            {
                await delivery.DeliverAsync(conversation, note, ct);
            }

            var snapshot = await router.SnapshotAsync(conversation.Topic);
            var position = snapshot.StatusOf(id) ?? new QueueStatus(id, 1, 0, snapshot.AgentsOnline);
            await notifier.Visitor(conversation.VisitorId).ChatRequeued(new ChatRequeued(id, Text.Stored("SystemRequeued"), position));
            await notifier.Agent(released.AgentId).ChatRevoked(new ChatRevoked(id, reason));
            logger.LogInformation("Conversation {Conversation} requeued from agent {Agent}: {Reason}", id, released.AgentId, reason);
        }

        await RunAsync(ct);
    }

    private async Task<string?> OnAssignedAsync(Guid conversationId, Guid agentId, CancellationToken ct)
    {
        if (!await store.AssignAsync(conversationId, agentId, ct))
        {
            // Closed or left between queueing and assignment: give the seat back. (A row still active with the agent
            // Redis took it from is taken over by AssignAsync, so a requeued chat is never dropped here.)
            await router.ReleaseAsync(conversationId);
            return null;
        }

        var conversation = await store.GetAsync(conversationId, ct);
        if (conversation is null)
        {
            return null;
        }

        metrics.Assigned(conversation.Topic, (conversation.AssignedAt ?? conversation.QueuedAt) - conversation.QueuedAt);
        var joined = await store.AppendAsync(SystemMessage(conversationId, Text.Stored("SystemAgentJoined", conversation.AgentName)), ct);
        var assignedAt = conversation.AssignedAt ?? time.GetUtcNow();
        await notifier.Visitor(conversation.VisitorId).ChatAssigned(new ChatAssigned(conversationId, conversation.AgentName ?? string.Empty, assignedAt));
        if (joined is not null)
        {
            await notifier.Visitor(conversation.VisitorId).MessageReceived(joined.ToMessage(new Viewer(SenderRole.Visitor, conversation.VisitorId, false)));
        }

        await notifier.Agent(agentId).ChatAssigned(await BuildAgentChatAsync(conversation, agentId, ct));
        logger.LogInformation("Conversation {Conversation} assigned to agent {Agent}", conversationId, agentId);
        return conversation.Topic;
    }

    public async Task<AgentChat> BuildAgentChatAsync(ConversationRow conversation, Guid agentId, CancellationToken ct)
    {
        var visitor = await visitors.GetAsync(conversation.VisitorId, ct);
        var history = await store.MessagesAfterAsync(conversation.Id, 0, 1000, ct);
        var viewer = new Viewer(SenderRole.Agent, agentId, false);
        return new AgentChat(
            conversation.Id,
            conversation.Topic,
            visitor?.ToProfile() ?? new VisitorProfile(conversation.VisitorId, "?", "?", null, null, DateTimeOffset.MinValue),
            conversation.QueuedAt,
            conversation.AssignedAt ?? conversation.QueuedAt,
            [.. history.Select(m => m.ToMessage(viewer))]);
    }

    internal static NewMessage SystemMessage(Guid conversationId, string text) =>
        new(conversationId, null, SenderRole.System, null, "Sistem", text, null, ModerationAction.Allow, [], null, null);
}
