using Chat.Server.Attachments;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Moderation;
using Chat.Server.Observability;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using Chat.Server.Security;

namespace Chat.Server.Conversations;

/// <summary>
/// The message path: authorise, validate, rate-limit, deduplicate, moderate, persist with the next sequence
/// number, deliver to both sides, then moderation side effects and acting on their outcome (suspend, end the chat).
/// </summary>
public sealed class MessageService(
    ConversationStore store,
    IModerationPipeline moderation,
    SenderRateLimiter rateLimiter,
    MessageDelivery delivery,
    ConversationCloser closer,
    Notifier notifier,
    ChatMetrics metrics,
    MessageWriter writer,
    Routing.Router router,
    AttachmentRecords attachments,
    IMemoryCache answered,
    IOptions<ConversationOptions> options,
    IOptions<AttachmentOptions> attachmentOptions)
{
    /// <summary>
    /// Sends one message. From the hubs a call reaches here only with a <see cref="SendAdmission"/> slot
    /// (<see cref="SendAdmissionHubFilter"/>); a chat's first question comes in with the start of the chat, which
    /// holds a <see cref="StartAdmission"/> slot.
    /// </summary>
    public async Task<SendMessageResult> SendAsync(Viewer caller, string callerName, SendMessageRequest? request, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (request is null || request.ConversationId == Guid.Empty || request.ClientMessageId == Guid.Empty)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "conversationId/clientMessageId");
        }

        var text = HumanText.Clean(request.Text) ?? string.Empty;
        var attachmentIds = request.AttachmentIds?.Distinct().ToArray() ?? [];
        if (attachmentIds.Length > attachmentOptions.Value.MaxFilesPerMessage)
        {
            throw ChatError.BadRequest(HubErrors.AttachmentTooMany, "AttachmentTooMany", attachmentOptions.Value.MaxFilesPerMessage);
        }

        if (text.Length == 0 && attachmentIds.Length == 0)
        {
            throw ChatError.BadRequest(HubErrors.MessageEmpty, "MessageEmpty");
        }

        var max = options.Value.MaxMessageLength;
        if (text.Length > max)
        {
            throw ChatError.BadRequest(HubErrors.MessageTooLong, "MessageTooLong", max, text.Length);
        }

        // One round trip: the conversation, and the message if this is a retry of one already stored.
        var (found, existing) = await store.GetForSendAsync(request.ConversationId, caller.Id, request.ClientMessageId, ct);
        var conversation = Authorize(caller, found, allowClosed: true);

        // A retry of a stored message returns the stored result (even after the chat closed) and is not counted
        // against the rate limit. It is delivered again: the first attempt may have been stored and then failed to
        // reach one side (Redis timing out mid-delivery), and the sender retries exactly because it was not told.
        // Both sides already drop a message they hold (by its id), so a second delivery shows nothing twice.
        if (existing is not null)
        {
            await delivery.DeliverAsync(conversation, existing, ct);
            return Result(existing.ToMessage(caller), duplicate: true);
        }

        if (conversation.State == ConversationStatus.Closed)
        {
            throw ChatError.BadRequest(HubErrors.ConversationClosed, "ConversationClosed");
        }

        if (await rateLimiter.TryAcquireAsync(caller.Id) is { } wait)
        {
            throw ChatError.TooMany(HubErrors.RateLimited, "RateLimited", Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
        }

        var files = await AttachmentsForSendAsync(caller, conversation, attachmentIds, ct);
        var input = new ModerationInput(conversation.Id, caller.Id, caller.Role, text);
        var moderationStarted = System.Diagnostics.Stopwatch.GetTimestamp();

        // File names were moderated at upload; a message of files only has no text to check.
        var verdict = text.Length == 0 ? ModerationVerdict.Allow(text) : await moderation.CheckAsync(input, ct);
        var moderated = System.Diagnostics.Stopwatch.GetElapsedTime(moderationStarted);
        MessageRow? row;
        try
        {
            row = await writer.AppendAsync(
                new NewMessage(conversation.Id, request.ClientMessageId, caller.Role, caller.Id, callerName, text, verdict.DeliveredText,
                    verdict.Action, verdict.Categories, verdict.Clause, verdict.Explanation, AttachmentJson.Write(files)),
                ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same message raced itself (two instances, one retry): the first one stored wins.
            var stored = await store.FindByClientIdAsync(conversation.Id, caller.Id, request.ClientMessageId, ct)
                ?? throw new InvalidOperationException("A duplicate message vanished.", e);
            return Result(stored.ToMessage(caller), duplicate: true);
        }

        if (row is null)
        {
            throw ChatError.BadRequest(HubErrors.ConversationClosed, "ConversationClosed");
        }

        if (attachmentIds.Length > 0)
        {
            // A blocked message's files are withheld with it (see AttachmentDownloads) until a supervisor releases it.
            await attachments.AttachToMessageAsync(attachmentIds, row.Id, caller.Id, ct);
        }

        await delivery.DeliverAsync(conversation, row, ct);
        if (caller.Role == SenderRole.Agent && conversation.AgentId == caller.Id)
        {
            // The assigned agent answered: the chat stays with them (Routing:AnswerTimeout). Once per assignment (a
            // transfer or a new assignment changes AssignedAt), not once per message.
            var key = (nameof(router.MarkAnsweredAsync), conversation.Id, caller.Id, conversation.AssignedAt);
            if (!answered.TryGetValue(key, out _))
            {
                await router.MarkAnsweredAsync(conversation.Id, caller.Id);
                answered.Set(key, true, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) });
            }
        }

        metrics.MessageStored(caller.Role, verdict.Action, verdict.Categories, System.Diagnostics.Stopwatch.GetElapsedTime(started), moderated);
        await ActOnAsync(conversation, await moderation.RecordAsync(input, verdict, row.Id, ct), ct);
        return Result(row.ToMessage(caller), duplicate: false);
    }

    /// <summary>
    /// Acts on what enforcement decided after a strike: the chat ends with the reason and clause. Moderation decides
    /// (and suspends the account, which it owns); the message path, which owns the chat, ends it.
    /// </summary>
    private async Task ActOnAsync(ConversationRow conversation, EnforcementOutcome outcome, CancellationToken ct)
    {
        if (outcome.EndChat is { } ending)
        {
            await closer.TerminateAsync(conversation.Id, ending.Reason, ending.Clause, ct);
        }
    }

    /// <summary>A withheld message a supervisor released after review: both sides replace it (by sequence) with the full text.</summary>
    public async Task DeliverReleasedAsync(Guid messageId, CancellationToken ct = default)
    {
        if (await store.GetMessageAsync(messageId, ct) is not { ReleasedAt: not null } row || await store.GetAsync(row.ConversationId, ct) is not { } conversation)
        {
            return;
        }

        await notifier.Visitor(conversation.VisitorId).MessageReleased(row.ToMessage(new Viewer(SenderRole.Visitor, conversation.VisitorId, false)));
        if (conversation.AgentId is { } agent)
        {
            await notifier.Agent(agent).MessageReleased(row.ToMessage(new Viewer(SenderRole.Agent, agent, false)));
        }

        await notifier.Watchers(conversation.Id).WatchedMessage(row.ToMessage(new Viewer(SenderRole.Agent, Guid.Empty, true)));
    }

    /// <summary>Loads the conversation and checks the caller belongs to it (supervisors may read any).</summary>
    public async Task<ConversationRow> RequireParticipantAsync(Viewer caller, Guid conversationId, CancellationToken ct, bool allowClosed = false, bool allowSupervisor = false)
    {
        if (conversationId == Guid.Empty)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "conversationId");
        }

        return Authorize(caller, await store.GetAsync(conversationId, ct), allowClosed, allowSupervisor);
    }

    private static ConversationRow Authorize(Viewer caller, ConversationRow? found, bool allowClosed = false, bool allowSupervisor = false)
    {
        var conversation = found ?? throw ChatError.NotFound(HubErrors.ConversationNotFound, "ConversationNotFound");
        var member = caller.Role == SenderRole.Visitor
            ? conversation.VisitorId == caller.Id
            : conversation.AgentId == caller.Id || (allowSupervisor && caller.Supervisor);
        if (!member)
        {
            // A visitor must not learn whether someone else's conversation exists.
            throw caller.Role == SenderRole.Visitor
                ? ChatError.NotFound(HubErrors.ConversationNotFound, "ConversationNotFound")
                : ChatError.Forbidden(HubErrors.NotYourConversation, "NotAssignedToYou");
        }

        if (!allowClosed && conversation.State == ConversationStatus.Closed)
        {
            throw ChatError.BadRequest(HubErrors.ConversationClosed, "ConversationClosed");
        }

        return conversation;
    }

    /// <summary>The files to send: each uploaded by the caller to this conversation and not sent yet.</summary>
    private async Task<IReadOnlyList<AttachmentInfo>> AttachmentsForSendAsync(Viewer caller, ConversationRow conversation, Guid[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        var rows = (await attachments.GetManyAsync(ids, ct)).ToDictionary(r => r.Id);
        var files = new List<AttachmentInfo>(ids.Length);
        foreach (var id in ids)
        {
            if (!rows.TryGetValue(id, out var row) || row.UploaderId != caller.Id)
            {
                throw ChatError.BadRequest(HubErrors.AttachmentNotFound, "AttachmentNotFound");
            }

            if (row.ConversationId != conversation.Id || row.MessageId is not null || row.TicketEntryId is not null || row.WithheldAt is not null)
            {
                throw ChatError.BadRequest(HubErrors.AttachmentAlreadySent, "AttachmentAlreadySent");
            }

            files.Add(row.ToInfo());
        }

        return files;
    }

    private static SendMessageResult Result(ChatMessage message, bool duplicate) =>
        new(message, message.Moderation?.Action != ModerationAction.Block, duplicate);
}
