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
        });
        builder.Services.AddScoped<ChatApi>();
        return builder;
    }
}
