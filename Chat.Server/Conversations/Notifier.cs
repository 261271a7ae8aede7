using Chat.Server.Accounts;
using Chat.Server.Hubs;
using Chat.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Conversations;

/// <summary>Pushes to a visitor's or an agent's connections, on whichever instance they are (the Redis backplane carries it).</summary>
public sealed class Notifier(IHubContext<VisitorHub, IVisitorClient> visitors, IHubContext<AgentHub, IAgentClient> agents)
{
    public IVisitorClient Visitor(Guid visitorId) => visitors.Clients.User(ChatClaims.UserIdFor(SenderRole.Visitor, visitorId));

    public IAgentClient Agent(Guid agentId) => agents.Clients.User(ChatClaims.UserIdFor(SenderRole.Agent, agentId));

    /// <summary>Supervisor connections watching a conversation read-only.</summary>
    public IAgentClient Watchers(Guid conversationId) => agents.Clients.Group(WatchGroup(conversationId));

    public static string WatchGroup(Guid conversationId) => "watch:" + conversationId.ToString("N");
}
