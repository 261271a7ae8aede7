using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Moderation;
using Chat.Server.Security;

namespace Chat.Server.Ratings;

public static class RatingEndpoints
{
    public const int MaxCommentLength = 1000;

    public static WebApplicationBuilder AddRatings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RatingStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRatings(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/visitors/me/conversations/{id:guid}/rating", RateAsync).RequireAuthorization(ChatClaims.VisitorPolicy).RequireActiveVisitor();
        return app;
    }

    private static async Task<IResult> RateAsync(Guid id, RateConversationRequest request, ClaimsPrincipal user, RatingStore ratings, ContentGate gate, TimeProvider time, CancellationToken ct)
    {
        if (request.Score is < 1 or > 5)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "RatingScoreInvalid");
        }

        var comment = HumanText.Clean(request.Comment);
        if (comment is { Length: > MaxCommentLength })
        {
            throw ChatError.BadRequest(HubErrors.MessageTooLong, "MessageTooLong", MaxCommentLength, comment.Length);
        }

        var flag = gate.Ensure("FieldRatingComment", comment, SenderRole.Visitor);
        var now = time.GetUtcNow();
        var outcome = await ratings.RateAsync(user.Id(), id, request.Score, string.IsNullOrEmpty(comment) ? null : comment, now, ct);
        if (outcome == RateOutcome.Saved)
        {
            await gate.QueueAsync(SenderRole.Visitor, user.Id(), ct, flag?.About(id));
        }

        return outcome switch
        {
            RateOutcome.Saved => Results.Created($"/api/visitors/me/conversations/{id}/rating", new ConversationRating(id, request.Score, string.IsNullOrEmpty(comment) ? null : comment, now)),
            RateOutcome.NotFound => throw ChatError.NotFound(HubErrors.ConversationNotFound, "ConversationNotFound"),
            RateOutcome.NotClosed => throw ChatError.Conflict("conversation_open", "RatingChatOpen"),
            _ => throw ChatError.Conflict("already_rated", "RatingAlreadyGiven"),
        };
    }
}
