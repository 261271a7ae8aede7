using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;
using Microsoft.Extensions.Options;

namespace Chat.Server.Moderation;

/// <summary>
/// Strikes with decay: each masked or blocked visitor message adds points; past <see cref="ModerationOptions.TerminateAt"/>
/// the chat ends, past <see cref="ModerationOptions.SuspendAt"/> the account is suspended too. The decision and its
/// reason and clause are recorded in the audit log and returned as an <see cref="EnforcementOutcome"/> for the
/// message path to carry out.
/// </summary>
internal sealed class Enforcement(
    ModerationStore store,
    VisitorStore visitors,
    AuditLog audit,
    Notifier notifier,
    Security.SessionSignals sessions,
    TimeProvider time,
    IOptions<ModerationOptions> options,
    ILogger<Enforcement> logger)
{
    public async Task<EnforcementOutcome> StrikeAsync(ModerationInput input, ModerationVerdict verdict, Guid? messageId, CancellationToken ct, Guid? attachmentId = null)
    {
        var o = options.Value;
        var category = verdict.Categories.FirstOrDefault(c => ModerationCategories.Clause(c) == verdict.Clause) ?? (verdict.Categories.Count > 0 ? verdict.Categories[0] : ModerationCategories.StaffAbuse);
        var points = verdict.Action switch
        {
            ModerationAction.Block when verdict.Clause == "1" => o.SeverePoints,
            ModerationAction.Block => o.BlockPoints,
            ModerationAction.Mask => o.MaskPoints,
            _ => 0,
        };
        if (points <= 0)
        {
            return EnforcementOutcome.None;
        }

        var total = await store.AddStrikeAsync(input.SenderId, messageId, category, points, o.StrikeWindow, ct, attachmentId);
        if (total < o.TerminateAt && total < o.SuspendAt)
        {
            return EnforcementOutcome.None;
        }

        var clause = verdict.Clause ?? ModerationCategories.Clause(category);
        var what = Text.Stored("ModerationCategory" + category.Replace("_", string.Empty, StringComparison.Ordinal));
        AccountSuspended? suspension = null;
        if (total >= o.SuspendAt)
        {
            DateTimeOffset? until = o.SuspensionDuration > TimeSpan.Zero ? time.GetUtcNow() + o.SuspensionDuration : null;
            var reason = Text.Stored("ModerationSuspended", what, clause);
            await visitors.SetStatusAsync(input.SenderId, "suspended", reason, clause, until,
                AuditEntry.System("moderation.visitor.suspended", input.SenderId, new { reason, clause, until, points = total, messageId }), ct);
            logger.LogInformation("Visitor {Visitor} suspended under clause {Clause} with {Points} strike points", input.SenderId, clause, total);
            suspension = new AccountSuspended(reason, clause, until);
            await notifier.Visitor(input.SenderId).AccountSuspended(suspension);

            // Every instance refuses the visitor's writes at once; the connection stays so the widget can show why.
            await sessions.AccountChangedAsync(SenderRole.Visitor, input.SenderId, closeConnections: false);
        }

        if (input.ConversationId == Guid.Empty)
        {
            // A strike from outside a chat (a file on a ticket): there is no conversation to end.
            return new EnforcementOutcome(null, suspension);
        }

        await audit.AppendAsync(AuditEntry.System("moderation.conversation.terminated", input.ConversationId, new { visitor = input.SenderId, clause, points = total, messageId }), ct);
        return new EnforcementOutcome(new ChatEnding(Text.Stored("ModerationTerminated", what, clause), clause), suspension);
    }
}
