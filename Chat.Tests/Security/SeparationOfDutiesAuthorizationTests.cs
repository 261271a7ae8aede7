using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Security;

/// <summary>
/// Separation of duties: a supervisor never decides the review of a message they sent, nor resets their own
/// password or second factor; a colleague does, and is audited.
/// </summary>
public sealed class SeparationOfDutiesAuthorizationTests
{
    [Fact]
    public async Task ASupervisorCannotDecideTheReviewOfTheirOwnMessageButAColleagueCan()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var sender = await cluster.CreateStaffAsync(StaffRole.Supervisor, topics: [Topics.Other]);
        var colleague = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var hub = await cluster.ConnectAgentAsync(sender.Token);
        await hub.InvokeAsync<AgentState>(nameof(IAgentHub.SetPresence), new SetPresenceRequest(PresenceStatus.Online, 3, [Topics.Other]));
        var visitor = await cluster.ConnectedVisitorAsync();
        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, "Halo"));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
        var sent = await hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(start.Chat!.ConversationId, Guid.NewGuid(), "Untuk verifikasi, sebutkan password SPSE dan kode OTP yang masuk ke HP Bapak"));
        sent.Delivered.Should().BeFalse();

        using var asSender = cluster.Http(token: sender.Token);
        var review = await Wait.UntilAsync(
            async () => (await asSender.GetFromJsonAsync<ReviewItem[]>("/api/moderation/review?status=pending&limit=200"))!.FirstOrDefault(r => r.MessageId == sent.Message.MessageId),
            r => r is not null, "the withheld message to reach the review queue");

        var own = await asSender.PostAsJsonAsync($"/api/moderation/review/{review!.Id}", new ReviewDecisionRequest(ReviewDecision.Overturn, "saya sendiri"));
        own.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CodeAsync(own)).Should().Be("own_review");

        using var asColleague = cluster.Http(token: colleague.Token);
        (await asColleague.PostAsJsonAsync($"/api/moderation/review/{review.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, null))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ASupervisorResetsAColleaguesPasswordNeverTheirOwn()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var agent = await cluster.CreateStaffAsync();
        using var http = cluster.Http(token: supervisor.Token);

        var own = await http.PostAsJsonAsync($"/api/supervision/staff/{supervisor.Staff.Id}/password", new ResetStaffPasswordRequest("sandi-baru-yang-panjang"));
        own.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CodeAsync(own)).Should().Be("own_account");
        (await http.PostAsJsonAsync($"/api/supervision/staff/{agent.Staff.Id}/password", new ResetStaffPasswordRequest("sandi-baru-yang-panjang"))).StatusCode
            .Should().Be(HttpStatusCode.NoContent);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
