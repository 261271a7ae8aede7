using Chat.Server.Accounts;
using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;
using Microsoft.Extensions.Options;

namespace Chat.Server.Moderation;

/// <summary>
/// Strikes with decay: each masked or blocked visitor message adds points; past <see cref="ModerationOptions.TerminateAt"/>
/// the chat ends, past <see cref="ModerationOptions.SuspendAt"/> the account is suspended too. Reason and clause are
/// recorded on the account, the conversation and in the audit log.
/// </summary>
internal sealed class Enforcement(
    ModerationStore store,
    VisitorStore visitors,
    Notifier notifier,
    Security.SessionSignals sessions,
    IServiceProvider services,
    TimeProvider time,
    IOptions<ModerationOptions> options,
    ILogger<Enforcement> logger)
{
    public async Task StrikeAsync(ModerationInput input, ModerationVerdict verdict, Guid messageId, CancellationToken ct)
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
            return;
        }

        var total = await store.AddStrikeAsync(input.SenderId, messageId, category, points, o.StrikeWindow, ct);
        if (total < o.TerminateAt && total < o.SuspendAt)
        {
            return;
        }

        var clause = verdict.Clause ?? ModerationCategories.Clause(category);
        var what = Text.Stored("ModerationCategory" + category.Replace("_", string.Empty, StringComparison.Ordinal));
        if (total >= o.SuspendAt)
        {
            DateTimeOffset? until = o.SuspensionDuration > TimeSpan.Zero ? time.GetUtcNow() + o.SuspensionDuration : null;
            var reason = Text.Stored("ModerationSuspended", what, clause);
            await visitors.SetStatusAsync(input.SenderId, "suspended", reason, clause, until, ct);
            await store.AuditAsync("system", null, "moderation.visitor.suspended", input.SenderId, new { reason, clause, until, points = total, messageId }, ct);
            logger.LogInformation("Visitor {Visitor} suspended under clause {Clause} with {Points} strike points", input.SenderId, clause, total);
            await notifier.Visitor(input.SenderId).AccountSuspended(new AccountSuspended(reason, clause, until));
            await sessions.AccountChangedAsync(SenderRole.Visitor, input.SenderId);
        }

        // Resolved here, not injected: ConversationService depends on the message path, which depends on moderation.
        var conversations = services.GetRequiredService<ConversationService>();
        var ended = Text.Stored("ModerationTerminated", what, clause);
        await conversations.TerminateAsync(input.ConversationId, ended, clause, ct);
        await store.AuditAsync("system", null, "moderation.conversation.terminated", input.ConversationId, new { visitor = input.SenderId, clause, points = total, messageId }, ct);
    }
}
