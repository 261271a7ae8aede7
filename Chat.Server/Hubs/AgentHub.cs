using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Metrics;
using Chat.Server.Notes;
using Chat.Server.Transfers;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Presence;
using Chat.Server.Routing;
using Microsoft.AspNetCore.Authorization;

namespace Chat.Server.Hubs;

/// <summary>The staff hub (<c>/hubs/agent</c>), used by the agent console. Thin: every method hands over to a feature service.</summary>
[Authorize(Policy = ChatClaims.StaffPolicy)]
public sealed partial class AgentHub(
    ConversationService conversations,
    MessageService messages,
    AgentPresenceService presence,
    ConversationStore store,
    Dispatcher dispatcher,
    TransferService transfers,
    NoteService notes,
    QueueMetricsReader metrics,
    MetricsHistoryStore history) : ConversationHub<IAgentClient>(conversations, messages), IAgentHub
{
    protected override Viewer Caller => new(SenderRole.Agent, Context.User!.Id(), Context.User!.IsSupervisor());

    public override async Task OnConnectedAsync()
    {
        await presence.HeartbeatAsync(Caller.Id);
        await base.OnConnectedAsync();
    }

    public Task<AgentState> SetPresence(SetPresenceRequest request) => presence.SetAsync(Caller.Id, request, Context.ConnectionAborted);

    public Task<AgentState> GetState() => presence.StateAsync(Caller.Id, Context.ConnectionAborted);

    /// <summary>Keeps presence alive; the console calls it every few seconds. Returns false when presence expired.</summary>
    public Task<bool> Heartbeat() => presence.HeartbeatAsync(Caller.Id);

    public async Task<IReadOnlyList<AgentChat>> GetMyChats()
    {
        var chats = new List<AgentChat>();
        foreach (var conversation in await store.ListActiveForAgentAsync(Caller.Id, Context.ConnectionAborted))
        {
            chats.Add(await dispatcher.BuildAgentChatAsync(conversation, Caller.Id, Context.ConnectionAborted));
        }

        return chats;
    }

    public Task<CloseChatResult> CloseChat(CloseChatRequest request) =>
        Conversations.CloseByAgentAsync(Caller, CallerName, request, Context.ConnectionAborted);
}
