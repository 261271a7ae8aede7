using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Agent.Live;

/// <summary>
/// Reconnects quickly at first, then every 10 s for as long as the tab is open: an agent's console must come back
/// by itself after a server restart or a long network break, not give up after four tries.
/// </summary>
internal sealed class KeepTrying : IRetryPolicy
{
    private static readonly TimeSpan[] First = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        retryContext.PreviousRetryCount < First.Length ? First[retryContext.PreviousRetryCount] : TimeSpan.FromSeconds(10);
}
