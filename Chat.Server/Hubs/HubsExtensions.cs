using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Chat.Server.Hubs;

public static class HubsExtensions
{
    public static WebApplicationBuilder AddHubs(this WebApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        builder.Services.AddSingleton<IUserIdProvider, ChatUserIdProvider>();
        // The dispatcher's failures are logged by ChatErrorHubFilter (refusals are not faults); its Debug and Trace
        // entries are two lines per invocation. A rule for a category replaces the configured level for it, so it
        // keeps Warning only: a rule that passed everything below Error logged every hub call in production.
        builder.Logging.AddFilter(ChatErrorHubFilter.HubDispatcherCategory, level => level == LogLevel.Warning);
        builder.Services.AddSignalR(o =>
            {
                // The largest legitimate call (a 2,000-character message or a ticket note, JSON-framed) fits well
                // inside 32 KB; anything bigger is refused by SignalR before it is parsed.
                o.MaximumReceiveMessageSize = 32 * 1024;
                o.AddFilter<ChatErrorHubFilter>();
            })
            .AddStackExchangeRedis(o =>
            {
                o.Configuration = redis.ToConfigurationOptions();
                o.Configuration.ChannelPrefix = RedisChannel.Literal(redis.KeyPrefix + ":signalr:");
            });
        return builder;
    }

    public static IEndpointRouteBuilder MapChatHubs(this IEndpointRouteBuilder app)
    {
        app.MapHub<VisitorHub>("/hubs/visitor");
        app.MapHub<AgentHub>("/hubs/agent");
        return app;
    }

    private sealed class ChatUserIdProvider : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection)
        {
            var user = connection.User;
            if (user?.Identity?.IsAuthenticated != true)
            {
                return null;
            }

            return ChatClaims.UserIdFor(user.IsVisitor() ? SenderRole.Visitor : SenderRole.Agent, user.Id());
        }
    }
}
