using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Resources;
using Chat.Server.Routing;
using Chat.Server.Tickets;

namespace Chat.Server.Conversations;

/// <summary>
/// Closing a conversation, whatever the reason (resolved, unresolved, left the queue, ended by the visitor, ended
/// for a policy breach): one transaction for the optional ticket, the closing system message and the status, then
/// the seat is freed and both sides are told. Its own type so that the message path can end a chat when
/// moderation says so without depending on the conversation service that depends on it.
/// </summary>
public sealed class ConversationCloser(
    ConversationStore store,
    TicketStore tickets,
    Router router,
    Dispatcher dispatcher,
    MessageDelivery delivery,
    Notifier notifier,
    TimeProvider time)
{
    /// <summary>Ends a chat for a policy breach (moderation or a supervisor), recording the clause.</summary>
    public async Task TerminateAsync(Guid conversationId, string reasonText, string clause, CancellationToken ct = default)
    {
        var conversation = await store.GetAsync(conversationId, ct);
        if (conversation is null || conversation.State == ConversationStatus.Closed)
        {
            return;
        }

        await CloseAsync(conversation, CloseReason.Terminated, reasonText, null, clause, _ => reasonText, ct);
    }

    public sealed record TicketPlan(TicketSource Source, IReadOnlyList<(SenderRole Role, Guid? AuthorId, string AuthorName, string Body, bool Internal)> Entries);

    /// <summary>Closes in one transaction (optional ticket, system message, status), then frees the seat and tells both sides.</summary>
    public async Task<string?> CloseAsync(
        ConversationRow conversation, CloseReason reason, string? note, TicketPlan? ticket, string? clause, Func<string?, string> systemText, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        string? number = null;
        MessageRow? closing;

        // Read before the transaction's connection is taken: one operation never holds two pooled connections.
        var subject = ticket is null ? string.Empty : await SubjectAsync(conversation, ct);
        await using (var connection = await store.DataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            if (ticket is not null)
            {
                number = await tickets.CreateAsync(connection, transaction, conversation.VisitorId, conversation.Id, conversation.Topic, subject, ticket.Source, ticket.Entries, ct);
            }

            closing = await store.AppendAsync(connection, transaction, Dispatcher.SystemMessage(conversation.Id, systemText(number)), ct);
            if (closing is null || !await ConversationStore.CloseAsync(connection, transaction, conversation.Id, reason, note, now, ct))
            {
                throw ChatError.BadRequest(HubErrors.ConversationClosed, "ConversationClosed");
            }

            await transaction.CommitAsync(ct);
        }

        var (_, agent) = await router.ReleaseAsync(conversation.Id);
        if (conversation.AssignedAt is { } assignedAt && reason is CloseReason.Resolved or CloseReason.Unresolved)
        {
            await router.RecordHandleTimeAsync(now - assignedAt);
        }

        await delivery.DeliverAsync(conversation, closing, ct);
        var closed = new ChatClosed(conversation.Id, reason, number, closing.Body, clause);
        await notifier.Visitor(conversation.VisitorId).ChatClosed(closed);
        if ((conversation.AgentId ?? agent) is { } agentId)
        {
            await notifier.Agent(agentId).ChatClosed(closed);
        }

        if (conversation.State == ConversationStatus.Queued)
        {
            dispatcher.RequestPositions(conversation.Topic);
        }
        else
        {
            await dispatcher.RunAsync(ct);
        }

        return number;
    }

    private async Task<string> SubjectAsync(ConversationRow conversation, CancellationToken ct)
    {
        var first = (await store.MessagesAfterAsync(conversation.Id, 0, 20, ct))
            .FirstOrDefault(m => m.SenderRole == "visitor" && m.ModerationAction != "block");
        var text = first is null ? Text.Stored("Topic" + char.ToUpperInvariant(conversation.Topic[0]) + conversation.Topic[1..]) : first.DeliveredBody ?? first.Body;
        var oneLine = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 120 ? oneLine : oneLine[..119] + "…";
    }
}
