using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Resources;

namespace Chat.Server.Moderation;

/// <summary>
/// Moderation for everything a person reads outside the chat: the visitor's name and agency, the offline form,
/// ticket entries and rating comments go through the same engine as chat messages. Text that would be masked or
/// blocked in a chat is refused with a clear error (nothing half-hidden is stored where staff read it), and a
/// suspended or closed account can write nothing anywhere.
/// </summary>
internal sealed class ContentGate(ModerationEngine engine, VisitorStore visitors, TimeProvider time)
{
    /// <summary>Refuses <paramref name="text"/> when moderation would withhold it; <paramref name="field"/> is a Field* string key.</summary>
    public void Ensure(string field, string? text, SenderRole author)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var verdict = engine.Evaluate(text, author);
        if (verdict.Action is ModerationAction.Allow or ModerationAction.Flag)
        {
            return;
        }

        var category = verdict.Categories.FirstOrDefault(c => ModerationCategories.Clause(c) == verdict.Clause) ?? verdict.Categories[0];
        throw ChatError.BadRequest(HubErrors.ContentRejected, "ModerationFieldRejected", Text.Get(field),
            Text.Get("ModerationCategory" + category.Replace("_", string.Empty, StringComparison.Ordinal)), verdict.Clause);
    }

    /// <summary>Refuses any writing by a visitor whose account is suspended (until it ends) or closed.</summary>
    public async Task EnsureMayWriteAsync(Guid visitorId, CancellationToken ct)
    {
        var visitor = await visitors.GetAsync(visitorId, ct) ?? throw ChatError.Forbidden(HubErrors.Forbidden, "Unauthorized");
        var suspended = visitor.Status == "suspended" && (visitor.SuspendedUntil is null || visitor.SuspendedUntil > time.GetUtcNow().UtcDateTime);
        if (visitor.Status == "closed" || suspended)
        {
            throw ChatError.Forbidden(HubErrors.AccountSuspended, "AccountSuspendedWrite", visitor.StatusReason);
        }
    }
}
