using Microsoft.Extensions.Options;

namespace Chat.Server.Routing;

/// <summary>
/// The periodic sweep: one instance per tick (a short Redis lock) expires silent agents, takes back chats left
/// unanswered (<see cref="AnswerWatch"/>), assigns what fits, and refreshes every waiting visitor's position and estimate.
/// </summary>
internal sealed class RoutingSweepService(
    Router router,
    Dispatcher dispatcher,
    AnswerWatch answers,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<RoutingSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        try
        {
            await router.ReindexAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Redis not reachable yet: the scripts keep the indexes from here on; what an older version left unindexed
            // is indexed at that agent's next heartbeat.
            logger.LogWarning(e, "Rebuilding the routing indexes failed");
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!await router.TryLeadSweepAsync(interval * 0.8))
                {
                    continue;
                }

                foreach (var released in await router.ExpireAsync())
                {
                    await dispatcher.OnReleasedAsync(released, "heartbeat_expired", stoppingToken);
                }

                await answers.SweepAsync(stoppingToken);
                await dispatcher.RunAsync(stoppingToken);
                await dispatcher.PublishAllPositionsAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Redis or PostgreSQL may blip; the next tick tries again.
                logger.LogWarning(e, "Routing sweep failed");
            }
        }
    }
}

public static class RoutingExtensions
{
    public static WebApplicationBuilder AddChatRouting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BusinessHoursOptions>().BindConfiguration(BusinessHoursOptions.Section);
        services.AddSingleton<BusinessHours>();
        services.AddSingleton<Router>();
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<Presence.AgentPresenceService>();
        services.AddSingleton<AnswerWatch>();
        services.AddHostedService<RoutingSweepService>();
        return builder;
    }
}
