namespace Chat.Server.Retention;

public static class RetentionExtensions
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder, bool schedule = true)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionStore>();
        if (schedule)
        {
            builder.Services.AddHostedService<RetentionScheduler>();
        }

        return builder;
    }
}
