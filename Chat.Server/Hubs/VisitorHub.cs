using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Hubs;

/// <summary>The visitor's hub (<c>/hubs/visitor</c>), used by the widget. Thin: every method hands over to a feature service.</summary>
[Authorize(Policy = ChatClaims.VisitorPolicy)]
public sealed class VisitorHub(ConversationService conversations, MessageService messages) : Hub<IVisitorClient>
{
    private Viewer Caller => new(SenderRole.Visitor, Context.User!.Id(), false);

    private string CallerName => Context.User!.DisplayName();

    public Task<StartChatResult> StartChat(StartChatRequest request) =>
        conversations.StartAsync(Caller.Id, request, Context.ConnectionAborted);

    public Task<ChatState?> ResumeChat() => conversations.ResumeAsync(Caller.Id, Context.ConnectionAborted);

    public Task<SendMessageResult> SendMessage(SendMessageRequest request) =>
        messages.SendAsync(Caller, CallerName, request, Context.ConnectionAborted);

    public Task<IReadOnlyList<ChatMessage>> GetMessagesAfter(Guid conversationId, long afterSequence) =>
        conversations.MessagesAfterAsync(Caller, conversationId, afterSequence, Context.ConnectionAborted);

    public Task Typing(Guid conversationId, bool isTyping) =>
        conversations.TypingAsync(Caller, CallerName, conversationId, isTyping, Context.ConnectionAborted);

    public Task MarkRead(Guid conversationId, long upToSequence) =>
        conversations.MarkReadAsync(Caller, conversationId, upToSequence, Context.ConnectionAborted);

    public Task<LeaveQueueResult> LeaveQueue(LeaveQueueRequest request) =>
        conversations.LeaveQueueAsync(Caller, CallerName, request, Context.ConnectionAborted);

    public Task EndChat(Guid conversationId) =>
        conversations.EndByVisitorAsync(Caller, conversationId, Context.ConnectionAborted);
}
