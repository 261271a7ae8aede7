using System.Diagnostics;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using StackExchange.Redis;

namespace Chat.Server.Observability;

/// <summary>
/// Counts open connections per hub, counts PostgreSQL and Redis errors that reach a hub method, and puts the
/// conversation id of the call on its log scope and trace span, so one chat can be followed through the logs.
/// </summary>
internal sealed class HubObservabilityFilter(ChatMetrics metrics, ILogger<HubObservabilityFilter> logger) : IHubFilter
{
    private static readonly object Counted = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var conversation = ConversationOf(invocationContext.HubMethodArguments);
        if (conversation is { } id)
        {
            Activity.Current?.SetTag("chat.conversation_id", id);
        }

        using var scope = conversation is null ? null : logger.BeginScope(new ConversationScope(id: conversation.Value));
        try
        {
            return await next(invocationContext);
        }
        catch (NpgsqlException)
        {
            metrics.DependencyError("postgresql");
            throw;
        }
        catch (RedisException)
        {
            metrics.DependencyError("redis");
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        metrics.Connected(context.Hub.GetType().Name);
        context.Context.Items[Counted] = true;
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        // A connection refused in OnConnectedAsync was never counted.
        if (context.Context.Items.Remove(Counted))
        {
            metrics.Disconnected(context.Hub.GetType().Name);
        }

        await next(context, exception);
    }

    private static Guid? ConversationOf(IReadOnlyList<object?> arguments) => arguments.Count == 0 ? null : arguments[0] switch
    {
        SendMessageRequest r => r.ConversationId,
        CloseChatRequest r => r.ConversationId,
        Guid g => g,
        _ => null,
    };

    /// <summary>Logged as <c>ConversationId</c> in every entry written during the call.</summary>
    private sealed class ConversationScope(Guid id) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] => index == 0 ? new("ConversationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"ConversationId:{id}";
    }
}
