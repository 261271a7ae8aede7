using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Resources;

namespace Chat.Server.Moderation;

/// <summary>
/// Moderation for everything a person reads outside the chat: the visitor's name and agency, the offline form,
/// ticket entries and rating comments go through the same lexicons and rules as chat messages. Text that would be masked or
/// blocked in a chat is refused with a clear error (nothing half-hidden is stored where staff read it). A suspended
/// visitor's writes are refused before this by <c>RequireActiveVisitor</c>.
/// </summary>
internal sealed class ContentGate(LexiconProvider lexicons)
{
    // The explainable layers only: a refused name or ticket entry must say which words and rule refused it, and a
    // learned model trained on chat lines over-reads two-word names ("Orang Lain").
    private readonly ModerationEngine engine = new(() => lexicons.Current);

    /// <summary>Refuses <paramref name="text"/> when moderation would withhold it; <paramref name="field"/> is a Field* string key.</summary>
    public void Ensure(string field, string? text, SenderRole author)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var verdict = engine.Evaluate(text, author);
        if (verdict.Action is ModerationAction.Allow or ModerationAction.Flag)
        {
            return;
        }

        var category = verdict.Categories.FirstOrDefault(c => ModerationCategories.Clause(c) == verdict.Clause) ?? verdict.Categories[0];
        throw ChatError.BadRequest(HubErrors.ContentRejected, "ModerationFieldRejected", Text.Get(field),
            Text.Get("ModerationCategory" + category.Replace("_", string.Empty, StringComparison.Ordinal)), verdict.Clause);
    }
}
