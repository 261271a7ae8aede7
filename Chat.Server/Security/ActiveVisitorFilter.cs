using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;

namespace Chat.Server.Security;

/// <summary>Refuses a visitor's write while the account is suspended (tickets, ticket entries, ratings, e-mail change).</summary>
internal sealed class ActiveVisitorFilter(AccountGuard guard) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var standing = await guard.CheckAsync(http.User, http.RequestAborted);
        return standing switch
        {
            AccountStanding.Suspended => throw ChatError.Forbidden(HubErrors.AccountSuspended, "AccountSuspendedWrite"),
            AccountStanding.Revoked => throw new ChatError(HubErrors.SessionRevoked, StatusCodes.Status401Unauthorized, Resources.Text.Get("Unauthorized")),
            _ => await next(context),
        };
    }
}

public static class ActiveVisitorFilterExtensions
{
    /// <summary>The endpoint is a visitor's write: refused while the visitor is suspended.</summary>
    public static TBuilder RequireActiveVisitor<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter<TBuilder, ActiveVisitorFilter>();
}
