using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Routing;

namespace Chat.Server.Presence;

/// <summary>Agents' presence, capacity and topics; remembered in the staff table, live in Redis.</summary>
public sealed class AgentPresenceService(Router router, Dispatcher dispatcher, StaffStore staff)
{
    public async Task<AgentState> SetAsync(Guid agentId, SetPresenceRequest? request, CancellationToken ct = default)
    {
        if (request is null || !Enum.IsDefined(request.Status))
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "status");
        }

        if (request.Capacity is < 1 or > 10)
        {
            throw ChatError.BadRequest(HubErrors.InvalidArgument, "InvalidArgument", "capacity (1-10)");
        }

        if (request.Topics is { } requested && (requested.Count == 0 || requested.Any(t => !Topics.IsKnown(t))))
        {
            throw ChatError.BadRequest(HubErrors.InvalidTopic, "InvalidTopic", string.Join(", ", Topics.All));
        }

        var member = await staff.GetAsync(agentId, ct) ?? throw ChatError.Forbidden(HubErrors.Forbidden, "Forbidden");
        var capacity = request.Capacity ?? member.Capacity;
        IReadOnlyList<string> topics = request.Topics is { } t ? [.. t.Distinct(StringComparer.Ordinal)] : member.Topics;
        if (capacity != member.Capacity || !topics.SequenceEqual(member.Topics))
        {
            await staff.UpdateRoutingAsync(agentId, capacity, topics, ct);
        }

        var released = await router.SetPresenceAsync(agentId, member.DisplayName, request.Status, capacity, topics);
        if (released is not null)
        {
            await dispatcher.OnReleasedAsync(released, "agent_offline", ct);
        }
        else
        {
            await dispatcher.RunAsync(ct);
            dispatcher.RequestAllPositions();
        }

        var (status, active) = await router.AgentStateAsync(agentId);
        return new AgentState(agentId, member.DisplayName, status, capacity, topics, active);
    }

    public async Task<AgentState> StateAsync(Guid agentId, CancellationToken ct = default)
    {
        var member = await staff.GetAsync(agentId, ct) ?? throw ChatError.Forbidden(HubErrors.Forbidden, "Forbidden");
        var (status, active) = await router.AgentStateAsync(agentId);
        return new AgentState(agentId, member.DisplayName, status, member.Capacity, member.Topics, active);
    }

    /// <summary>Keeps an online or away agent alive; returns false when presence already expired.</summary>
    public Task<bool> HeartbeatAsync(Guid agentId) => router.HeartbeatAsync(agentId);
}
