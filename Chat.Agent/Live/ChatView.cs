using System.Collections.Immutable;
using Chat.Server.Hubs.Contracts;

namespace Chat.Agent.Live;

/// <summary>
/// One chat on the agent's desk. Its fields are replaced whole (immutable lists), so a render reads a consistent
/// snapshot while hub events arrive on other threads.
/// </summary>
public sealed class ChatView(AgentChat chat)
{
    public AgentChat Chat { get; private set; } = chat;

    public Guid Id => Chat.ConversationId;

    public ImmutableList<ChatMessage> Messages { get; private set; } = [.. chat.History.OrderBy(m => m.Sequence)];

    public ImmutableList<InternalNote> Notes { get; private set; } = [];

    /// <summary>The agent's messages not confirmed by the server yet, oldest first.</summary>
    public ImmutableList<OutgoingMessage> Outbox { get; private set; } = [];

    public void Enqueue(OutgoingMessage message) => Outbox = Outbox.Add(message);

    public void Settle(Guid clientMessageId) => Outbox = Outbox.RemoveAll(o => o.ClientMessageId == clientMessageId);

    public void Update(OutgoingMessage message) =>
        Outbox = Outbox.Select(o => o.ClientMessageId == message.ClientMessageId ? message : o).ToImmutableList();

    public long LastSequence => Messages.IsEmpty ? 0 : Messages[^1].Sequence;

    /// <summary>How far the agent has read.</summary>
    public long ReadUpTo { get; set; }

    /// <summary>How far the visitor has read the agent's messages (read receipts).</summary>
    public long VisitorReadUpTo { get; set; }

    /// <summary>When the visitor last said they were typing; null when they stopped.</summary>
    public DateTimeOffset? VisitorTypingAt { get; set; }

    /// <summary>A typing notice fades after a few seconds without news, in case the "stopped" event never comes.</summary>
    public bool VisitorTypingAsOf(DateTimeOffset now) => VisitorTypingAt is { } at && now - at < TimeSpan.FromSeconds(6);

    /// <summary>Set when the chat ended; it stays in the inbox until the agent dismisses it.</summary>
    public ChatClosed? Closed { get; set; }

    /// <summary>Set when the chat was taken away: the server's reason code ("transferred", "heartbeat_expired", …), "moved:NAME", "queue" or "gone".</summary>
    public string? Revoked { get; set; }

    public bool Finished => Closed is not null || Revoked is not null;

    public int Unread => Messages.Count(m => m.Sequence > ReadUpTo && m.Sender == SenderRole.Visitor);

    public ChatMessage? LastMessage => Messages.LastOrDefault(m => m.Sender != SenderRole.System) ?? Messages.LastOrDefault();

    /// <summary>When the visitor last wrote without an agent reply after it: the clock the agent is racing.</summary>
    public DateTimeOffset? WaitingSince
    {
        get
        {
            DateTimeOffset? since = null;
            foreach (var m in Messages)
            {
                if (m.Sender == SenderRole.Agent)
                {
                    since = null;
                }
                else if (m.Sender == SenderRole.Visitor && since is null)
                {
                    since = m.SentAt;
                }
            }

            return since;
        }
    }

    /// <summary>Adds messages in sequence order, once each; returns true when a gap means some are missing.</summary>
    public bool Merge(IEnumerable<ChatMessage> incoming)
    {
        var bySeq = Messages.ToDictionary(m => m.Sequence);
        foreach (var m in incoming)
        {
            bySeq[m.Sequence] = m;
        }

        Messages = [.. bySeq.Values.OrderBy(m => m.Sequence)];

        // A message stored already (a replay after reconnecting shows it) is no longer waiting to be resent.
        if (!Outbox.IsEmpty)
        {
            var stored = Messages.Where(m => m.ClientMessageId is not null).Select(m => m.ClientMessageId!.Value).ToHashSet();
            Outbox = Outbox.RemoveAll(o => stored.Contains(o.ClientMessageId));
        }
        for (var i = 0; i < Messages.Count; i++)
        {
            if (Messages[i].Sequence != Messages[0].Sequence + i)
            {
                return true;
            }
        }

        return !Messages.IsEmpty && Messages[0].Sequence != 1;
    }

    public void Replace(AgentChat chat)
    {
        Chat = chat;
        Merge(chat.History);
    }

    public void AddNote(InternalNote note)
    {
        if (!Notes.Any(n => n.Id == note.Id))
        {
            Notes = Notes.Add(note).Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        }
    }

    public void SetNotes(IEnumerable<InternalNote> notes) => Notes = [.. notes.OrderBy(n => n.CreatedAt)];

    /// <summary>A file of one message was withheld (by this agent, another tab or a supervisor): show it as withheld.</summary>
    public void Withhold(AttachmentWithheld withheld)
    {
        var index = Messages.FindIndex(m => m.Sequence == withheld.Sequence);
        if (index >= 0 && Messages[index] is { Attachments: { } files } message)
        {
            Messages = Messages.SetItem(index, message with { Attachments = [.. files.Select(f => f.Id == withheld.AttachmentId ? f with { Withheld = true } : f)] });
        }
    }

    /// <summary>A withheld file was overturned on review: show it again as the server now describes it.</summary>
    public void Release(AttachmentReleased released)
    {
        var index = Messages.FindIndex(m => m.Sequence == released.Sequence);
        if (index >= 0 && Messages[index] is { Attachments: { } files } message)
        {
            Messages = Messages.SetItem(index, message with { Attachments = [.. files.Select(f => f.Id == released.Attachment.Id ? released.Attachment : f)] });
        }
    }
}
