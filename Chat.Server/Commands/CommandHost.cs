using Chat.Server.Infrastructure;

namespace Chat.Server.Commands;

/// <summary>The services a command needs, from the same configuration as the server (appsettings, environment), without serving.</summary>
internal static class CommandHost
{
    public static WebApplication Build(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddInfrastructure();
        configure(builder);
        return builder.Build();
    }
}
