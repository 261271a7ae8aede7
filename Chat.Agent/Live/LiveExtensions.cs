namespace Chat.Agent.Live;

public static class LiveExtensions
{
    public static WebApplicationBuilder AddLiveConsole(this WebApplicationBuilder builder)
    {
        // Scoped = one per circuit: each signed-in browser tab holds its own hub connection.
        builder.Services.AddScoped<ConsoleSession>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, ConsoleCircuitHandler>();
        return builder;
    }
}
