using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Presence;
using Chat.Server.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Hubs;

/// <summary>The staff hub (<c>/hubs/agent</c>), used by the agent console. Thin: every method hands over to a feature service.</summary>
[Authorize(Policy = ChatClaims.StaffPolicy)]
public sealed partial class AgentHub(
    ConversationService conversations,
    MessageService messages,
    AgentPresenceService presence,
    ConversationStore store,
    Dispatcher dispatcher) : Hub<IAgentClient>
{
    private Viewer Caller => new(SenderRole.Agent, Context.User!.Id(), Context.User!.IsSupervisor());

    private string CallerName => Context.User!.DisplayName();

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

    public Task<SendMessageResult> SendMessage(SendMessageRequest request) =>
        messages.SendAsync(Caller, CallerName, request, Context.ConnectionAborted);

    public Task<IReadOnlyList<ChatMessage>> GetMessagesAfter(Guid conversationId, long afterSequence) =>
        conversations.MessagesAfterAsync(Caller, conversationId, afterSequence, Context.ConnectionAborted);

    public Task Typing(Guid conversationId, bool isTyping) =>
        conversations.TypingAsync(Caller, CallerName, conversationId, isTyping, Context.ConnectionAborted);

    public Task MarkRead(Guid conversationId, long upToSequence) =>
        conversations.MarkReadAsync(Caller, conversationId, upToSequence, Context.ConnectionAborted);

    public Task<CloseChatResult> CloseChat(CloseChatRequest request) =>
        conversations.CloseByAgentAsync(Caller, CallerName, request, Context.ConnectionAborted);
}
