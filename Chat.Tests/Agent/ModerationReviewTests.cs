using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Agent;

/// <summary>The supervisors' review queue in a real browser, against the real moderation engine.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class ModerationReviewTests(BrowserFixture browser)
{
    [Fact]
    public async Task SupervisorUpholdsAndOverturnsModeratedMessagesWithTheTextHiddenUntilAsked()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var agent = await cluster.OnlineAgentAsync(topics: [Topics.Technical]);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, "Upload gagal"))).Chat!.ConversationId;
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
        var complaint = await visitor.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "anjir susah banget upload dokumen penawarannya"));
        var insult = await visitor.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "dasar g0bl0k, dari tadi tidak dibalas"));
        using var http = cluster.Http(token: supervisor.Token);
        await Wait.UntilAsync(
            () => http.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=pending&limit=500"),
            items => items!.Count(i => i.ConversationId == conversation) == 2, "both moderated messages in the review queue");

        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(supervisor.Staff.Username);
        await console.Page.ClickAsync("nav a[href='/supervisor/moderasi']");
        var flagged = console.Page.Locator($"[data-test=review][data-message='{complaint.Message.MessageId}']");
        var masked = console.Page.Locator($"[data-test=review][data-message='{insult.Message.MessageId}']");
        await Expect(masked).ToContainTextAsync("STAFF_ABUSE");
        await Expect(masked.Locator("[data-test=review-text]")).ToBeHiddenAsync();
        await masked.Locator("summary").ClickAsync();
        await Expect(masked.Locator("[data-test=review-text]")).ToHaveTextAsync("dasar g0bl0k, dari tadi tidak dibalas");
        await console.ScreenshotAsync("supervisor-review", fullPage: false);

        await masked.Locator("[data-test=uphold]").ClickAsync();
        await flagged.Locator("[data-test=overturn]").ClickAsync();

        await Expect(masked.Locator("[data-test=review-decided]")).ToHaveTextAsync("Dikuatkan");
        await Expect(flagged.Locator("[data-test=review-decided]")).ToHaveTextAsync("Dibatalkan");
        var overturned = await http.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=overturned&limit=500");
        overturned!.Should().Contain(i => i.MessageId == complaint.Message.MessageId);
        var upheld = await http.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=upheld&limit=500");
        upheld!.Should().Contain(i => i.MessageId == insult.Message.MessageId);

        await masked.Locator("[data-test=show-history]").ClickAsync();
        await Expect(console.Page.Locator("[data-test=moderation-history]")).ToContainTextAsync("poin pelanggaran aktif");
    }
}
