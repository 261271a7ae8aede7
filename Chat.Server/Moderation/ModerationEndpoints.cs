using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Conversations;
using Chat.Server.Infrastructure;
using Chat.Server.Moderation.Learning;
using Microsoft.Extensions.Options;

namespace Chat.Server.Moderation;

/// <summary>The supervisors' side of moderation: the review queue, a visitor's history, lifting suspensions, reloading lexicons.</summary>
public static class ModerationEndpoints
{
    public static IEndpointRouteBuilder MapModeration(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/moderation").RequireAuthorization(ChatClaims.SupervisorPolicy);

        // ?status=pending|upheld|overturned, any case (the console and scripts write it in lower case).
        api.MapGet("/review", async (string? status, int? limit, ModerationStore store, CancellationToken ct) =>
        {
            ReviewStatus? filter = null;
            if (!string.IsNullOrEmpty(status))
            {
                filter = Enum.TryParse<ReviewStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "status");
            }

            return await store.ListAsync(filter, null, limit ?? 100, ct);
        });

        api.MapPost("/review/{id:guid}", async (Guid id, ReviewDecisionRequest request, ClaimsPrincipal user, ModerationStore store, MessageService messages,
            Enforcement enforcement, ConversationCloser closer, Attachments.AttachmentWithholding withholding, CancellationToken ct) =>
        {
            if (request.Note is { Length: > 2000 })
            {
                throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "note");
            }

            var item = await store.GetAsync(id, ct) ?? throw ChatError.NotFound("review_not_found", "ReviewNotFound");

            // Separation of duties: a supervisor who sent the withheld message (supervisors chat too) never decides it.
            if (item.Sender == SenderRole.Agent && item.SenderId == user.Id())
            {
                throw ChatError.Forbidden("own_review", "ReviewOwnMessage");
            }

            var outcome = await store.DecideAsync(id, request.Decision, user.Id(), Security.HumanText.Clean(request.Note), ct)
                ?? throw ChatError.Conflict("review_decided", "ReviewAlreadyDecided");
            if (outcome is { Released: true, MessageId: { } released })
            {
                await messages.DeliverReleasedAsync(released, ct);
            }

            // An overturned file in a chat comes back on both sides at once.
            if (outcome is { AttachmentId: { } file, Upheld: false, ConversationId: { } chat, MessageId: { } carrying })
            {
                await withholding.ReleasedAsync(chat, carrying, file, ct);
            }

            // An upheld withheld file counts as a strike for the visitor who sent it, with the same consequences as a message
            // (a file on a ticket has no chat to end; the account is still suspended at the threshold).
            if (outcome is { AttachmentId: { } struck, Upheld: true, SenderRole: "visitor", Category: { } category })
            {
                var strike = await enforcement.StrikeAsync(
                    new ModerationInput(outcome.ConversationId ?? Guid.Empty, outcome.SenderId, SenderRole.Visitor, string.Empty),
                    new ModerationVerdict(ModerationAction.Block, [category], outcome.Clause ?? ModerationCategories.Clause(category), null, null), outcome.MessageId, ct, struck);
                if (strike.EndChat is { } ending && outcome.ConversationId is { } ended)
                {
                    await closer.TerminateAsync(ended, ending.Reason, ending.Clause, ct);
                }
            }

            return await store.GetAsync(id, ct);
        });

        // Flagged text outside the chat (names, agencies, the offline form, ticket entries, rating comments).
        api.MapGet("/content", async (string? status, int? limit, ContentReviewStore store, AuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            ReviewStatus? filter = null;
            if (!string.IsNullOrEmpty(status))
            {
                filter = Enum.TryParse<ReviewStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "status");
            }

            var items = await store.ListAsync(filter, limit ?? 100, ct);
            await audit.AppendAsync(AuditEntry.Staff(user, "moderation.content.read", null, new { status = filter?.ToString(), count = items.Count }), ct);
            return items;
        });

        api.MapPost("/content/{id:guid}", async (Guid id, ReviewDecisionRequest request, ClaimsPrincipal user, ContentReviewStore store, AuditLog audit, CancellationToken ct) =>
        {
            if (request.Note is { Length: > 2000 } || !Enum.IsDefined(request.Decision))
            {
                throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", request.Note is { Length: > 2000 } ? "note" : "decision");
            }

            var item = await store.GetAsync(id, ct) ?? throw ChatError.NotFound("review_not_found", "ReviewNotFound");

            // The decision, its labelled example and (upheld) what it does to the text people read, in one transaction.
            var decided = await store.DecideAsync(id, request.Decision, user.Id(), Security.HumanText.Clean(request.Note), ct);
            if (!decided.Decided)
            {
                throw ChatError.Conflict("review_decided", "ReviewAlreadyDecided");
            }

            var action = request.Decision == ReviewDecision.Overturn ? "moderation.content.overturned" : "moderation.content.upheld";
            await audit.AppendAsync(AuditEntry.Staff(user, action, item.AuthorId, new { review = id, field = item.Field, subject = item.SubjectId, applied = decided.Applied }), ct);
            return await store.GetAsync(id, ct);
        });

        // A message that went through (or was withheld for another reason) is harmful after all: a labelled example for training.
        api.MapPost("/messages/{id:guid}/harmful", async (Guid id, MarkHarmfulRequest request, ClaimsPrincipal user, ModerationStore store, CancellationToken ct) =>
        {
            if (request.Note is { Length: > 2000 })
            {
                throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "note");
            }

            var category = ModerationCategories.IndexOf(request.Category ?? string.Empty) is var at and >= 0
                ? ModerationCategories.All[at]
                : throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "category");
            if (!await store.MarkHarmfulAsync(id, category, user.Id(), request.Note?.Trim(), ct))
            {
                throw ChatError.NotFound("message_not_found", "MessageNotFound");
            }

            return Results.Ok(new MarkHarmfulResult(id, category));
        });

        api.MapGet("/model", (ModelProvider model) => Status(model));
        api.MapPost("/model/reload", async (ModelProvider model, AuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            LearnedModel? loaded;
            try
            {
                loaded = model.Reload();
            }
            catch (FormatException e)
            {
                await audit.AppendAsync(AuditEntry.Staff(user, "moderation.model.reload_failed", null, new { error = e.Message }), ct);
                throw ChatError.BadRequest("model_invalid", "ModelInvalid", e.Message);
            }

            await audit.AppendAsync(AuditEntry.Staff(user, "moderation.model.reloaded", null, new { version = loaded?.Version }), ct);
            return Status(model);
        });

        api.MapGet("/visitors/{id:guid}/history", async (Guid id, VisitorStore visitors, ModerationStore store, AuditLog audit, ClaimsPrincipal user,
            IOptions<ModerationOptions> options, CancellationToken ct) =>
        {
            var history = await HistoryAsync(id, visitors, store, options.Value, ct);
            await audit.AppendAsync(AuditEntry.Staff(user, "visitor.moderation_history.read", id), ct);
            return history;
        });

        api.MapPost("/visitors/{id:guid}/lift", async (Guid id, LiftSuspensionRequest? request, ClaimsPrincipal user, VisitorStore visitors, ModerationStore store,
            Security.SessionSignals sessions, IOptions<ModerationOptions> options, CancellationToken ct) =>
        {
            var visitor = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
            if (visitor.Status != "closed")
            {
                await visitors.SetStatusAsync(id, "active", null, null, null, AuditEntry.Staff(user, "visitor.reactivated", id, new { previous = visitor.Status }), ct);
                await sessions.AccountChangedAsync(SenderRole.Visitor, id, closeConnections: false);
            }

            await store.ClearStrikesAsync(id, user.Id(), request?.Note?.Trim(), ct);
            return await HistoryAsync(id, visitors, store, options.Value, ct);
        });

        api.MapPost("/lexicons/reload", async (LexiconProvider lexicons, AuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            Lexicon lexicon;
            try
            {
                lexicon = lexicons.Reload();
            }
            catch (FormatException e)
            {
                await audit.AppendAsync(AuditEntry.Staff(user, "moderation.lexicons.reload_failed", null, new { error = e.Message }), ct);
                throw ChatError.BadRequest("lexicon_invalid", "LexiconInvalid", e.Message);
            }

            await audit.AppendAsync(AuditEntry.Staff(user, "moderation.lexicons.reloaded", null, new { patterns = lexicon.PatternCount, rules = lexicon.Rules.Length }), ct);
            return new LexiconStatus(lexicon.PatternCount, lexicon.Rules.Length, lexicons.LoadedAt);
        });
        api.MapGet("/lexicons", (LexiconProvider lexicons) =>
            new LexiconStatus(lexicons.Current.PatternCount, lexicons.Current.Rules.Length, lexicons.LoadedAt));
        return app;
    }

    private static ModelStatus Status(ModelProvider provider) => provider.Current is { } m
        ? new ModelStatus(true, m.Version, m.TrainedOn, [.. m.Categories.Select(c => new ModelCategoryStatus(c.Name, c.FlagAt, c.BlockAt))], provider.LoadedAt)
        : new ModelStatus(false, null, null, [], provider.LoadedAt);

    private static async Task<VisitorModerationHistory> HistoryAsync(Guid id, VisitorStore visitors, ModerationStore store, ModerationOptions options, CancellationToken ct)
    {
        var visitor = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
        var (points, strikes) = await store.StrikesAsync(id, options.StrikeWindow, ct);
        var reviews = await store.ListAsync(null, id, 200, ct);
        return new VisitorModerationHistory(id, visitor.Status, visitor.StatusReason, visitor.StatusClause, visitor.SuspendedUntil, points, strikes, reviews);
    }
}
