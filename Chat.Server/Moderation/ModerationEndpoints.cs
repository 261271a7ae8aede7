using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
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

        api.MapPost("/review/{id:guid}", async (Guid id, ReviewDecisionRequest request, ClaimsPrincipal user, ModerationStore store, CancellationToken ct) =>
        {
            if (request.Note is { Length: > 2000 })
            {
                throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "note");
            }

            _ = await store.GetAsync(id, ct) ?? throw ChatError.NotFound("review_not_found", "ReviewNotFound");
            if (!await store.DecideAsync(id, request.Decision, user.Id(), request.Note?.Trim(), ct))
            {
                throw ChatError.Conflict("review_decided", "ReviewAlreadyDecided");
            }

            return await store.GetAsync(id, ct);
        });

        api.MapGet("/visitors/{id:guid}/history", async (Guid id, VisitorStore visitors, ModerationStore store, IOptions<ModerationOptions> options, CancellationToken ct) =>
            await HistoryAsync(id, visitors, store, options.Value, ct));

        api.MapPost("/visitors/{id:guid}/lift", async (Guid id, LiftSuspensionRequest? request, ClaimsPrincipal user, VisitorStore visitors, ModerationStore store,
            Security.SessionSignals sessions, IOptions<ModerationOptions> options, CancellationToken ct) =>
        {
            var visitor = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
            if (visitor.Status != "closed")
            {
                await visitors.SetStatusAsync(id, "active", null, null, null, ct);
                await sessions.AccountChangedAsync(SenderRole.Visitor, id, closeConnections: false);
            }

            await store.ClearStrikesAsync(id, user.Id(), request?.Note?.Trim(), ct);
            return await HistoryAsync(id, visitors, store, options.Value, ct);
        });

        api.MapPost("/lexicons/reload", (LexiconProvider lexicons) =>
        {
            try
            {
                var lexicon = lexicons.Reload();
                return new LexiconStatus(lexicon.PatternCount, lexicon.Rules.Length, lexicons.LoadedAt);
            }
            catch (FormatException e)
            {
                throw ChatError.BadRequest("lexicon_invalid", "LexiconInvalid", e.Message);
            }
        });
        api.MapGet("/lexicons", (LexiconProvider lexicons) =>
            new LexiconStatus(lexicons.Current.PatternCount, lexicons.Current.Rules.Length, lexicons.LoadedAt));
        return app;
    }

    private static async Task<VisitorModerationHistory> HistoryAsync(Guid id, VisitorStore visitors, ModerationStore store, ModerationOptions options, CancellationToken ct)
    {
        var visitor = await visitors.GetAsync(id, ct) ?? throw ChatError.NotFound("visitor_not_found", "VisitorNotFound");
        var (points, strikes) = await store.StrikesAsync(id, options.StrikeWindow, ct);
        var reviews = await store.ListAsync(null, id, 200, ct);
        DateTimeOffset? until = visitor.SuspendedUntil is { } u ? new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)) : null;
        return new VisitorModerationHistory(id, visitor.Status, visitor.StatusReason, visitor.StatusClause, until, points, strikes, reviews);
    }
}
