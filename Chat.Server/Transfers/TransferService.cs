using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Notes;
using Chat.Server.Resources;
using Chat.Server.Routing;
using StackExchange.Redis;

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
    IConnectionMultiplexer redis,
    RedisKeys keys,
    TimeProvider time)
{
    // Moves the seat only when the chat is still with the caller and the target is online, alive and below capacity.
    private static readonly LuaScript MoveSeat = LuaScript.Prepare("""
        local p = @prefix
        local h = p .. 'conv:' .. @conv
        if redis.call('HGET', h, 'agent') ~= @from then return -1 end
        local a = redis.call('HMGET', p .. 'agent:' .. @to, 'status', 'capacity')
        local expiry = tonumber(redis.call('ZSCORE', p .. 'presence', @to) or '0')
        if a[1] ~= 'online' or expiry <= tonumber(@now) then return 0 end
        if redis.call('SCARD', p .. 'agentchats:' .. @to) >= (tonumber(a[2]) or 0) then return 0 end
        redis.call('SREM', p .. 'agentchats:' .. @from, @conv)
        redis.call('SADD', p .. 'agentchats:' .. @to, @conv)
        redis.call('HSET', h, 'agent', @to, 'assignedAt', @now, 'topic', @topic)
        return 1
        """);

    // The least-loaded other agent who is online, alive, below capacity and takes the topic; '' when there is none.
    private static readonly LuaScript PickOther = LuaScript.Prepare("""
        local p = @prefix
        local now = tonumber(@now)
        local needle = ',' .. @topic .. ','
        local best, bestLoad = '', nil
        for _, id in ipairs(redis.call('SMEMBERS', p .. 'agents')) do
          if id ~= @from then
            local a = redis.call('HMGET', p .. 'agent:' .. id, 'status', 'capacity', 'topics')
            local expiry = tonumber(redis.call('ZSCORE', p .. 'presence', id) or '0')
            local load = redis.call('SCARD', p .. 'agentchats:' .. id)
            if a[1] == 'online' and expiry > now and load < (tonumber(a[2]) or 0) and string.find(a[3] or '', needle, 1, true)
               and (bestLoad == nil or load < bestLoad) then
              best, bestLoad = id, load
            end
          end
        end
        return best
        """);

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
        var moved = (int)await redis.GetDatabase().ScriptEvaluateAsync(MoveSeat, new
        {
            prefix = (RedisKey)keys.Routing, conv = Id(conversation.Id), from = Id(from), to = Id(to), now = now.ToUnixTimeMilliseconds(), topic,
        });
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
        var other = (string?)await redis.GetDatabase().ScriptEvaluateAsync(PickOther, new
        {
            prefix = (RedisKey)keys.Routing, from = Id(from), topic, now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        if (!string.IsNullOrEmpty(other))
        {
            try
            {
                return await ToAgentAsync(conversation, from, Guid.ParseExact(other, "N"), caller, callerName, note, topic, ct);
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
        await router.EnqueueAsync(conversation.Id, topic, conversation.VisitorId, conversation.QueuedAtUtc);
        await notifier.Agent(from).ChatRevoked(new ChatRevoked(conversation.Id, "transferred"));
        var queued = await conversations.GetAsync(conversation.Id, ct) ?? conversation;
        var text = Text.Stored("SystemTransferredToQueue", Text.Topic(topic));
        await AnnounceAsync(queued, text, ct);
        var snapshot = await router.SnapshotAsync(topic);
        var index = snapshot.Waiting.ToList().FindIndex(w => w.Conversation == conversation.Id);
        var position = index >= 0 ? snapshot.StatusAt(index) : new QueueStatus(conversation.Id, 1, 0, snapshot.AgentsOnline);
        await notifier.Visitor(conversation.VisitorId).ChatRequeued(new ChatRequeued(conversation.Id, text, position));
        await dispatcher.RunAsync(ct);
        await dispatcher.PublishPositionsAsync(topic);
        return new TransferChatResult(conversation.Id, null, topic);
    }

    private async Task AnnounceAsync(ConversationRow conversation, string text, CancellationToken ct)
    {
        if (await conversations.AppendAsync(Dispatcher.SystemMessage(conversation.Id, text), ct) is { } row)
        {
            await delivery.DeliverAsync(conversation, row, ct);
        }
    }

    private static string Id(Guid id) => id.ToString("N");
}
