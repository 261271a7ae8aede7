using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Security;

/// <summary>
/// The hub connections this instance holds, by SignalR user id, with their token's expiry, so that a revocation
/// signal or an expired token can close them. Every instance keeps its own; the signal reaches all of them.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (HubCallerContext Context, DateTimeOffset Expires)>> byUser = new();

    public void Add(string userId, HubCallerContext context, DateTimeOffset expires) =>
        byUser.GetOrAdd(userId, _ => new())[context.ConnectionId] = (context, expires);

    public void Remove(string userId, string connectionId)
    {
        if (byUser.TryGetValue(userId, out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
        {
            byUser.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, (HubCallerContext, DateTimeOffset)>>(userId, connections));
        }
    }

    /// <summary>Closes every connection of the user on this instance; returns how many.</summary>
    public int Close(string userId)
    {
        if (!byUser.TryGetValue(userId, out var connections))
        {
            return 0;
        }

        var closed = 0;
        foreach (var (_, entry) in connections)
        {
            entry.Context.Abort();
            closed++;
        }

        return closed;
    }

    /// <summary>Closes the connections whose token expired at or before <paramref name="now"/>.</summary>
    public int CloseExpired(DateTimeOffset now)
    {
        var closed = 0;
        foreach (var (_, connections) in byUser)
        {
            foreach (var (_, entry) in connections)
            {
                if (entry.Expires <= now)
                {
                    entry.Context.Abort();
                    closed++;
                }
            }
        }

        return closed;
    }
}
