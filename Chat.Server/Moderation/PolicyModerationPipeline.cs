using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;

namespace Chat.Server.Moderation;

/// <summary>
/// Step 3 of the message path: the text verdict, plus clause-3 behaviour for visitors (flooding, repeats, link
/// bursts across instances). Step 6: the review queue and, for visitors, strikes that end the chat or suspend.
/// </summary>
internal sealed class PolicyModerationPipeline(ModerationEngine engine, BehaviourTracker behaviour, ModerationStore store, Enforcement enforcement)
    : IModerationPipeline
{
    public async ValueTask<ModerationVerdict> CheckAsync(ModerationInput input, CancellationToken ct)
    {
        var verdict = engine.Evaluate(input.Text, input.Sender, out var facts);

        // Staff paste the same canned answer all day; behaviour limits are for visitors.
        if (input.Sender != SenderRole.Visitor || !await behaviour.IsSpamAsync(input.SenderId, facts) || verdict.Action == ModerationAction.Block)
        {
            return verdict;
        }

        var categories = verdict.Categories.Contains(ModerationCategories.Spam) ? verdict.Categories : [.. verdict.Categories, ModerationCategories.Spam];
        var ordered = ModerationCategories.All.Where(categories.Contains).ToArray();
        return new ModerationVerdict(ModerationAction.Block, ordered, "3", null,
            Text.Stored("ModerationBlock", Text.Stored("ModerationCategorySPAM"), "3"));
    }

    public async ValueTask<EnforcementOutcome> RecordAsync(ModerationInput input, ModerationVerdict verdict, Guid messageId, CancellationToken ct)
    {
        if (verdict.Action == ModerationAction.Allow || input.Sender == SenderRole.System)
        {
            return EnforcementOutcome.None;
        }

        await store.AddReviewAsync(input, verdict, messageId, ct);
        return input.Sender == SenderRole.Visitor ? await enforcement.StrikeAsync(input, verdict, messageId, ct) : EnforcementOutcome.None;
    }
}
