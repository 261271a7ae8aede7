using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Agent;

/// <summary>The console's outbox: a transient failure never needs the agent to send again.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class ConsoleOutboxTests(BrowserFixture browser)
{
    [Fact]
    public async Task ReplySentWhileTheDatabaseIsDownIsDeliveredOnceAfterRecoveryWithoutAClick()
    {
        await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true);
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var staff = await cluster.CreateStaffAsync(StaffRole.Agent, capacity: 2, topics: [Topics.Account]);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);
        await console.GoOnlineAsync();

        var visitor = await cluster.ConnectedVisitorAsync();
        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, "Akun saya terkunci"));
        var conversation = start.Chat!.ConversationId;
        var item = console.Page.Locator($"[data-test=inbox-item][data-conversation='{conversation}']");
        await item.ClickAsync();
        await Expect(console.Page.Locator("[data-test=conversation] [data-test=message]").First).ToContainTextAsync("Akun saya terkunci");

        await TestServices.SetDatabaseReachableAsync(cluster.Prefix, reachable: false);
        var composer = console.Page.Locator("[data-test=composer]");
        await composer.FillAsync("Akun Anda sedang kami buka kembali");
        await composer.PressAsync("Enter");
        var pending = console.Page.Locator("[data-test=outbox-message]", new() { HasTextString = "Akun Anda sedang kami buka kembali" });
        await Expect(pending.Locator("[data-test=outbox-state]")).ToHaveTextAsync("Mengirim ulang…", new() { Timeout = 30_000 });
        await Expect(composer).ToHaveValueAsync(string.Empty);
        await Expect(console.Page.Locator("[data-test=send-error]")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("console-outbox-resending");

        await TestServices.SetDatabaseReachableAsync(cluster.Prefix, reachable: true);
        var reply = await visitor.Events.WaitAsync<ChatMessage>(nameof(IVisitorClient.MessageReceived),
            m => m.Text == "Akun Anda sedang kami buka kembali", TimeSpan.FromSeconds(60));
        await Expect(pending).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(console.Page.Locator("[data-test=message]", new() { HasTextString = "Akun Anda sedang kami buka kembali" })).ToHaveCountAsync(1);
        var history = await visitor.Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L);
        history.Count(m => m.Text == "Akun Anda sedang kami buka kembali").Should().Be(1);
        visitor.Events.All<ChatMessage>(nameof(IVisitorClient.MessageReceived)).Count(m => m.MessageId == reply.MessageId).Should().Be(1);
    }
}
