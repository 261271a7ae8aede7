using Microsoft.Extensions.Options;

namespace Chat.Server.Security;

/// <summary>Closes this instance's connections whose bearer token has expired; the client must sign in again.</summary>
internal sealed class SessionExpiryService(LiveConnections connections, TimeProvider time, IOptions<SecurityOptions> options, ILogger<SessionExpiryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (connections.CloseExpired(time.GetUtcNow()) is > 0 and var closed)
                {
                    logger.LogInformation("Closed {Count} connections whose token expired", closed);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
