using System.Net.Http.Json;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Security;

/// <summary>The nine callers of the authorisation matrix.</summary>
public enum Caller
{
    Anonymous,
    Visitor,
    OtherVisitor,
    SuspendedVisitor,
    Agent,
    OtherAgent,
    DeactivatedAgent,
    Supervisor,
    ForgedOrExpired,
}

/// <summary>
/// One cluster with a caller of every kind: the visitor's chat is assigned to the agent and the visitor has a ticket;
/// the other visitor and agent hold nothing of theirs; the suspended visitor and deactivated agent were in good
/// standing when their tokens were issued.
/// </summary>
public sealed class AuthorizationMatrixWorld : IAsyncDisposable
{
    private readonly Dictionary<Caller, string?> tokens = [];

    private AuthorizationMatrixWorld(ChatCluster cluster) => Cluster = cluster;

    public ChatCluster Cluster { get; }

    public Guid VisitorId { get; private set; }

    public Guid AgentId { get; private set; }

    public Guid SupervisorId { get; private set; }

    /// <summary>The visitor's chat, assigned to the agent.</summary>
    public Guid Conversation { get; private set; }

    /// <summary>The visitor's ticket (from the offline form).</summary>
    public string Ticket { get; private set; } = string.Empty;

    public HubConnection AgentHub { get; private set; } = default!;

    public string? Token(Caller caller) => tokens[caller];

    /// <summary>A token that expired a few seconds ago, of a visitor or of the supervisor.</summary>
    public string ExpiredToken(bool visitor) => Cluster[0].Service<TokenService>()
        .Issue(visitor ? TokenKind.Visitor : TokenKind.Staff, visitor ? VisitorId : SupervisorId, 1, TimeSpan.FromSeconds(-5)).Token;

    public static async Task<AuthorizationMatrixWorld> StartAsync()
    {
        var cluster = await ChatCluster.StartAsync();
        var world = new AuthorizationMatrixWorld(cluster);
        await world.BuildAsync();
        return world;
    }

    /// <summary>A new visitor's chat assigned to the agent (the only agent online), for calls that end or move a chat.</summary>
    public async Task<Guid> FreshAssignedChatAsync()
    {
        var (_, hub, _) = await Cluster.ConnectedVisitorAsync();
        var start = await hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, "Pertanyaan baru"));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
        return start.Chat!.ConversationId;
    }

    private async Task BuildAsync()
    {
        var (agent, agentHub, _) = await Cluster.OnlineAgentAsync(capacity: 10);
        AgentHub = agentHub;
        AgentId = agent.Staff.Id;
        var other = await Cluster.CreateStaffAsync();
        var supervisor = await Cluster.CreateStaffAsync(StaffRole.Supervisor);
        SupervisorId = supervisor.Staff.Id;
        var deactivated = await Cluster.CreateStaffAsync();

        var (visitor, visitorHub, _) = await Cluster.ConnectedVisitorAsync();
        VisitorId = visitor.Visitor.VisitorId;
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, "Halo, saya butuh bantuan"));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
        Conversation = start.Chat!.ConversationId;
        using (var asVisitor = Cluster.Http(token: visitor.Token))
        {
            var created = await asVisitor.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Other, "Tiket uji matriks", "Mohon dibantu kendala unggah dokumen."));
            created.EnsureSuccessStatusCode();
            Ticket = (await created.Content.ReadFromJsonAsync<TicketSummary>())!.Number;
        }

        var otherVisitor = await Cluster.RegisterVisitorAsync();
        var suspended = await Cluster.RegisterVisitorAsync();
        await Cluster[0].Service<VisitorStore>().SetStatusAsync(
            suspended.Visitor.VisitorId, "suspended", "uji matriks", "3", null, AuditEntry.System("test.suspend", suspended.Visitor.VisitorId), CancellationToken.None);
        using (var asSupervisor = Cluster.Http(token: supervisor.Token))
        {
            (await asSupervisor.PostAsJsonAsync($"/api/supervision/staff/{deactivated.Staff.Id}/active", new SetStaffActiveRequest(false))).EnsureSuccessStatusCode();
        }

        tokens[Caller.Anonymous] = null;
        tokens[Caller.Visitor] = visitor.Token;
        tokens[Caller.OtherVisitor] = otherVisitor.Token;
        tokens[Caller.SuspendedVisitor] = suspended.Token;
        tokens[Caller.Agent] = agent.Token;
        tokens[Caller.OtherAgent] = other.Token;
        tokens[Caller.DeactivatedAgent] = deactivated.Token;
        tokens[Caller.Supervisor] = supervisor.Token;
        tokens[Caller.ForgedOrExpired] = "palsu-" + Guid.NewGuid().ToString("N");
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
