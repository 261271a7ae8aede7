using System.Net;
using System.Net.Http.Json;
using Chat.Server.Accounts;
using Chat.Server.Hubs;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Chat.Tests.Security;

/// <summary>
/// Sessions end when the account does: deactivation, password reset, closure and suspension close the person's
/// open connections on every instance, every hub call re-checks the account, and an expired token's connection is closed.
/// </summary>
public sealed class SessionRevocationAuthorizationTests
{
    /// <summary>The revocation signal goes through Redis at once; the spec allows 5 seconds.</summary>
    private static readonly TimeSpan SignalBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task DeactivatedAgentIsDisconnectedOnAnotherInstanceAndNeverGetsTheNextChat()
    {
        // A cached account check that would never expire during the test: only the signal can close the connection.
        await using var cluster = await ChatCluster.StartAsync(2, s => s["Security:AccountCacheTtl"] = "01:00:00");
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var agent = await cluster.OnlineAgentAsync(instance: 1, topics: [Topics.Technical]);
        var closed = Closed(agent.Hub);

        using var http = cluster.Http(0, supervisor.Token);
        (await http.PostAsJsonAsync($"/api/supervision/staff/{agent.Staff.Staff.Id}/active", new SetStaffActiveRequest(false))).EnsureSuccessStatusCode();

        await closed.WaitAsync(SignalBound);
        var reconnect = () => cluster.ConnectAgentAsync(agent.Staff.Token, 1);
        await reconnect.Should().ThrowAsync<HttpRequestException>();

        var visitor = await cluster.ConnectedVisitorAsync(1);
        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(VisitorHub.StartChat), new StartChatRequest(Topics.Technical, "Tidak bisa unggah dokumen"));
        start.Outcome.Should().NotBe(StartChatOutcome.Assigned, "the only agent of the topic was deactivated");
    }

    [Fact]
    public async Task PasswordResetDisconnectsTheAgentsOpenConsole()
    {
        await using var cluster = await ChatCluster.StartAsync(2, s => s["Security:AccountCacheTtl"] = "01:00:00");
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var agent = await cluster.OnlineAgentAsync(instance: 1);
        var closed = Closed(agent.Hub);

        using var http = cluster.Http(0, supervisor.Token);
        (await http.PostAsJsonAsync($"/api/supervision/staff/{agent.Staff.Staff.Id}/password", new ResetStaffPasswordRequest("kata-sandi-baru-456"))).EnsureSuccessStatusCode();

        await closed.WaitAsync(SignalBound);
    }

    [Fact]
    public async Task ClosedVisitorAccountIsDisconnectedOnEveryInstance()
    {
        await using var cluster = await ChatCluster.StartAsync(2, s => s["Security:AccountCacheTtl"] = "01:00:00");
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync(1);
        var closed = Closed(visitor.Hub);

        using var http = cluster.Http(0, supervisor.Token);
        (await http.PostAsJsonAsync($"/api/supervision/visitors/{visitor.Visitor.Visitor.VisitorId}/close", new CloseVisitorRequest("Permintaan pemilik akun", null))).EnsureSuccessStatusCode();

        await closed.WaitAsync(SignalBound);
    }

    [Fact]
    public async Task EveryHubCallRechecksTheAccountEvenWithoutASignal()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Security:AccountCacheTtl"] = "00:00:00.200");
        var agent = await cluster.OnlineAgentAsync();
        var closed = Closed(agent.Hub);

        // Deactivated behind the server's back (no signal): the next call after the short cache refuses and hangs up.
        await using (var db = new NpgsqlConnection(TestServices.Postgres))
        {
            await db.ExecuteAsync("UPDATE staff SET active = false WHERE id = @id", new { id = agent.Staff.Staff.Id });
        }

        var code = await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    await agent.Hub.InvokeAsync<AgentState>(nameof(AgentHub.SetPresence), new SetPresenceRequest(PresenceStatus.Online, null, null));
                    return null;
                }
                catch (Exception e)
                {
                    return HubErrors.CodeOf(e.Message) ?? e.GetType().Name;
                }
            },
            c => c is not null,
            "the deactivated agent's call to be refused");
        code.Should().BeOneOf(HubErrors.SessionRevoked, nameof(InvalidOperationException), nameof(TaskCanceledException));
        await closed.WaitAsync(Wait.Timeout);
    }

    [Fact]
    public async Task ConnectionIsClosedWhenItsTokenExpires()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Accounts:StaffTokenLifetime"] = "00:00:03");
        var agent = await cluster.OnlineAgentAsync();
        var closed = Closed(agent.Hub);

        await closed.WaitAsync(Wait.Timeout);
        var reconnect = () => cluster.ConnectAgentAsync(agent.Staff.Token);
        await reconnect.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task SuspendedVisitorMayReadButEveryHubWriteIsRefused()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await cluster.OnlineAgentAsync(topics: [Topics.Other]);
        var visitor = await cluster.ConnectedVisitorAsync();
        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(VisitorHub.StartChat), new StartChatRequest(Topics.Other, "Halo"));
        var conversation = start.Chat!.ConversationId;

        await cluster[0].Service<VisitorStore>().SetStatusAsync(visitor.Visitor.Visitor.VisitorId, "suspended", "uji", "3", null, Chat.Server.Audit.AuditEntry.System("test.suspend", visitor.Visitor.Visitor.VisitorId), CancellationToken.None);
        await cluster[0].Service<Chat.Server.Security.SessionSignals>().AccountChangedAsync(SenderRole.Visitor, visitor.Visitor.Visitor.VisitorId, closeConnections: false);

        (await visitor.Hub.RefusedAsync(nameof(VisitorHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "masih bisa?"))).Code.Should().Be(HubErrors.AccountSuspended);
        (await visitor.Hub.RefusedAsync(nameof(VisitorHub.Typing), conversation, true)).Code.Should().Be(HubErrors.AccountSuspended);
        (await visitor.Hub.RefusedAsync(nameof(VisitorHub.LeaveQueue), new LeaveQueueRequest(conversation, true, "tolong"))).Code.Should().Be(HubErrors.AccountSuspended);
        (await visitor.Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(VisitorHub.GetMessagesAfter), conversation, 0L)).Should().NotBeNull();

        using var http = cluster.Http(token: visitor.Visitor.Token);
        var ticket = await http.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Other, "Soal akun", "Akun saya bermasalah"));
        ticket.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ticket.Content.ReadAsStringAsync()).Should().Contain(HubErrors.AccountSuspended);
        var rating = await http.PostAsJsonAsync($"/api/visitors/me/conversations/{conversation}/rating", new { score = 5, comment = "bagus" });
        rating.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var email = await http.PutAsJsonAsync("/api/visitors/me/email", new UpdateEmailRequest($"baru-{Guid.NewGuid():N}@penyedia.example.id"));
        email.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static Task Closed(HubConnection hub)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
