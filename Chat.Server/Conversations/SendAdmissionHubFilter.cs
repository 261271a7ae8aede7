using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Chat.Server.Conversations;

/// <summary>
/// Takes a <see cref="SendAdmission"/> slot for every <c>SendMessage</c> before the other hub filters run, so that a
/// message refused for overload costs one exception and nothing else: no account check, no hub method, no service
/// (at ten thousand messages a second past the limit, each thrown and rethrown through five async frames starved the
/// thread pool that the accepted ones needed).
/// </summary>
internal sealed class SendAdmissionHubFilter(SendAdmission admission, IOptions<ConversationOptions> options) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName != nameof(IConversationHub.SendMessage))
        {
            return next(invocationContext);
        }

        if (!admission.TryEnter())
        {
            throw new HubException($"{HubErrors.Overloaded}: {Text.Get("Overloaded", options.Value.OverloadRetryAfterSeconds)}");
        }

        return AdmittedAsync(invocationContext, next);
    }

    private async ValueTask<object?> AdmittedAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        finally
        {
            admission.Exit();
        }
    }
}
