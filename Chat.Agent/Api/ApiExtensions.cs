using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Chat.Agent.Api;

public static class ApiExtensions
{
    public const string ClientName = "chat-server";

    public static WebApplicationBuilder AddChatServerApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChatServerOptions>().BindConfiguration(ChatServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(ClientName, (sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChatServerOptions>>().Value.BaseUrl;
            http.Timeout = TimeSpan.FromSeconds(30);
        }).AddResilienceHandler("chat-server-retry", pipeline => pipeline.AddRetry(Retry()));
        builder.Services.AddScoped<ChatApi>();
        return builder;
    }

    /// <summary>
    /// A page that reads from the server (a queue, a list, a ticket) survives a moment of overload or a database
    /// failover: a read answered 503 (the server's Retry-After is honoured), 408, 429 or a broken connection is tried
    /// again up to three times. Writes are not retried here (a supervisor's decision must not be sent twice); they
    /// show the server's error and the person decides.
    /// </summary>
    private static HttpRetryStrategyOptions Retry()
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(500),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        };
        retry.DisableForUnsafeHttpMethods();
        return retry;
    }
}
