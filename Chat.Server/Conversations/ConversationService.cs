using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Resources;
using Chat.Server.Routing;
using Chat.Server.Tickets;
using Microsoft.Extensions.Options;
using Chat.Server.Security;

namespace Chat.Server.Conversations;

/// <summary>A conversation's life: start (or a ticket offer), leave the queue, close, end; typing and read receipts.</summary>
public sealed class ConversationService(
    ConversationStore store,
    Router router,
    Dispatcher dispatcher,
    MessageService messages,
    ConversationCloser closer,
    Notifier notifier,
    VisitorStore visitors,
    PolicyStore policies,
    BusinessHours hours,
    StartAdmission admission,
    TimeProvider time,
    IOptions<ConversationOptions> options)
{
    public async Task<StartChatResult> StartAsync(Guid visitorId, StartChatRequest? request, CancellationToken ct = default)
    {
        // A burst of new chats past what this instance can start at once is refused before any work (the widget
        // retries after the wait it is told), instead of queueing for database connections the running chats need.
        if (!admission.TryEnter())
        {
            throw ChatError.Unavailable(HubErrors.Overloaded, "OverloadedStart", options.Value.OverloadRetryAfterSeconds);
        }

        try
        {
            return await StartAdmittedAsync(visitorId, request, ct);
        }
        finally
        {
            admission.Exit();
        }
    }

    private async Task<StartChatResult> StartAdmittedAsync(Guid visitorId, StartChatRequest? request, CancellationToken ct)
    {
        if (request is null || !Topics.IsKnown(request.Topic))
        {
            throw ChatError.BadRequest(HubErrors.InvalidTopic, "InvalidTopic", string.Join(", ", Topics.All));
        }

        var visitor = await visitors.GetAsync(visitorId, ct) ?? throw ChatError.Forbidden(HubErrors.Forbidden, "Unauthorized");
        EnsureMayChat(visitor);
        var current = await policies.CurrentVersionAsync(ct);
        if (visitor.AcceptedPolicyVersion < current)
        {
            throw ChatError.Forbidden(HubErrors.PolicyNotAccepted, "PolicyNotAccepted", current);
        }

        if (await store.FindOpenForVisitorAsync(visitorId, ct) is { } open)
        {
            return await ResultFor(open);
        }

        if (!hours.IsOpen())
        {
            return new StartChatResult(StartChatOutcome.TicketOffered, null, TicketOfferReason.AfterHours);
        }

        if ((await router.PlaceAsync(request.Topic)).AgentsOnline == 0)
        {
            return new StartChatResult(StartChatOutcome.TicketOffered, null, TicketOfferReason.NoAgentOnline);
        }

        var question = HumanText.Clean(request.Question);
        if (question is { Length: > 0 } && question.Length > options.Value.MaxMessageLength)
        {
            throw ChatError.BadRequest(HubErrors.MessageTooLong, "MessageTooLong", options.Value.MaxMessageLength, question.Length);
        }

        var conversation = await store.CreateAsync(Guid.CreateVersion7(), visitorId, request.Topic, ct)
            ?? await store.FindOpenForVisitorAsync(visitorId, ct)
            ?? throw new InvalidOperationException("A conversation could be neither created nor found.");
        if (!string.IsNullOrEmpty(question) && conversation.LastSeq == 0)
        {
            await messages.SendAsync(new Viewer(SenderRole.Visitor, visitorId, false), visitor.Name,
                new SendMessageRequest(conversation.Id, conversation.Id, question), ct);
        }

        // A chat joining the back of the queue moves no one else's place: only assignments (RunAsync) and the sweep
        // push positions, not every start, which would cost a push to every waiting visitor per new chat.
        await router.EnqueueAsync(conversation.Id, conversation.Topic, visitorId, conversation.QueuedAt);
        await dispatcher.RunAsync(ct);
        return await ResultFor(await store.GetAsync(conversation.Id, ct) ?? conversation);
    }

    /// <summary>The visitor's open chat after a reconnect (null when none).</summary>
    public async Task<ChatState?> ResumeAsync(Guid visitorId, CancellationToken ct = default) =>
        await store.FindOpenForVisitorAsync(visitorId, ct) is { } open ? await StateAsync(open) : null;

    public async Task<LeaveQueueResult> LeaveQueueAsync(Viewer visitor, string visitorName, LeaveQueueRequest? request, CancellationToken ct = default)
    {
        if (request is null)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "request");
        }

        var conversation = await messages.RequireParticipantAsync(visitor, request.ConversationId, ct);
        if (conversation.State != ConversationStatus.Queued)
        {
            throw ChatError.BadRequest(HubErrors.NotQueued, "NotQueued");
        }

        var note = HumanText.Clean(request.Note);
        if (note is { Length: > 0 } && note.Length > options.Value.MaxMessageLength)
        {
            throw ChatError.BadRequest(HubErrors.MessageTooLong, "MessageTooLong", options.Value.MaxMessageLength, note.Length);
        }

        var ticket = request.CreateTicket
            ? new ConversationCloser.TicketPlan(TicketSource.LeftQueue, string.IsNullOrEmpty(note) ? [] : [(SenderRole.Visitor, visitor.Id, visitorName, note, false)])
            : null;
        var number = await closer.CloseAsync(conversation, CloseReason.LeftQueue, note, ticket, null,
            n => n is null ? Text.Stored("SystemLeftQueue") : Text.Stored("SystemLeftQueueTicket", n), ct);
        return new LeaveQueueResult(conversation.Id, number);
    }

    public async Task<CloseChatResult> CloseByAgentAsync(Viewer agent, string agentName, CloseChatRequest? request, CancellationToken ct = default)
    {
        if (request is null)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "request");
        }

        var conversation = await messages.RequireParticipantAsync(agent, request.ConversationId, ct);
        var note = HumanText.Clean(request.Note);
        if (note is { Length: > 4000 })
        {
            throw ChatError.BadRequest(HubErrors.MessageTooLong, "MessageTooLong", 4000, note.Length);
        }

        var ticket = request.Resolved
            ? null
            : new ConversationCloser.TicketPlan(TicketSource.ChatUnresolved, string.IsNullOrEmpty(note) ? [] : [(SenderRole.Agent, agent.Id, agentName, note, true)]);
        var number = await closer.CloseAsync(conversation, request.Resolved ? CloseReason.Resolved : CloseReason.Unresolved, note, ticket, null,
            n => n is null ? Text.Stored("SystemClosedResolved") : Text.Stored("SystemClosedUnresolved", n), ct);
        return new CloseChatResult(conversation.Id, number);
    }

    public async Task EndByVisitorAsync(Viewer visitor, Guid conversationId, CancellationToken ct = default)
    {
        var conversation = await messages.RequireParticipantAsync(visitor, conversationId, ct);
        var reason = conversation.State == ConversationStatus.Queued ? CloseReason.LeftQueue : CloseReason.VisitorEnded;
        await closer.CloseAsync(conversation, reason, null, null, null,
            _ => Text.Stored(reason == CloseReason.LeftQueue ? "SystemLeftQueue" : "SystemVisitorEnded"), ct);
    }

    public async Task<IReadOnlyList<ChatMessage>> MessagesAfterAsync(Viewer viewer, Guid conversationId, long afterSequence, CancellationToken ct = default)
    {
        if (afterSequence < 0)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "afterSequence");
        }

        var conversation = await messages.RequireParticipantAsync(viewer, conversationId, ct, allowClosed: true, allowSupervisor: true);
        var rows = await store.MessagesAfterAsync(conversation.Id, afterSequence, options.Value.ReplayPageSize, ct);
        return [.. rows.Select(r => r.ToMessage(viewer))];
    }

    public async Task TypingAsync(Viewer viewer, string name, Guid conversationId, bool isTyping, CancellationToken ct = default)
    {
        var conversation = await messages.RequireParticipantAsync(viewer, conversationId, ct);
        var typing = new TypingEvent(conversationId, viewer.Role, name, isTyping);
        if (viewer.Role == SenderRole.Visitor)
        {
            if (conversation.AgentId is { } agent)
            {
                await notifier.Agent(agent).Typing(typing);
            }
        }
        else
        {
            await notifier.Visitor(conversation.VisitorId).Typing(typing);
        }
    }

    public async Task MarkReadAsync(Viewer viewer, Guid conversationId, long upToSequence, CancellationToken ct = default)
    {
        var conversation = await messages.RequireParticipantAsync(viewer, conversationId, ct, allowClosed: true);
        if (await store.MarkReadAsync(conversationId, viewer.Role, upToSequence, ct) is not { } mark)
        {
            return;
        }

        var receipt = new ReadReceipt(conversationId, viewer.Role, mark, time.GetUtcNow());
        if (viewer.Role == SenderRole.Visitor)
        {
            if (conversation.AgentId is { } agent)
            {
                await notifier.Agent(agent).MessagesRead(receipt);
            }
        }
        else
        {
            await notifier.Visitor(conversation.VisitorId).MessagesRead(receipt);
        }
    }

    private void EnsureMayChat(VisitorRecord visitor)
    {
        if (visitor.Status == "closed")
        {
            throw ChatError.Forbidden(HubErrors.AccountSuspended, "AccountClosed", visitor.StatusReason);
        }

        if (visitor.Status == "suspended" && (visitor.SuspendedUntil is null || visitor.SuspendedUntil > time.GetUtcNow()))
        {
            throw ChatError.Forbidden(HubErrors.AccountSuspended, "AccountSuspended", visitor.StatusReason);
        }
    }

    private async Task<StartChatResult> ResultFor(ConversationRow conversation)
    {
        var state = await StateAsync(conversation);
        return new StartChatResult(state.Status == ConversationStatus.Active ? StartChatOutcome.Assigned : StartChatOutcome.Queued, state, null);
    }

    private async Task<ChatState> StateAsync(ConversationRow conversation)
    {
        QueueStatus? queue = null;
        if (conversation.State == ConversationStatus.Queued)
        {
            queue = (await router.PlaceAsync(conversation.Topic, conversation.Id)).Status;

            // Queued in PostgreSQL but not in Redis (Redis lost its data): put it back. The script leaves a chat
            // alone that Redis has just assigned and PostgreSQL has not recorded yet.
            if (queue is null && await router.EnqueueAsync(conversation.Id, conversation.Topic, conversation.VisitorId, conversation.QueuedAt) > 0)
            {
                queue = (await router.PlaceAsync(conversation.Topic, conversation.Id)).Status;
            }
            else if (queue is null && await router.AssignedAgentNameAsync(conversation.Id) is { } agentName)
            {
                // Another instance assigned it a moment ago and is recording that now: it is active.
                return new ChatState(conversation.Id, conversation.Topic, ConversationStatus.Active, agentName, null, conversation.LastSeq, conversation.QueuedAt);
            }
        }

        return new ChatState(conversation.Id, conversation.Topic, conversation.State, conversation.AgentName, queue, conversation.LastSeq, conversation.QueuedAt);
    }
}
