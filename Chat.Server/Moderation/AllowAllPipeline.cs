using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Moderation;

/// <summary>Delivers every message unchanged; the seam the moderation engine plugs into.</summary>
internal sealed class AllowAllPipeline : IModerationPipeline
{
    public ValueTask<ModerationVerdict> CheckAsync(ModerationInput input, CancellationToken ct) => ValueTask.FromResult(ModerationVerdict.Allow(input.Text));

    public ValueTask RecordAsync(ModerationInput input, ModerationVerdict verdict, Guid messageId, CancellationToken ct) => ValueTask.CompletedTask;
}

public static class ModerationExtensions
{
    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModerationPipeline, AllowAllPipeline>();
        return builder;
    }
}
