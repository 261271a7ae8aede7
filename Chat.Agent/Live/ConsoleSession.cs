using Chat.Agent.Account;
using Chat.Agent.Api;
using Chat.Agent.Resources;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Chat.Agent.Live;

/// <summary>What the console should draw attention to: a new chat or a new visitor message.</summary>
public sealed record ConsoleAlert(Guid ConversationId, string From, bool NewChat);

/// <summary>
/// One circuit's connection to the agent hub: presence with heartbeats, the chats on the desk, and every live
/// event. Components subscribe to <see cref="Changed"/>; the hub connection itself never leaves this class.
/// </summary>
public sealed partial class ConsoleSession(
    AuthenticationStateProvider auth,
    IOptions<ChatServerOptions> options,
    TimeProvider time,
    ILogger<ConsoleSession> logger) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim starting = new(1, 1);

    /// <summary>What the browser's idle watcher said last: no mouse, key or focus for <c>IdleAway</c>.</summary>
    private bool pageIdle;
    private Dictionary<Guid, ChatView> chats = [];
    private HubConnection? hub;
    private Task? heartbeat;
    private Task? outbox;

    /// <summary>Raised after any change; handlers re-render.</summary>
    public event Action? Changed;

    /// <summary>Raised for a new chat or visitor message; the layout plays a sound and changes the title.</summary>
    public event Action<ConsoleAlert>? Alert;

    /// <summary>Raised with fresh figures for supervisors watching the queue.</summary>
    public event Action<QueueMetrics>? Metrics;

    /// <summary>Raised with messages of a chat watched read-only.</summary>
    public event Action<ChatMessage>? Watched;

    public AgentState? State { get; private set; }

    public bool Connected => hub?.State == HubConnectionState.Connected;

    public string? Problem { get; private set; }

    /// <summary>True when the agent went away because of inactivity (and comes back online on activity).</summary>
    public bool AutoAway { get; private set; }

    public Guid StaffId { get; private set; }

    /// <summary>False while the browser is away from the circuit; heartbeats pause so presence can expire.</summary>
    public bool BrowserAttached { get; set; } = true;

    public IReadOnlyList<ChatView> Chats
    {
        get
        {
            lock (gate)
            {
                return [.. chats.Values.OrderBy(c => c.Chat.AssignedAt)];
            }
        }
    }

    public ChatView? Find(Guid conversationId)
    {
        lock (gate)
        {
            return chats.GetValueOrDefault(conversationId);
        }
    }

    /// <summary>Connects once per circuit; later calls return at once.</summary>
    public async Task StartAsync()
    {
        if (hub is not null)
        {
            return;
        }

        await starting.WaitAsync(stopping.Token);
        try
        {
            if (hub is not null)
            {
                return;
            }

            var user = (await auth.GetAuthenticationStateAsync()).User;
            StaffId = user.StaffId();
            var token = user.StaffToken();
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(options.Value.BaseUrl, "hubs/agent"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .WithAutomaticReconnect(new KeepTrying())
                .Build();
            Subscribe(connection);
            connection.Reconnected += async _ =>
            {
                await RefreshAsync();
                ResendNow();
            };
            connection.Reconnecting += _ =>
            {
                Changed?.Invoke();
                return Task.CompletedTask;
            };
            connection.Closed += _ =>
            {
                Changed?.Invoke();
                return Task.CompletedTask;
            };
            await connection.StartAsync(stopping.Token);
            hub = connection;
            await RefreshAsync();
            heartbeat = HeartbeatLoopAsync(stopping.Token);
            outbox = OutboxLoopAsync(stopping.Token);
        }
        catch (Exception e) when (e is HttpRequestException or HubException)
        {
            Problem = Ui.T("HubUnreachable");
            LogConnectFailed(logger, e);
        }
        finally
        {
            starting.Release();
        }

        Changed?.Invoke();
    }

    public async Task SetPresenceAsync(PresenceStatus status, int? capacity = null, IReadOnlyList<string>? topics = null, bool auto = false)
    {
        State = await Hub.InvokeAsync<AgentState>(nameof(IAgentHub.SetPresence), new SetPresenceRequest(status, capacity, topics), stopping.Token);
        AutoAway = auto && status == PresenceStatus.Away;
        if (status == PresenceStatus.Online)
        {
            await RefreshChatsAsync();

            // The page went idle while the change was on its way (a slow server): the idle watcher fires once, so
            // the agent goes away now instead of staying online at an unattended desk.
            if (pageIdle)
            {
                await SetPresenceAsync(PresenceStatus.Away, auto: true);
                return;
            }
        }

        Changed?.Invoke();
    }

    /// <summary>Called by the idle watcher in the browser.</summary>
    public async Task IdleChangedAsync(bool idle)
    {
        pageIdle = idle;
        if (idle && State?.Status == PresenceStatus.Online)
        {
            await SetPresenceAsync(PresenceStatus.Away, auto: true);
        }
        else if (!idle && AutoAway && State?.Status == PresenceStatus.Away)
        {
            await SetPresenceAsync(PresenceStatus.Online);
        }
    }

    /// <summary>
    /// Sends through the outbox: the result, or null when a transient failure left the message to be resent by
    /// itself (shown as "Mengirim ulang…"). A permanent refusal throws, and the message leaves the outbox.
    /// </summary>
    public async Task<SendMessageResult?> SendAsync(Guid conversationId, string text, IReadOnlyList<AttachmentInfo>? attachments = null)
    {
        var now = time.GetUtcNow();
        var outgoing = new OutgoingMessage(Guid.NewGuid(), text, now, 0, now, null, attachments is { Count: > 0 } ? attachments : null);
        Apply(conversationId, c => c.Enqueue(outgoing));
        return await TrySendAsync(conversationId, outgoing, throwPermanent: true);
    }

    private async Task<SendMessageResult?> TrySendAsync(Guid conversationId, OutgoingMessage outgoing, bool throwPermanent)
    {
        try
        {
            if (hub is not { State: HubConnectionState.Connected } connection)
            {
                throw new InvalidOperationException("The agent hub is not connected.");
            }

            var result = await connection.InvokeAsync<SendMessageResult>(
                nameof(IConversationHub.SendMessage), new SendMessageRequest(conversationId, outgoing.ClientMessageId, outgoing.Text, outgoing.Attachments?.Select(a => a.Id).ToList()), stopping.Token);
            Apply(conversationId, c =>
            {
                c.Settle(outgoing.ClientMessageId);
                c.Merge([result.Message]);
            });
            return result;
        }
        catch (Exception e) when (Outbox.IsPermanent(e))
        {
            Apply(conversationId, c => c.Settle(outgoing.ClientMessageId));
            if (throwPermanent)
            {
                throw;
            }

            Problem = HubText.Of((HubException)e);
            Changed?.Invoke();
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            var attempts = outgoing.Attempts + 1;
            var reason = e is HubException hubError && HubErrors.CodeOf(e.Message) is not null ? HubText.Of(hubError) : null;
            Apply(conversationId, c => c.Update(outgoing with { Attempts = attempts, NextAttemptAt = Outbox.NextAttempt(time.GetUtcNow(), attempts), Reason = reason }));
            return null;
        }
    }

    /// <summary>Resends what is due, in order per chat, while connected; a reconnect makes everything due at once.</summary>
    private async Task OutboxLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (!Connected)
                {
                    continue;
                }

                foreach (var chat in Chats)
                {
                    foreach (var outgoing in chat.Outbox)
                    {
                        if (outgoing.Attempts > 0 && outgoing.NextAttemptAt <= time.GetUtcNow()
                            && await TrySendAsync(chat.Id, outgoing, throwPermanent: false) is null)
                        {
                            break;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The circuit ended.
        }
    }

    private void ResendNow()
    {
        var now = time.GetUtcNow();
        foreach (var chat in Chats)
        {
            foreach (var outgoing in chat.Outbox.Where(o => o.Attempts > 0))
            {
                Apply(chat.Id, c => c.Update(outgoing with { NextAttemptAt = now }));
            }
        }
    }

    public Task TypingAsync(Guid conversationId, bool typing) => Hub.InvokeAsync(nameof(IConversationHub.Typing), conversationId, typing, stopping.Token);

    /// <summary>Marks everything shown as read and tells the visitor.</summary>
    public async Task MarkReadAsync(Guid conversationId)
    {
        var chat = Find(conversationId);
        if (chat is null || chat.Finished || chat.LastSequence <= chat.ReadUpTo)
        {
            return;
        }

        var upTo = chat.LastSequence;
        chat.ReadUpTo = upTo;
        Changed?.Invoke();
        await Hub.InvokeAsync(nameof(IConversationHub.MarkRead), conversationId, upTo, stopping.Token);
    }

    public async Task<CloseChatResult> CloseAsync(Guid conversationId, bool resolved, string? note)
    {
        var result = await Hub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(conversationId, resolved, note), stopping.Token);
        Apply(conversationId, c => c.Closed ??= new ChatClosed(conversationId, resolved ? CloseReason.Resolved : CloseReason.Unresolved, result.TicketNumber, null, null));
        return result;
    }

    public async Task<TransferChatResult> TransferAsync(TransferChatRequest request)
    {
        var result = await Hub.InvokeAsync<TransferChatResult>(nameof(IAgentHub.TransferChat), request, stopping.Token);
        Apply(request.ConversationId, c => c.Revoked ??= result.ToAgentName is { } name ? "moved:" + name : "queue");
        return result;
    }

    public async Task AddNoteAsync(Guid conversationId, string text)
    {
        var note = await Hub.InvokeAsync<InternalNote>(nameof(IAgentHub.AddNote), conversationId, text, stopping.Token);
        Apply(conversationId, c => c.AddNote(note));
    }

    public void Dismiss(Guid conversationId)
    {
        lock (gate)
        {
            chats.Remove(conversationId);
        }

        Changed?.Invoke();
    }

    public Task<MetricsWatch> WatchMetricsAsync() => Hub.InvokeAsync<MetricsWatch>(nameof(IAgentHub.WatchMetrics), stopping.Token);

    public Task UnwatchMetricsAsync() => Connected ? Hub.InvokeAsync(nameof(IAgentHub.UnwatchMetrics), stopping.Token) : Task.CompletedTask;

    public Task<IReadOnlyList<ChatMessage>> WatchConversationAsync(Guid conversationId) =>
        Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IAgentHub.WatchConversation), conversationId, stopping.Token);

    public Task UnwatchConversationAsync(Guid conversationId) =>
        Connected ? Hub.InvokeAsync(nameof(IAgentHub.UnwatchConversation), conversationId, stopping.Token) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (heartbeat is not null)
        {
            try
            {
                await heartbeat;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        if (outbox is not null)
        {
            await outbox;
        }

        if (hub is not null)
        {
            await hub.DisposeAsync();
        }

        stopping.Dispose();
        starting.Dispose();
    }

    private HubConnection Hub => hub ?? throw new InvalidOperationException("The console is not connected.");

    private async Task RefreshAsync()
    {
        State = await Hub.InvokeAsync<AgentState>(nameof(IAgentHub.GetState), stopping.Token);
        await RefreshChatsAsync();
        Changed?.Invoke();
    }

    private async Task RefreshChatsAsync()
    {
        var mine = await Hub.InvokeAsync<IReadOnlyList<AgentChat>>(nameof(IAgentHub.GetMyChats), stopping.Token);
        var notes = new Dictionary<Guid, IReadOnlyList<InternalNote>>();
        foreach (var chat in mine)
        {
            notes[chat.ConversationId] = await Hub.InvokeAsync<IReadOnlyList<InternalNote>>(nameof(IAgentHub.GetNotes), chat.ConversationId, stopping.Token);
        }

        lock (gate)
        {
            var next = chats.Where(c => c.Value.Finished).ToDictionary();
            foreach (var chat in mine)
            {
                var view = chats.TryGetValue(chat.ConversationId, out var known) && !known.Finished ? known : new ChatView(chat);
                view.Replace(chat);
                view.SetNotes(notes[chat.ConversationId]);
                next[chat.ConversationId] = view;
            }

            // A chat that vanished while we were away was taken back by the server.
            foreach (var (id, old) in chats.Where(c => !c.Value.Finished && !next.ContainsKey(c.Key)))
            {
                old.Revoked ??= "gone";
                next[id] = old;
            }

            chats = next;
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                if (hub?.State != HubConnectionState.Connected || !BrowserAttached)
                {
                    continue;
                }

                var alive = await hub.InvokeAsync<bool>(nameof(IAgentHub.Heartbeat), ct);
                if (!alive && State?.Status is PresenceStatus.Online or PresenceStatus.Away)
                {
                    // Presence expired on the server (e.g. a long network break): show the truth.
                    await RefreshAsync();
                }
            }
            catch (Exception e) when (e is HubException or InvalidOperationException or HttpRequestException)
            {
                LogHeartbeatFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not connect to the agent hub")]
    private static partial void LogConnectFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not fetch missing messages")]
    private static partial void LogGapFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat failed; the next tick tries again")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception e);
}
