namespace Chat.Server.Moderation;

public static class ModerationExtensions
{
    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModerationPipeline, PolicyModerationPipeline>();
        return builder;
    }
}
