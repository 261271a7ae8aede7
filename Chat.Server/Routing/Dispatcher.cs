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
    private const int Running = 1;
    private const int AskedAgain = 2;

    /// <summary>Topics whose positions are being pushed by this instance (<see cref="RequestPositions"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> publishing = new(StringComparer.Ordinal);

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
            RequestPositions(topic);
        }
    }

    /// <summary>
    /// Asks for <see cref="PublishPositionsAsync"/> of <paramref name="topic"/> without waiting for it. Requests that
    /// arrive while one is running are folded into one more run: pushing positions costs one message per waiting
    /// visitor, and a burst of assignments must not multiply that by the number of assignments.
    /// </summary>
    public void RequestPositions(string topic)
    {
        while (true)
        {
            if (publishing.TryAdd(topic, Running))
            {
                _ = PublishWhileAskedAsync(topic);
                return;
            }

            if (publishing.TryUpdate(topic, AskedAgain, Running) || (publishing.TryGetValue(topic, out var state) && state == AskedAgain))
            {
                return;
            }
        }
    }

    private async Task PublishWhileAskedAsync(string topic)
    {
        var again = true;
        while (again)
        {
            try
            {
                await PublishPositionsAsync(topic);
            }
            catch (Exception e)
            {
                // Positions are pushed again by the next request or the routing sweep.
                logger.LogWarning(e, "Pushing queue positions of {Topic} failed", topic);
            }

            while (true)
            {
                if (publishing.TryUpdate(topic, Running, AskedAgain))
                {
                    break;
                }

                if (publishing.TryRemove(new KeyValuePair<string, int>(topic, Running)))
                {
                    again = false;
                    break;
                }
            }
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

    /// <summary><see cref="RequestPositions"/> for every topic (agents' presence changes every estimate).</summary>
    public void RequestAllPositions()
    {
        foreach (var topic in Topics.All)
        {
            RequestPositions(topic);
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

            var (agentsOnline, place) = await router.PlaceAsync(conversation.Topic, id);
            var position = place ?? new QueueStatus(id, 1, 0, agentsOnline);
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
