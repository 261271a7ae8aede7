using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Resources;

namespace Chat.Server.Moderation;

/// <summary>
/// Text outside the chat that moderation flagged: it is stored, and goes to the supervisors' queue once it is.
/// <see cref="SubjectId"/> is what it belongs to (<see cref="About"/>), so an upheld decision can act on it.
/// </summary>
internal sealed record ContentFlag(string Field, string Text, IReadOnlyList<string> Categories, string? Clause, Guid? SubjectId = null)
{
    /// <summary>The same flag, about the stored record it belongs to (visitor, ticket, ticket entry, conversation).</summary>
    public ContentFlag About(Guid subject) => this with { SubjectId = subject };
}

/// <summary>
/// Moderation for everything a person reads outside the chat: the visitor's name and agency (at registration and on
/// change), the offline form, ticket entries and rating comments go through the same lexicons and rules as chat
/// messages. Text that would be masked or blocked in a chat is refused with a clear error (nothing half-hidden is
/// stored where staff read it); flagged text is stored and queued for review (<see cref="QueueAsync"/>). A suspended
/// visitor's writes are refused before this by <c>RequireActiveVisitor</c>.
/// </summary>
internal sealed class ContentGate(LexiconProvider lexicons, ContentReviewStore reviews)
{
    // The Field* string keys and the names the review queue stores.
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["FieldName"] = "name",
        ["FieldAgency"] = "agency",
        ["FieldSubject"] = "subject",
        ["FieldOfflineMessage"] = "offline_message",
        ["FieldTicketEntry"] = "ticket_entry",
        ["FieldRatingComment"] = "rating_comment",
    };

    // The explainable layers only: a refused name or ticket entry must say which words and rule refused it, and a
    // learned model trained on chat lines over-reads two-word names ("Orang Lain").
    private readonly ModerationEngine engine = new(() => lexicons.Current);

    /// <summary>
    /// Refuses <paramref name="text"/> when moderation would withhold it; <paramref name="field"/> is a Field* string
    /// key. Returns the flag to queue (after the text is stored) when moderation flags it, otherwise null.
    /// </summary>
    public ContentFlag? Ensure(string field, string? text, SenderRole author)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var verdict = engine.Evaluate(text, author);
        if (verdict.Action == ModerationAction.Allow)
        {
            return null;
        }

        var category = verdict.Categories.FirstOrDefault(c => ModerationCategories.Clause(c) == verdict.Clause) ?? verdict.Categories[0];
        if (verdict.Action == ModerationAction.Flag)
        {
            return new ContentFlag(FieldNames.GetValueOrDefault(field, field), text, verdict.Categories, verdict.Clause);
        }

        throw ChatError.BadRequest(HubErrors.ContentRejected, "ModerationFieldRejected", Text.Get(field),
            Text.Get("ModerationCategory" + category.Replace("_", string.Empty, StringComparison.Ordinal)), verdict.Clause);
    }

    /// <summary>Puts the flagged texts (nulls are skipped) in the supervisors' content review queue.</summary>
    public async Task QueueAsync(SenderRole author, Guid authorId, CancellationToken ct, params ContentFlag?[] flags)
    {
        foreach (var flag in flags)
        {
            if (flag is not null)
            {
                await reviews.AddAsync(flag, author, authorId, ct);
            }
        }
    }
}
