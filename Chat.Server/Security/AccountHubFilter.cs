using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Security;

/// <summary>
/// The account is checked on every hub call, not only when the connection opens: a revoked, deactivated, closed or
/// expired session is refused and its connection closed; a suspended visitor may read but not write. Connections
/// are registered so that <see cref="SessionSignals"/> and <see cref="SessionExpiryService"/> can close them.
/// </summary>
internal sealed class AccountHubFilter(AccountGuard guard, LiveConnections connections) : IHubFilter
{
    /// <summary>
    /// Visitor hub methods that change something; refused while the visitor is suspended. StartChat refuses on its
    /// own, with the suspension's reason.
    /// </summary>
    private static readonly HashSet<string> VisitorWrites = new(StringComparer.Ordinal)
    {
        nameof(Hubs.VisitorHub.SendMessage),
        nameof(Hubs.VisitorHub.LeaveQueue),
        nameof(Hubs.VisitorHub.Typing),
    };

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        var standing = await guard.CheckAsync(context.User!, context.ConnectionAborted);
        if (standing == AccountStanding.Revoked)
        {
            context.Abort();
            throw new ChatError(HubErrors.SessionRevoked, StatusCodes.Status401Unauthorized, Resources.Text.Get("Unauthorized"));
        }

        if (standing == AccountStanding.Suspended && context.User!.IsVisitor() && VisitorWrites.Contains(invocationContext.HubMethodName))
        {
            throw ChatError.Forbidden(HubErrors.AccountSuspended, "AccountSuspendedWrite");
        }

        return await next(invocationContext);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Context.UserIdentifier is { } user)
        {
            connections.Add(user, context.Context, context.Context.User!.TokenExpires());
        }

        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.UserIdentifier is { } user)
        {
            connections.Remove(user, context.Context.ConnectionId);
        }

        await next(context, exception);
    }
}
