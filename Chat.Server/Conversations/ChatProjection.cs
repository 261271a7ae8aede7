using Chat.Server.Attachments;
using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Conversations;

/// <summary>Turns stored messages into what one viewer may see.</summary>
public static class ChatProjection
{
    public static ChatMessage ToMessage(this MessageRow row, Viewer viewer)
    {
        var action = ParseAction(row.ModerationAction);
        var sender = row.SenderRole switch
        {
            "visitor" => SenderRole.Visitor,
            "agent" => SenderRole.Agent,
            _ => SenderRole.System,
        };
        var isSender = row.SenderId == viewer.Id;
        var releasedAt = row.ReleasedAt;
        var text = releasedAt is not null ? row.Body : action switch
        {
            ModerationAction.Block => isSender || viewer.Supervisor ? row.Body : null,
            ModerationAction.Mask => viewer.Supervisor ? row.Body : row.DeliveredBody ?? row.Body,
            _ => row.Body,
        };

        // Flags are for supervisors; participants see notices only for what was hidden from someone.
        var notice = action switch
        {
            ModerationAction.Allow => null,
            _ when releasedAt is not null && !viewer.Supervisor => null,
            ModerationAction.Flag when !viewer.Supervisor => null,
            _ => new ModerationNotice(action, row.ModerationCategories, row.ModerationClause, row.ModerationNote),
        };
        return new ChatMessage(row.ConversationId, row.Seq, row.Id, row.ClientMessageId, sender, row.SenderName, text,
            row.CreatedAt, notice, releasedAt, AttachmentJson.Read(row.Attachments, withheldFromViewer: text is null));
    }

    public static string RoleName(SenderRole role) => role switch
    {
        SenderRole.Visitor => "visitor",
        SenderRole.Agent => "agent",
        _ => "system",
    };

    public static string ActionName(ModerationAction action) => action.ToString().ToLowerInvariant();

    private static ModerationAction ParseAction(string value) => value switch
    {
        "flag" => ModerationAction.Flag,
        "mask" => ModerationAction.Mask,
        "block" => ModerationAction.Block,
        _ => ModerationAction.Allow,
    };
}
