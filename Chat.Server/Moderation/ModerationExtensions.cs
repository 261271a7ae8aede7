using Microsoft.Extensions.Options;

namespace Chat.Server.Moderation;

public static class ModerationExtensions
{
    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new LexiconProvider(
            sp.GetRequiredService<IOptions<ModerationOptions>>().Value.LexiconDirectory, sp.GetRequiredService<ILogger<LexiconProvider>>(),
            time: sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ModerationOptions>>().Value;
            return new Learning.ModelProvider(options.ModelPath, options.LearnedLayer, sp.GetRequiredService<ILogger<Learning.ModelProvider>>(),
                time: sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var lexicons = sp.GetRequiredService<LexiconProvider>();
            var model = sp.GetRequiredService<Learning.ModelProvider>();
            return new ModerationEngine(() => lexicons.Current, () => model.Current);
        });
        services.AddSingleton<BehaviourTracker>();
        services.AddSingleton<ModerationStore>();
        services.AddSingleton<Enforcement>();
        services.AddSingleton<ContentGate>();
        services.AddSingleton<ContentReviewStore>();
        services.AddSingleton<IModerationPipeline, PolicyModerationPipeline>();
        return builder;
    }
}
