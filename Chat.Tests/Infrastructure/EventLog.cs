using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// Records every event a hub connection receives, so a test can await one that matches, with a bound,
/// whether it arrived before or after the test started waiting.
/// </summary>
public sealed class EventLog
{
    private readonly List<(string Name, object Payload)> events = [];
    private readonly List<(string Name, Func<object, bool> Match, TaskCompletionSource<object> Done)> waiters = [];

    public static EventLog ForVisitor(HubConnection hub)
    {
        var log = new EventLog();
        log.Listen<QueueStatus>(hub, nameof(IVisitorClient.QueueUpdated));
        log.Listen<ChatAssigned>(hub, nameof(IVisitorClient.ChatAssigned));
        log.Listen<ChatRequeued>(hub, nameof(IVisitorClient.ChatRequeued));
        log.Listen<ChatMessage>(hub, nameof(IVisitorClient.MessageReceived));
        log.Listen<ChatMessage>(hub, nameof(IVisitorClient.MessageReleased));
        log.Listen<TypingEvent>(hub, nameof(IVisitorClient.Typing));
        log.Listen<ReadReceipt>(hub, nameof(IVisitorClient.MessagesRead));
        log.Listen<ChatClosed>(hub, nameof(IVisitorClient.ChatClosed));
        log.Listen<TicketOffer>(hub, nameof(IVisitorClient.TicketOffered));
        log.Listen<AccountSuspended>(hub, nameof(IVisitorClient.AccountSuspended));
        log.Listen<AttachmentWithheld>(hub, nameof(IVisitorClient.AttachmentWithheld));
        log.Listen<AttachmentReleased>(hub, nameof(IVisitorClient.AttachmentReleased));
        return log;
    }

    public static EventLog ForAgent(HubConnection hub)
    {
        var log = new EventLog();
        log.Listen<AgentChat>(hub, nameof(IAgentClient.ChatAssigned));
        log.Listen<ChatRevoked>(hub, nameof(IAgentClient.ChatRevoked));
        log.Listen<ChatMessage>(hub, nameof(IAgentClient.MessageReceived));
        log.Listen<ChatMessage>(hub, nameof(IAgentClient.MessageReleased));
        log.Listen<TypingEvent>(hub, nameof(IAgentClient.Typing));
        log.Listen<ReadReceipt>(hub, nameof(IAgentClient.MessagesRead));
        log.Listen<ChatClosed>(hub, nameof(IAgentClient.ChatClosed));
        log.Listen<AgentState>(hub, nameof(IAgentClient.StateChanged));
        log.Listen<AttachmentWithheld>(hub, nameof(IAgentClient.AttachmentWithheld));
        log.Listen<AttachmentReleased>(hub, nameof(IAgentClient.AttachmentReleased));
        return log;
    }

    public void Listen<T>(HubConnection hub, string name)
        where T : notnull => hub.On<T>(name, payload => Record(name, payload));

    public IReadOnlyList<T> All<T>(string name)
    {
        lock (events)
        {
            return [.. events.Where(e => e.Name == name).Select(e => (T)e.Payload)];
        }
    }

    /// <summary>The first event named <paramref name="name"/> matching <paramref name="match"/>, past or future.</summary>
    public async Task<T> WaitAsync<T>(string name, Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        Func<object, bool> test = o => match is null || match((T)o);
        TaskCompletionSource<object> done;
        lock (events)
        {
            foreach (var e in events)
            {
                if (e.Name == name && test(e.Payload))
                {
                    return (T)e.Payload;
                }
            }

            done = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((name, test, done));
        }

        try
        {
            return (T)await done.Task.WaitAsync(timeout ?? Wait.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No '{name}' event matched within {(timeout ?? Wait.Timeout).TotalSeconds} s; received: "
                + string.Join(", ", Snapshot().Select(e => e.Name)));
        }
    }

    private List<(string Name, object Payload)> Snapshot()
    {
        lock (events)
        {
            return [.. events];
        }
    }

    private void Record(string name, object payload)
    {
        List<TaskCompletionSource<object>> ready = [];
        lock (events)
        {
            events.Add((name, payload));
            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Name == name && waiters[i].Match(payload))
                {
                    ready.Add(waiters[i].Done);
                    waiters.RemoveAt(i);
                }
            }
        }

        foreach (var tcs in ready)
        {
            tcs.TrySetResult(payload);
        }
    }
}
