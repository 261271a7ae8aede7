using System.Net;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Operations;

/// <summary>OpenTelemetry metrics at /metrics for Prometheus, reachable only from the configured networks.</summary>
public sealed class MetricsAuditTests
{
    [Fact]
    public async Task PrometheusScrapeShowsConnectionsMessagesByVerdictQueuesAndSendLatency()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Observability:GaugeInterval"] = "00:00:01");
        var agent = await cluster.OnlineAgentAsync(topics: [Topics.Account]);
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, "Lupa kata sandi"))).Chat!.ConversationId;
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
        await visitor.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "Akun saya terkunci"));
        using var http = cluster.Http();

        var text = await Wait.UntilAsync(
            () => http.GetStringAsync("/metrics"),
            t => t.Contains("chat_queue_length{", StringComparison.Ordinal) && t.Contains("chat_messages_total{", StringComparison.Ordinal),
            "a scrape with the chat instruments");

        // Every test server in this process reports into the same meter name, so only the series are asserted here.
        var chat = string.Join('\n', text.Split('\n').Where(l => l.StartsWith("chat_", StringComparison.Ordinal)));
        chat.Should().MatchRegex("chat_connections\\{[^}]*hub=\"VisitorHub\"");
        chat.Should().MatchRegex("chat_connections\\{[^}]*hub=\"AgentHub\"");
        text.Should().MatchRegex("chat_messages_total\\{[^}]*verdict=\"allow\"");
        text.Should().Contain("chat_send_duration_seconds_bucket{");
        text.Should().Contain("chat_moderation_duration_seconds_bucket{");
        text.Should().Contain("chat_assignment_wait_seconds_bucket{");
        text.Should().MatchRegex("chat_queue_length\\{[^}]*topic=\"akun\"");
        text.Should().MatchRegex("chat_queue_oldest_wait_seconds\\{[^}]*topic=\"akun\"");
        text.Should().Contain("http_server_request_duration_seconds", "ASP.NET Core's own instruments are exported too");
    }

    [Fact]
    public async Task MetricsAreHiddenFromAddressesOutsideTheConfiguredNetworks()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Observability:MetricsAllowedNetworks:0"] = "10.20.30.0/24");
        var staff = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var http = cluster.Http(token: staff.Token);
        (await http.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a supervisor's token does not open it either: only the network does");
    }
}
