using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Authorization;

namespace Chat.Server.Hubs;

/// <summary>The visitor's hub (<c>/hubs/visitor</c>), used by the widget. Thin: every method hands over to a feature service.</summary>
[Authorize(Policy = ChatClaims.VisitorPolicy)]
public sealed class VisitorHub(ConversationService conversations, MessageService messages)
    : ConversationHub<IVisitorClient>(conversations, messages), IVisitorHub
{
    protected override Viewer Caller => new(SenderRole.Visitor, Context.User!.Id(), false);

    public Task<StartChatResult> StartChat(StartChatRequest request) =>
        Conversations.StartAsync(Caller.Id, request, Context.ConnectionAborted);

    public Task<ChatState?> ResumeChat() => Conversations.ResumeAsync(Caller.Id, Context.ConnectionAborted);

    public Task<LeaveQueueResult> LeaveQueue(LeaveQueueRequest request) =>
        Conversations.LeaveQueueAsync(Caller, CallerName, request, Context.ConnectionAborted);

    public Task EndChat(Guid conversationId) =>
        Conversations.EndByVisitorAsync(Caller, conversationId, Context.ConnectionAborted);
}
