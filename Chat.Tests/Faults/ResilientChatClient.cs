using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Faults;

/// <summary>
/// One side of a conversation behaving as the widget and the console do: reconnects by itself, replays by
/// sequence number after a reconnect or when a gap shows, and keeps an outbox (a send that failed for a transient
/// reason is sent again with the same client message id until it is acknowledged). Records what it was told.
/// </summary>
public sealed class ResilientChatClient : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly SortedDictionary<long, ChatMessage> received = [];
    private readonly List<(Guid ClientMessageId, long Sequence)> acked = [];
    private readonly SemaphoreSlim replaying = new(1, 1);
    private TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource failedOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource lostOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private Task heartbeats = Task.CompletedTask;
    private Guid conversation;

    private ResilientChatClient(HubConnection hub, string token)
    {
        Hub = hub;
        Token = token;
    }

    public HubConnection Hub { get; }

    public string Token { get; }

    public EventLog Events { get; private set; } = null!;

    public int Reconnects { get; private set; }

    /// <summary>Sequence numbers that arrived twice with different content: the server broke its own numbering.</summary>
    public int Conflicts { get; private set; }

    /// <summary>Send attempts that failed for a transient reason and were retried.</summary>
    public int Retries { get; private set; }

    /// <summary>Completes when a send attempt has failed (the fault is visible to clients).</summary>
    public Task FailedOnce => failedOnce.Task;

    /// <summary>Completes when the connection was lost for the first time (the client began reconnecting).</summary>
    public Task LostOnce => lostOnce.Task;

    public IReadOnlyList<(Guid ClientMessageId, long Sequence)> Acked
    {
        get
        {
            lock (gate)
            {
                return [.. acked];
            }
        }
    }

    public IReadOnlyList<ChatMessage> Received
    {
        get
        {
            lock (gate)
            {
                return [.. received.Values];
            }
        }
    }

    public static async Task<ResilientChatClient> ConnectAsync(Uri front, string path, string token, bool agent)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(front, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .WithAutomaticReconnect(new QuickRetry())
            .Build();
        hub.ServerTimeout = TimeSpan.FromSeconds(30);
        var client = new ResilientChatClient(hub, token);
        client.Events = agent ? EventLog.ForAgent(hub) : EventLog.ForVisitor(hub);
        hub.On<ChatMessage>(nameof(IVisitorClient.MessageReceived), client.OnMessage);
        hub.Reconnecting += _ =>
        {
            client.lostOnce.TrySetResult();
            lock (client.gate)
            {
                if (client.connected.Task.IsCompleted)
                {
                    client.connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            return Task.CompletedTask;
        };
        hub.Reconnected += async _ =>
        {
            client.Reconnects++;
            client.connected.TrySetResult();
            await client.ReplayAsync();
        };
        await hub.StartAsync().WaitAsync(Wait.Timeout);
        client.connected.TrySetResult();
        return client;
    }

    /// <summary>
    /// Sends the agent's heartbeat every <paramref name="every"/> while connected, as the console does
    /// (<c>ChatServer:HeartbeatInterval</c>): without it, presence expires after <c>Routing:HeartbeatTtl</c>.
    /// </summary>
    public void StartHeartbeats(TimeSpan every) => heartbeats = Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                try
                {
                    if (Hub.State == HubConnectionState.Connected)
                    {
                        await Hub.InvokeAsync<bool>("Heartbeat", stopping.Token);
                    }
                }
                catch (Exception e) when (Transient(e) && !stopping.IsCancellationRequested)
                {
                    // The next tick tries again; reconnecting sends one by itself (OnConnected).
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed.
        }
    });

    /// <summary>The conversation this side takes part in; messages of others are ignored.</summary>
    public void Join(Guid conversationId) => conversation = conversationId;

    /// <summary>
    /// Sends one message and returns only when the server acknowledged it, retrying transient failures (connection
    /// lost, server error, overloaded) with the same client message id; a permanent refusal throws.
    /// </summary>
    public async Task<SendMessageResult> SendAsync(string text, TimeSpan bound)
    {
        var request = new SendMessageRequest(conversation, Guid.NewGuid(), text);
        var deadline = DateTime.UtcNow + bound;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            Task ready;
            lock (gate)
            {
                ready = connected.Task;
            }

            await ready.WaitAsync(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero);
            try
            {
                var result = await Hub.InvokeAsync<SendMessageResult>("SendMessage", request);
                lock (gate)
                {
                    acked.Add((request.ClientMessageId, result.Message.Sequence));
                }

                Record(result.Message);
                return result;
            }
            catch (Exception e) when (Transient(e) && DateTime.UtcNow < deadline)
            {
                Retries++;
                failedOnce.TrySetResult();
                // The client's own backoff before resending (as the widget's outbox does), not a wait for an event.
                await Task.Delay(backoff);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1000));
            }
        }
    }

    /// <summary>Asks for everything after the last contiguous sequence number it holds.</summary>
    public async Task ReplayAsync()
    {
        if (conversation == Guid.Empty)
        {
            return;
        }

        await replaying.WaitAsync();
        try
        {
            var after = ContiguousUpTo();
            var missed = await Hub.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMessagesAfter", conversation, after);
            foreach (var message in missed)
            {
                Record(message);
            }
        }
        catch (Exception e) when (Transient(e))
        {
            // The next reconnect or gap replays again.
        }
        finally
        {
            replaying.Release();
        }
    }

    /// <summary>Replays until the replay itself succeeds (the final catch-up after a fault has healed).</summary>
    public async Task CatchUpAsync()
    {
        var after = -1L;
        await Wait.UntilAsync(
            async () =>
            {
                await ReplayAsync();
                var now = ContiguousUpTo();
                var settled = now == after;
                after = now;
                return settled;
            },
            settled => settled,
            "the replay to settle",
            TimeSpan.FromSeconds(60));
    }

    private long ContiguousUpTo()
    {
        lock (gate)
        {
            var last = 0L;
            while (received.ContainsKey(last + 1))
            {
                last++;
            }

            return last;
        }
    }

    private void OnMessage(ChatMessage message)
    {
        if (message.ConversationId != conversation)
        {
            return;
        }

        var gap = message.Sequence > ContiguousUpTo() + 1;
        Record(message);
        if (gap)
        {
            _ = ReplayAsync();
        }
    }

    private void Record(ChatMessage message)
    {
        lock (gate)
        {
            if (received.TryGetValue(message.Sequence, out var held))
            {
                if (held.MessageId != message.MessageId)
                {
                    Conflicts++;
                }

                return;
            }

            received[message.Sequence] = message;
        }
    }

    private static bool Transient(Exception e) => e switch
    {
        HubException hub => HubErrors.CodeOf(hub.Message) is null or HubErrors.Overloaded or HubErrors.RateLimited,
        InvalidOperationException or IOException or TaskCanceledException or OperationCanceledException or System.Net.WebSockets.WebSocketException => true,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await heartbeats;
        await Hub.DisposeAsync();
        replaying.Dispose();
        stopping.Dispose();
    }

    /// <summary>Retries at once, then every quarter to half second, for as long as the test runs.</summary>
    private sealed class QuickRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            TimeSpan.FromMilliseconds(retryContext.PreviousRetryCount == 0 ? 0 : Math.Min(500, 100 * retryContext.PreviousRetryCount));
    }
}
