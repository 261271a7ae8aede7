using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Metrics;
using Microsoft.AspNetCore.Authorization;

namespace Chat.Server.Hubs;

/// <summary>
/// The console's additions to the staff hub: transfers, internal notes, and supervisors' live views.
/// </summary>
public sealed partial class AgentHub
{
    /// <summary>Hands an active chat to another agent or back to a topic's queue, with an internal note.</summary>
    public Task<TransferChatResult> TransferChat(TransferChatRequest request) =>
        transfers.TransferAsync(Caller, CallerName, request, Context.ConnectionAborted);

    /// <summary>Adds an internal note (staff only) to a chat the caller holds (or any chat, for supervisors).</summary>
    public Task<InternalNote> AddNote(Guid conversationId, string text) =>
        notes.AddAsync(Caller, CallerName, conversationId, text, Context.ConnectionAborted);

    /// <summary>Internal notes of a chat, oldest first.</summary>
    public Task<IReadOnlyList<InternalNote>> GetNotes(Guid conversationId) =>
        notes.ListAsync(Caller, conversationId, Context.ConnectionAborted);

    /// <summary>Supervisors: join the live figures (pushed as <c>MetricsUpdated</c>) and get the figures now with chart history.</summary>
    [Authorize(Policy = ChatClaims.SupervisorPolicy)]
    public async Task<MetricsWatch> WatchMetrics()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, MetricsBroadcastService.Group, Context.ConnectionAborted);
        return new MetricsWatch(await metrics.ReadAsync(Context.ConnectionAborted), await history.LastHourAsync(Context.ConnectionAborted),
            await history.LastDayAsync(Context.ConnectionAborted));
    }

    [Authorize(Policy = ChatClaims.SupervisorPolicy)]
    public Task UnwatchMetrics() => Groups.RemoveFromGroupAsync(Context.ConnectionId, MetricsBroadcastService.Group, Context.ConnectionAborted);

    /// <summary>Supervisors: follow any conversation read-only (pushed as <c>WatchedMessage</c>); returns its messages so far.</summary>
    [Authorize(Policy = ChatClaims.SupervisorPolicy)]
    public async Task<IReadOnlyList<ChatMessage>> WatchConversation(Guid conversationId)
    {
        var messages = await Conversations.MessagesAfterAsync(Caller, conversationId, 0, Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, Notifier.WatchGroup(conversationId), Context.ConnectionAborted);
        return messages;
    }

    [Authorize(Policy = ChatClaims.SupervisorPolicy)]
    public Task UnwatchConversation(Guid conversationId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, Notifier.WatchGroup(conversationId), Context.ConnectionAborted);
}
