using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Moderation;

/// <summary>A message about to be delivered.</summary>
public sealed record ModerationInput(Guid ConversationId, Guid SenderId, SenderRole Sender, string Text);

/// <summary>What to do with it.</summary>
/// <param name="Action">Allow, flag, mask or block.</param>
/// <param name="Categories">Policy categories found.</param>
/// <param name="Clause">Service-policy clause.</param>
/// <param name="DeliveredText">The text to deliver (masked when masked); null when blocked.</param>
/// <param name="Explanation">Short Indonesian explanation for the sender.</param>
public sealed record ModerationVerdict(ModerationAction Action, IReadOnlyList<string> Categories, string? Clause, string? DeliveredText, string? Explanation)
{
    public static ModerationVerdict Allow(string text) => new(ModerationAction.Allow, [], null, text, null);
}

/// <summary>Moderation before delivery (step 3 of the message path) and its side effects after storing (step 6).</summary>
public interface IModerationPipeline
{
    ValueTask<ModerationVerdict> CheckAsync(ModerationInput input, CancellationToken ct);

    /// <summary>
    /// Review queue and strikes: called after the message is stored with its id. Returns what the caller must do
    /// (end the chat, suspend the account).
    /// </summary>
    ValueTask<EnforcementOutcome> RecordAsync(ModerationInput input, ModerationVerdict verdict, Guid messageId, CancellationToken ct);
}
