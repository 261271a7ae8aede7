using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Infrastructure;

/// <summary>
/// Turns <see cref="ChatError"/> into an HTTP problem response with its code. A database or Redis that does not answer
/// in time (a restart, an exhausted pool on a loaded machine) is a fault worth logging, but for the caller it is a
/// retryable refusal: 503 with Retry-After and the reason in the caller's language, not a bare 500.
/// </summary>
internal sealed partial class ChatErrorHandler(IProblemDetailsService problems, ILogger<ChatErrorHandler> logger) : IExceptionHandler
{
    /// <summary>What a caller is told to wait before trying again after a dependency failure.</summary>
    private const int DependencyRetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var transient = IsTransientDependencyFailure(exception);
        var (status, code, detail) = exception switch
        {
            ChatError e => (e.Status, e.Code, e.Message),
            BadHttpRequestException => (StatusCodes.Status400BadRequest, HubErrors.InvalidArgument, Text.Get("InvalidArgument", "JSON")),
            _ when transient => (StatusCodes.Status503ServiceUnavailable, HubErrors.Overloaded, Text.Get("DependencyUnavailable", DependencyRetryAfterSeconds)),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        if (transient)
        {
            DependencyFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        var retryAfter = exception is ChatError { RetryAfterSeconds: { } seconds } ? seconds : transient ? DependencyRetryAfterSeconds : (int?)null;
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = code, Detail = detail, Extensions = { ["code"] = code } },
        });
    }

    /// <summary>A timeout or a lost connection to PostgreSQL or Redis; a query error (bad SQL, a constraint) is not.</summary>
    public static bool IsTransientDependencyFailure(Exception exception) => exception switch
    {
        Npgsql.NpgsqlException npgsql => npgsql.IsTransient,
        StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException or TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Method} {Path} refused with 503: a dependency did not answer")]
    private static partial void DependencyFailed(ILogger logger, Exception exception, string method, string path);
}

/// <summary>
/// Turns <see cref="ChatError"/> from hub methods into <c>HubException("code: message")</c>; the connection stays open.
/// A refusal is an answer, not a fault: it is not logged (at overload thousands a second are refused, and an error
/// log entry with a stack trace for each would cost more than the refusal saves). Every other failure is logged here
/// as an error with the hub method and the caller; SignalR's own log entry for failed invocations is turned off
/// (<see cref="HubDispatcherCategory"/>) because it cannot tell the two apart.
/// </summary>
internal sealed partial class ChatErrorHubFilter(ILogger<ChatErrorHubFilter> logger) : IHubFilter
{
    /// <summary>The logging category of SignalR's invocation failures.</summary>
    public const string HubDispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

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
        catch (HubException)
        {
            throw;
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Failed(logger, e, invocationContext.Hub.GetType().Name, invocationContext.HubMethodName, invocationContext.Context.UserIdentifier);
            throw;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Hub method {Hub}.{Method} failed for {User}")]
    private static partial void Failed(ILogger logger, Exception exception, string hub, string method, string? user);
}
