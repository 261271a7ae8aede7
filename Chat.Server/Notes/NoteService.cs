using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Security;

namespace Chat.Server.Notes;

/// <summary>Adds and lists internal notes; the assigned agent and watching supervisors see new notes live.</summary>
public sealed class NoteService(NoteStore notes, MessageService messages, Notifier notifier)
{
    public const int MaxLength = 2000;

    public async Task<InternalNote> AddAsync(Viewer caller, string callerName, Guid conversationId, string? text, CancellationToken ct = default)
    {
        var body = Validate(text);
        var conversation = await messages.RequireParticipantAsync(caller, conversationId, ct, allowClosed: true, allowSupervisor: true);
        var note = await notes.AddAsync(conversation.Id, caller.Id, callerName, body, ct);
        if (conversation.AgentId is { } agent && agent != caller.Id)
        {
            await notifier.Agent(agent).NoteAdded(note);
        }

        await notifier.Watchers(conversation.Id).NoteAdded(note);
        return note;
    }

    public async Task<IReadOnlyList<InternalNote>> ListAsync(Viewer caller, Guid conversationId, CancellationToken ct = default)
    {
        var conversation = await messages.RequireParticipantAsync(caller, conversationId, ct, allowClosed: true, allowSupervisor: true);
        return await notes.ListAsync(conversation.Id, ct);
    }

    internal static string Validate(string? text)
    {
        var body = HumanText.Clean(text);
        return string.IsNullOrEmpty(body) || body.Length > MaxLength
            ? throw ChatError.BadRequest(HubErrors.InvalidArgument, "NoteRequired", MaxLength)
            : body;
    }
}
