using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Notes;
using Chat.Server.Resources;
using Chat.Server.Routing;

namespace Chat.Server.Transfers;

/// <summary>
/// Hands an active chat to another agent (who must be online with a free seat) or back to a topic's queue at its
/// old place. The note travels as an internal note; the visitor sees a system message.
/// </summary>
public sealed class TransferService(
    MessageService messages,
    MessageDelivery delivery,
    ConversationStore conversations,
    NoteStore notes,
    StaffStore staff,
    Router router,
    Dispatcher dispatcher,
    Notifier notifier,
    TimeProvider time)
{
    public async Task<TransferChatResult> TransferAsync(Viewer caller, string callerName, TransferChatRequest? request, CancellationToken ct = default)
    {
        if (request is null)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "request");
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : NoteService.Validate(request.Note);
        var conversation = await messages.RequireParticipantAsync(caller, request.ConversationId, ct, allowSupervisor: true);
        if (conversation.State != ConversationStatus.Active || conversation.AgentId is not { } from)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "conversation is not active");
        }

        return request.ToAgentId is { } to
            ? await ToAgentAsync(conversation, from, to, caller, callerName, note, null, ct)
            : await ToQueueAsync(conversation, from, request.ToTopic ?? conversation.Topic, caller, callerName, note, ct);
    }

    private async Task<TransferChatResult> ToAgentAsync(
        ConversationRow conversation, Guid from, Guid to, Viewer caller, string callerName, string? note, string? topic, CancellationToken ct)
    {
        topic ??= conversation.Topic;
        if (to == from)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "TransferToSelf");
        }

        var target = await staff.GetAsync(to, ct);
        if (target is not { Active: true })
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "TransferTargetUnavailable");
        }

        var now = time.GetUtcNow();
        var moved = await router.MoveSeatAsync(conversation.Id, from, to, topic, now);
        if (moved == -1)
        {
            throw ChatError.Forbidden(HubErrors.NotYourConversation, "NotAssignedToYou");
        }

        if (moved == 0)
        {
            throw ChatError.Conflict(HubErrors.InvalidArgument, "TransferTargetUnavailable");
        }

        await conversations.ReassignAsync(conversation.Id, to, topic, now, ct);

        var current = await conversations.GetAsync(conversation.Id, ct) ?? conversation;
        await AnnounceAsync(current, Text.Stored("SystemTransferredToAgent", target.DisplayName), ct);
        await notifier.Visitor(conversation.VisitorId).ChatAssigned(new ChatAssigned(conversation.Id, target.DisplayName, now));
        await notifier.Agent(from).ChatRevoked(new ChatRevoked(conversation.Id, "transferred"));
        await notifier.Agent(to).ChatAssigned(await dispatcher.BuildAgentChatAsync(current, to, ct));
        if (note is not null)
        {
            var added = await notes.AddAsync(conversation.Id, caller.Id, callerName, note, ct);
            await notifier.Agent(to).NoteAdded(added);
        }

        return new TransferChatResult(conversation.Id, target.DisplayName, topic);
    }

    private async Task<TransferChatResult> ToQueueAsync(
        ConversationRow conversation, Guid from, string topic, Viewer caller, string callerName, string? note, CancellationToken ct)
    {
        if (!Topics.IsKnown(topic))
        {
            throw ChatError.BadRequest(HubErrors.InvalidTopic, "InvalidTopic", string.Join(", ", Topics.All));
        }

        // Straight to a colleague of that topic with a free seat if there is one; otherwise the queue, where general
        // assignment could hand it straight back to the agent who let it go.
        if (await router.ColleagueForAsync(from, topic) is { } other)
        {
            try
            {
                return await ToAgentAsync(conversation, from, other, caller, callerName, note, topic, ct);
            }
            catch (ChatError e) when (e.Status == StatusCodes.Status409Conflict)
            {
                // The seat went to someone else in the meantime: queue it after all.
            }
        }

        if (!await conversations.RequeueFromAsync(conversation.Id, from, topic, ct))
        {
            throw ChatError.Forbidden(HubErrors.NotYourConversation, "NotAssignedToYou");
        }

        if (note is not null)
        {
            await notes.AddAsync(conversation.Id, caller.Id, callerName, note, ct);
        }

        // Out of routing, then in again under the new topic with its first queue time: it keeps its place in line.
        await router.ReleaseAsync(conversation.Id);
        await router.EnqueueAsync(conversation.Id, topic, conversation.VisitorId, conversation.QueuedAt);
        await notifier.Agent(from).ChatRevoked(new ChatRevoked(conversation.Id, "transferred"));
        var queued = await conversations.GetAsync(conversation.Id, ct) ?? conversation;
        var text = Text.Stored("SystemTransferredToQueue", Text.Topic(topic));
        await AnnounceAsync(queued, text, ct);
        var (agentsOnline, place) = await router.PlaceAsync(topic, conversation.Id);
        var position = place ?? new QueueStatus(conversation.Id, 1, 0, agentsOnline);
        await notifier.Visitor(conversation.VisitorId).ChatRequeued(new ChatRequeued(conversation.Id, text, position));
        await dispatcher.RunAsync(ct);
        dispatcher.RequestPositions(topic);
        return new TransferChatResult(conversation.Id, null, topic);
    }

    private async Task AnnounceAsync(ConversationRow conversation, string text, CancellationToken ct)
    {
        if (await conversations.AppendAsync(Dispatcher.SystemMessage(conversation.Id, text), ct) is { } row)
        {
            await delivery.DeliverAsync(conversation, row, ct);
        }
    }
}
