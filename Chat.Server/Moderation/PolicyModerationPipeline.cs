namespace Chat.Server.Moderation;

internal sealed class PolicyModerationPipeline : IModerationPipeline
{
    public ValueTask<ModerationVerdict> CheckAsync(ModerationInput input, CancellationToken ct) => ValueTask.FromResult(ModerationVerdict.Allow(input.Text));

    public ValueTask RecordAsync(ModerationInput input, ModerationVerdict verdict, Guid messageId, CancellationToken ct) => ValueTask.CompletedTask;
}
