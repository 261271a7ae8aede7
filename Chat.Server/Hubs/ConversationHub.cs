using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Hubs;

/// <summary>What visitors and staff do alike inside a conversation; each hub says who the caller is.</summary>
public abstract class ConversationHub<TClient>(ConversationService conversations, MessageService messages) : Hub<TClient>
    where TClient : class
{
    protected abstract Viewer Caller { get; }

    protected string CallerName => Context.User!.FindFirst(Accounts.ChatClaims.Name)?.Value ?? string.Empty;

    protected ConversationService Conversations => conversations;

    public Task<SendMessageResult> SendMessage(SendMessageRequest request) =>
        messages.SendAsync(Caller, CallerName, request, Context.ConnectionAborted);

    public Task<IReadOnlyList<ChatMessage>> GetMessagesAfter(Guid conversationId, long afterSequence) =>
        conversations.MessagesAfterAsync(Caller, conversationId, afterSequence, Context.ConnectionAborted);

    public Task Typing(Guid conversationId, bool isTyping) =>
        conversations.TypingAsync(Caller, CallerName, conversationId, isTyping, Context.ConnectionAborted);

    public Task MarkRead(Guid conversationId, long upToSequence) =>
        conversations.MarkReadAsync(Caller, conversationId, upToSequence, Context.ConnectionAborted);
}
