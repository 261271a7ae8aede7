namespace Chat.Server.Hubs.Contracts;

/// <summary>POST /api/visitors/me/conversations/{id}/rating: the visitor rates their closed chat, once.</summary>
/// <param name="Score">1 (poor) to 5 (excellent).</param>
/// <param name="Comment">Optional comment, up to 1,000 characters.</param>
public sealed record RateConversationRequest(int Score, string? Comment);

/// <summary>A stored rating.</summary>
public sealed record ConversationRating(Guid ConversationId, int Score, string? Comment, DateTimeOffset RatedAt);
