using Chat.Server.Audit;
using Chat.Server.Conversations;
using Chat.Server.Presence;
using Microsoft.Extensions.Options;

namespace Chat.Server.Routing;

/// <summary>
/// <c>Routing:AnswerTimeout</c>: a chat whose assigned agent has not written within the timeout goes back to the
/// front of the queue and on to another agent; the agent is marked away (their console shows it) and the event is
/// in the audit log, where supervisors see who let which chat wait. Run by the routing sweep on one instance.
/// </summary>
public sealed class AnswerWatch(
    Router router,
    Dispatcher dispatcher,
    AgentPresenceService presence,
    Notifier notifier,
    AuditLog audit,
    IOptions<RoutingOptions> options,
    ILogger<AnswerWatch> logger)
{
    public const string Reason = "answer_timeout";

    /// <summary>Takes back what waited too long; returns how many chats went back to the queue.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var timeout = options.Value.AnswerTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            return 0;
        }

        var taken = 0;
        foreach (var released in await router.TakeBackUnansweredAsync(timeout))
        {
            foreach (var conversation in released.Requeued)
            {
                await audit.AppendAsync(AuditEntry.System("routing.answer_timeout", conversation,
                    new { agent = released.AgentId, timeoutSeconds = (int)timeout.TotalSeconds }), ct);
            }

            logger.LogWarning("Agent {Agent} did not answer {Count} chat(s) within {Timeout}; marked away", released.AgentId, released.Requeued.Count, timeout);
            await notifier.Agent(released.AgentId).StateChanged(await presence.StateAsync(released.AgentId, ct));
            await dispatcher.OnReleasedAsync(released, Reason, ct);
            taken += released.Requeued.Count;
        }

        return taken;
    }
}
