using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Infrastructure;

/// <summary>Turns <see cref="ChatError"/> into an HTTP problem response with its code.</summary>
internal sealed class ChatErrorHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            ChatError e => (e.Status, e.Code, e.Message),
            BadHttpRequestException => (StatusCodes.Status400BadRequest, HubErrors.InvalidArgument, Text.Get("InvalidArgument", "JSON")),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        if (exception is ChatError { RetryAfterSeconds: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = code, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}

/// <summary>Turns <see cref="ChatError"/> from hub methods into <c>HubException("code: message")</c>; the connection stays open.</summary>
internal sealed class ChatErrorHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (ChatError e)
        {
            throw new HubException($"{e.Code}: {e.Message}");
        }
    }
}
