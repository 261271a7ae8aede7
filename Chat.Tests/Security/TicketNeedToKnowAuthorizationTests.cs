using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Chat.Tests.Security;

/// <summary>
/// Need-to-know on tickets: an agent lists and opens tickets assigned to them, from their own chats, or waiting
/// unassigned in their topics; once a colleague holds a ticket, the others are refused. Supervisors see all. Every
/// list and every opened ticket is audited.
/// </summary>
public sealed class TicketNeedToKnowAuthorizationTests
{
    [Fact]
    public async Task AgentsSeeTheirTicketsAndTheirTopicsQueueButNotAColleaguesTicket()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var holder = await cluster.CreateStaffAsync(topics: [Topics.Technical]);
        var colleague = await cluster.CreateStaffAsync(topics: [Topics.Technical]);
        var elsewhere = await cluster.CreateStaffAsync(topics: [Topics.Procurement]);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.RegisterVisitorAsync();
        using var asVisitor = cluster.Http(token: visitor.Token);
        var ticket = (await (await asVisitor.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Technical, "Gagal unggah", "Dokumen penawaran gagal diunggah."))).Content.ReadFromJsonAsync<TicketSummary>())!;
        using var asHolder = cluster.Http(token: holder.Token);
        using var asColleague = cluster.Http(token: colleague.Token);
        using var asElsewhere = cluster.Http(token: elsewhere.Token);
        using var asSupervisor = cluster.Http(token: supervisor.Token);
        var path = $"/api/tickets/{ticket.Number}";

        // Waiting unassigned: the topic's agents see it to take it; an agent of another topic does not.
        (await ListAsync(asColleague)).Should().Contain(t => t.Number == ticket.Number);
        (await ListAsync(asElsewhere)).Should().NotContain(t => t.Number == ticket.Number);
        (await asElsewhere.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await asHolder.PatchAsJsonAsync(path, new UpdateTicketRequest(null, holder.Staff.Id, null))).StatusCode.Should().Be(HttpStatusCode.OK);

        // Taken: the holder and supervisors only.
        (await ListAsync(asColleague)).Should().NotContain(t => t.Number == ticket.Number);
        var refused = await asColleague.GetAsync(path);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("ticket_not_yours").And.NotContain("Dokumen penawaran");
        (await asColleague.PostAsJsonAsync(path + "/entries", new AddTicketEntryRequest("ikut campur", false))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await asColleague.PatchAsJsonAsync(path, new UpdateTicketRequest(TicketStatus.Closed, null, null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ListAsync(asHolder)).Should().Contain(t => t.Number == ticket.Number);
        (await asHolder.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListAsync(asSupervisor)).Should().Contain(t => t.Number == ticket.Number);
        (await asSupervisor.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var db = new NpgsqlConnection(TestServices.Postgres);
        var readers = (await db.QueryAsync<Guid>(
            "SELECT actor_id FROM audit_log WHERE action = 'ticket.read' AND subject_id = @id", new { id = visitor.Visitor.VisitorId })).ToList();
        readers.Should().BeEquivalentTo([holder.Staff.Id, supervisor.Staff.Id], "refused reads open nothing; the others are recorded");
        (await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'ticket.list' AND actor_id = @id", new { id = colleague.Staff.Id }))
            .Should().Be(2);
    }

    [Fact]
    public async Task AnAgentSeesTheTicketOfTheirOwnChat()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var (agent, agentHub, _) = await cluster.OnlineAgentAsync(topics: [Topics.Account]);
        var other = await cluster.CreateStaffAsync(topics: [Topics.Procurement]);
        var visitor = await cluster.ConnectedVisitorAsync();
        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, "Akun terkunci"));
        var closed = await agentHub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(start.Chat!.ConversationId, false, "Perlu cek server"));

        using var asAgent = cluster.Http(token: agent.Token);
        (await asAgent.GetAsync($"/api/tickets/{closed.TicketNumber}")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var asOther = cluster.Http(token: other.Token);
        (await asOther.GetAsync($"/api/tickets/{closed.TicketNumber}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static async Task<IReadOnlyList<TicketSummary>> ListAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<List<TicketSummary>>("/api/tickets?limit=500"))!;
}
