using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Moderation;
using Dapper;

namespace Chat.Server.Attachments;

/// <summary>
/// Staff withholding a file (policy clauses 1 and 6: an agent must not have to keep looking at what a visitor sent):
/// from then on it is served to its uploader and supervisors only, both sides are told, and it waits in the
/// supervisors' review queue like a withheld message. An upheld review is a strike (see the review endpoint);
/// an overturned one makes the file available again (and both sides of a chat are told). Files on ticket entries are
/// withheld the same way by staff who may see the ticket; tickets are not live, so their pages show it when opened.
/// </summary>
public sealed class AttachmentWithholding(
    AttachmentRecords records, ConversationStore conversations, Security.StaffAccess access, AuditLog audit, Notifier notifier, TimeProvider time)
{
    /// <summary>Marks one file of a message's attachment list as withheld (or not), in the list stored with the message.</summary>
    internal const string MarkInMessage = """
        UPDATE messages SET attachments = (
            SELECT jsonb_agg(CASE WHEN e->>'id' = @attachment THEN jsonb_set(e, '{withheld}', to_jsonb(@withheld)) ELSE e END ORDER BY o)
            FROM jsonb_array_elements(attachments) WITH ORDINALITY AS x(e, o))
        WHERE id = @messageId AND attachments IS NOT NULL
        """;

    /// <summary>The same for the list stored with a ticket entry.</summary>
    internal const string MarkInTicketEntry = """
        UPDATE ticket_entries SET attachments = (
            SELECT jsonb_agg(CASE WHEN e->>'id' = @attachment THEN jsonb_set(e, '{withheld}', to_jsonb(@withheld)) ELSE e END ORDER BY o)
            FROM jsonb_array_elements(attachments) WITH ORDINALITY AS x(e, o))
        WHERE id = @entryId AND attachments IS NOT NULL
        """;

    public async Task WithholdAsync(ClaimsPrincipal user, Guid id, WithholdAttachmentRequest? request, CancellationToken ct)
    {
        var category = request?.Category is { } named && ModerationCategories.IndexOf(named) is var at and >= 0
            ? ModerationCategories.All[at]
            : throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "category");
        var note = Security.HumanText.Clean(request.Note);
        if (note is { Length: > 2000 })
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "note");
        }

        var row = await records.GetAsync(id, ct);
        if (row is { TicketId: { } ticketId, TicketEntryId: { } entryId })
        {
            await WithholdOnTicketAsync(user, row, ticketId, entryId, category, note, ct);
            return;
        }

        if (row is not { ConversationId: { } conversationId, MessageId: { } messageId })
        {
            // Only files that were sent can be withheld: an upload not yet sent is seen by its uploader alone.
            throw ChatError.NotFound(HubErrors.AttachmentNotFound, "AttachmentNotFound");
        }

        if (row.AgentId != user.Id() && !user.IsSupervisor())
        {
            throw ChatError.Forbidden(HubErrors.NotYourConversation, "NotAssignedToYou");
        }

        if (row.WithheldAt is not null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var clause = ModerationCategories.Clause(category);
        var entry = AuditEntry.Staff(user, "attachment.withheld", row.VisitorId, new { attachment = id, conversation = conversationId, category, note });
        var changed = await audit.InTransactionWhenAsync<bool>(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE attachments SET withheld_at = @now, withheld_by = @by, withheld_reason = @category WHERE id = @id AND withheld_at IS NULL
                """, new { now, by = user.Id(), category, id }, transaction, cancellationToken: ct));
            if (updated == 0)
            {
                return (false, null);
            }

            await connection.ExecuteAsync(new CommandDefinition(MarkInMessage, new { attachment = id.ToString("D"), withheld = true, messageId }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO moderation_reviews (id, message_id, conversation_id, sender_role, sender_id, action, categories, clause, created_at, attachment_id, decision_note)
                VALUES (@reviewId, @messageId, @conversationId, @role, @senderId, 'block', @categories, @clause, @now, @id, NULL)
                ON CONFLICT (attachment_id) WHERE attachment_id IS NOT NULL DO NOTHING
                """, new { reviewId = Guid.CreateVersion7(), messageId, conversationId, role = row.UploaderRole, senderId = row.UploaderId, categories = new[] { category }, clause, now, id },
                transaction, cancellationToken: ct));
            return (true, entry);
        }, ct);
        if (!changed)
        {
            return;
        }

        if (await conversations.GetMessageAsync(messageId, ct) is { } message && await conversations.GetAsync(conversationId, ct) is { } conversation)
        {
            var withheld = new AttachmentWithheld(conversationId, message.Seq, id);
            await notifier.Visitor(conversation.VisitorId).AttachmentWithheld(withheld);
            if (conversation.AgentId is { } agent)
            {
                await notifier.Agent(agent).AttachmentWithheld(withheld);
            }

            await notifier.Watchers(conversationId).AttachmentWithheld(withheld);
        }
    }

    /// <summary>Both sides of the chat see an overturned file again (the review released it), without reloading.</summary>
    public async Task ReleasedAsync(Guid conversationId, Guid messageId, Guid attachmentId, CancellationToken ct)
    {
        if (await conversations.GetMessageAsync(messageId, ct) is not { } message || await conversations.GetAsync(conversationId, ct) is not { } conversation
            || await records.GetAsync(attachmentId, ct) is not { MessageBlocked: false, WithheldAt: null } row)
        {
            return;
        }

        var released = new AttachmentReleased(conversationId, message.Seq, row.ToInfo());
        await notifier.Visitor(conversation.VisitorId).AttachmentReleased(released);
        if (conversation.AgentId is { } agent)
        {
            await notifier.Agent(agent).AttachmentReleased(released);
        }

        await notifier.Watchers(conversationId).AttachmentReleased(released);
    }

    private async Task WithholdOnTicketAsync(ClaimsPrincipal user, AttachmentRow row, Guid ticketId, Guid entryId, string category, string? note, CancellationToken ct)
    {
        if (!user.IsSupervisor() && !await access.AgentMayReadTicketAsync(user.Id(), ticketId, ct))
        {
            throw ChatError.Forbidden("ticket_not_yours", "TicketNotYours");
        }

        if (row.WithheldAt is not null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var clause = ModerationCategories.Clause(category);
        var entry = AuditEntry.Staff(user, "attachment.withheld", row.VisitorId, new { attachment = row.Id, ticket = ticketId, entry = entryId, category, note });
        await audit.InTransactionWhenAsync<bool>(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE attachments SET withheld_at = @now, withheld_by = @by, withheld_reason = @category WHERE id = @id AND withheld_at IS NULL
                """, new { now, by = user.Id(), category, id = row.Id }, transaction, cancellationToken: ct));
            if (updated == 0)
            {
                return (false, null);
            }

            await connection.ExecuteAsync(new CommandDefinition(MarkInTicketEntry, new { attachment = row.Id.ToString("D"), withheld = true, entryId }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO moderation_reviews (id, message_id, conversation_id, ticket_entry_id, sender_role, sender_id, action, categories, clause, created_at, attachment_id)
                VALUES (@reviewId, NULL, NULL, @entryId, @role, @senderId, 'block', @categories, @clause, @now, @id)
                ON CONFLICT (attachment_id) WHERE attachment_id IS NOT NULL DO NOTHING
                """, new { reviewId = Guid.CreateVersion7(), entryId, role = row.UploaderRole, senderId = row.UploaderId, categories = new[] { category }, clause, now, id = row.Id },
                transaction, cancellationToken: ct));
            return (true, entry);
        }, ct);
    }
}
