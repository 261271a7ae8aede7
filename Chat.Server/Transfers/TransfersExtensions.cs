using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Metrics;

namespace Chat.Server.Transfers;

public static class TransfersExtensions
{
    public static WebApplicationBuilder AddTransfers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TransferService>();
        return builder;
    }

    /// <summary>GET /api/transfers/targets (staff): agents online now with a free seat, who can take a transfer.</summary>
    public static IEndpointRouteBuilder MapTransfers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/transfers/targets", async (QueueMetricsReader reader, CancellationToken ct) =>
                (await reader.ReadAsync(ct)).Agents.Where(a => a.Status == PresenceStatus.Online && a.ActiveChats < a.Capacity)
                    .Select(a => a with { Conversations = [] }).ToArray())
            .RequireAuthorization(ChatClaims.StaffPolicy);
        return app;
    }
}
