using Chat.Server.Conversations;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Agent;

/// <summary>What the console hides (withheld text) and what it does on its own (going away when idle).</summary>
[Collection(BrowserFixture.Collection)]
public sealed class ConsoleShieldingTests(BrowserFixture browser)
{
    [Fact]
    public async Task ABlockedVisitorMessageShowsAsANoticeWithCategoryAndClauseNeverItsText()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var staff = await cluster.CreateStaffAsync(StaffRole.Agent, topics: [Topics.Other]);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);
        await console.GoOnlineAsync();
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, "Halo"))).Chat!.ConversationId;
        await console.Page.Locator($"[data-test=inbox-item][data-conversation='{conversation}']").ClickAsync();

        // Stored and delivered the way the message path does it once moderation has blocked a message (clause 6).
        var store = cluster[0].Service<ConversationStore>();
        var row = await store.AppendAsync(new NewMessage(conversation, Guid.NewGuid(), SenderRole.Visitor, visitor.Visitor.Visitor.VisitorId,
            visitor.Visitor.Visitor.Name, "dasar petugas bodoh rahasia", null, ModerationAction.Block, ["STAFF_ABUSE"], "6", "Pesan melanggar pasal 6."));
        await cluster[0].Service<MessageDelivery>().DeliverAsync((await store.GetAsync(conversation))!, row!);

        var notice = console.Page.Locator("[data-test=withheld]");
        await Expect(notice).ToContainTextAsync("STAFF_ABUSE");
        await Expect(notice).ToContainTextAsync("pasal 6");
        (await console.Page.ContentAsync()).Should().NotContain("bodoh");
        await console.ScreenshotAsync("console-withheld");
    }

    [Fact]
    public async Task AnIdleAgentGoesAwayAndComesBackOnlineOnActivity()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress, new Dictionary<string, string?> { ["ChatServer:IdleAway"] = "00:00:01" });
        var staff = await cluster.CreateStaffAsync();
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);
        await console.Page.ClickAsync("[data-test=presence-online]");

        await Expect(console.Page.Locator("[data-test=presence-badge]")).ToHaveTextAsync("Istirahat (otomatis)");
        var agentHub = await cluster.ConnectAgentAsync(staff.Token);
        (await agentHub.InvokeAsync<AgentState>(nameof(IAgentHub.GetState))).Status.Should().Be(PresenceStatus.Away);

        await console.Page.Mouse.MoveAsync(200, 300);
        await console.Page.Mouse.MoveAsync(220, 320);
        await Expect(console.Page.Locator("[data-test=presence-badge]")).ToHaveTextAsync("Online");
    }

    [Fact]
    public async Task ClosingTheConsoleTabTakesTheAgentOfflineAndTheirChatBackToTheQueue()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["Routing:HeartbeatTtl"] = "00:00:03");
        await using var host = new ConsoleHost(cluster[0].BaseAddress, new Dictionary<string, string?> { ["ChatServer:HeartbeatInterval"] = "00:00:01" });
        var staff = await cluster.CreateStaffAsync(StaffRole.Agent, topics: [Topics.Technical]);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);
        await console.GoOnlineAsync();
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, "Halo"))).Chat!.ConversationId;
        await Expect(console.Page.Locator($"[data-test=inbox-item][data-conversation='{conversation}']")).ToBeVisibleAsync();

        await console.Page.CloseAsync();

        (await visitor.Events.WaitAsync<ChatRequeued>(nameof(IVisitorClient.ChatRequeued))).ConversationId.Should().Be(conversation);
    }
}
