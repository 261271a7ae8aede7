using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Conversations;

public static class ConversationExtensions
{
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<SenderRateLimiter>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<MessageDelivery>();
        services.AddSingleton<ConversationCloser>();
        services.AddSingleton<SendAdmission>();

        // Before the error, account and logging filters of the hubs (filters run in the order they are added).
        services.Configure<HubOptions>(o => o.AddFilter<SendAdmissionHubFilter>());
        services.AddSingleton<StartAdmission>();
        services.AddSingleton<MessageWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageWriter>());
        services.AddSingleton<MessageService>();
        services.AddSingleton<ConversationService>();
        return builder;
    }
}
