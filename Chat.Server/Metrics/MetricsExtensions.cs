using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Metrics;

public static class MetricsExtensions
{
    public static WebApplicationBuilder AddMetrics(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QueueMetricsReader>();
        services.AddSingleton<MetricsHistoryStore>();
        services.AddHostedService<MetricsBroadcastService>();
        return builder;
    }

    /// <summary>GET /api/supervision/metrics: the same figures and history the dashboard gets over the hub.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/supervision/metrics", async (QueueMetricsReader reader, MetricsHistoryStore history, CancellationToken ct) =>
                new MetricsWatch(await reader.ReadAsync(ct), await history.LastHourAsync(ct), await history.LastDayAsync(ct)))
            .RequireAuthorization(ChatClaims.SupervisorPolicy);
        return app;
    }
}
