using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Chat.Tests.Security;

/// <summary>An agent reads a visitor's profile and history only for a chat or ticket of theirs; every staff read is audited.</summary>
public sealed class NeedToKnowAuthorizationTests
{
    [Fact]
    public async Task AgentReadsOnlyTheirOwnVisitorsHistoryAndEveryReadIsAudited()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var helping = await cluster.OnlineAgentAsync(topics: [Topics.Account]);
        var other = await cluster.CreateStaffAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync();
        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(VisitorHub.StartChat), new StartChatRequest(Topics.Account, "Lupa kata sandi"));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
        var path = $"/api/staff/visitors/{visitor.Visitor.Visitor.VisitorId}/history";

        using var asHelping = cluster.Http(0, helping.Staff.Token);
        (await asHelping.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var asOther = cluster.Http(0, other.Token);
        var refused = await asOther.GetAsync(path);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().NotContain(visitor.Visitor.Visitor.Email);
        using var asSupervisor = cluster.Http(0, supervisor.Token);
        (await asSupervisor.GetFromJsonAsync<VisitorHistory>(path))!.Visitor.Email.Should().Be(visitor.Visitor.Visitor.Email);

        await using var db = new NpgsqlConnection(TestServices.Postgres);
        var readers = (await db.QueryAsync<Guid>(
            "SELECT actor_id FROM audit_log WHERE action = 'visitor_history_read' AND subject_id = @id", new { id = visitor.Visitor.Visitor.VisitorId })).ToList();
        readers.Should().BeEquivalentTo([helping.Staff.Staff.Id, supervisor.Staff.Id]);
    }
}
