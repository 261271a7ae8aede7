using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

// The baseline for the load generator: a hub that only forwards a message to the other member of a
// two-person group, on the same Redis backplane, with no authorisation, moderation or storage.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR().AddStackExchangeRedis(o =>
{
    o.Configuration = ConfigurationOptions.Parse(builder.Configuration["Redis"] ?? "127.0.0.1:6380");
    o.Configuration.ChannelPrefix = RedisChannel.Literal("relay-bench:");
});
var app = builder.Build();
app.MapHub<RelayHub>("/relay");
app.Run();

internal sealed class RelayHub : Hub
{
    public Task Join(string conversation) => Groups.AddToGroupAsync(Context.ConnectionId, conversation);

    public Task Send(string conversation, string text) => Clients.OthersInGroup(conversation).SendAsync("Message", text);
}
