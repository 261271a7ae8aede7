using System.Text.RegularExpressions;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Agent;

/// <summary>The agent's working day in a real browser: sign in, go online, answer, transfer, close, work the ticket.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class AgentConsoleTests(BrowserFixture browser)
{
    [Fact]
    public async Task AgentAnswersAVisitorAndClosingUnresolvedOpensATicketFoundInTheTicketList()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var staff = await cluster.CreateStaffAsync(StaffRole.Agent, capacity: 2, topics: [Topics.Technical]);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);
        await console.GoOnlineAsync();

        var visitor = await cluster.ConnectedVisitorAsync();
        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, "Tidak bisa login SPSE, lupa kata sandi"));
        var conversation = start.Chat!.ConversationId;
        var item = console.Page.Locator($"[data-test=inbox-item][data-conversation='{conversation}']");
        await Expect(item).ToContainTextAsync(visitor.Visitor.Visitor.Name);
        await item.ClickAsync();
        await Expect(console.Page.Locator("[data-test=conversation] [data-test=message]").First).ToContainTextAsync("Tidak bisa login SPSE");

        await visitor.Hub.InvokeAsync(nameof(IConversationHub.Typing), conversation, true);
        await Expect(console.Page.Locator("[data-test=visitor-typing]")).ToContainTextAsync("sedang mengetik");

        // A shortcut and Enter put the canned answer in the box; a second Enter sends it.
        var composer = console.Page.Locator("[data-test=composer]");
        await composer.FillAsync("/reset");
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync(new Regex("Lupa Password"));
        await composer.PressAsync("Enter");
        var reply = await visitor.Events.WaitAsync<ChatMessage>(nameof(IVisitorClient.MessageReceived), m => m.Sender == SenderRole.Agent);
        reply.Text.Should().Contain("Lupa Password");
        (await visitor.Events.WaitAsync<TypingEvent>(nameof(IVisitorClient.Typing), t => t.IsTyping)).Who.Should().Be(SenderRole.Agent);
        (await visitor.Events.WaitAsync<ReadReceipt>(nameof(IVisitorClient.MessagesRead))).Reader.Should().Be(SenderRole.Agent);

        await visitor.Hub.InvokeAsync(nameof(IConversationHub.MarkRead), conversation, reply.Sequence);
        await Expect(console.Page.Locator("[data-test=receipt]").Last).ToContainTextAsync("Dibaca");
        await console.ScreenshotAsync("console-conversation");

        await console.Page.ClickAsync("[data-test=open-close]");
        await console.Page.FillAsync("[data-test=close-note]", "Perlu reset manual oleh admin SPSE");
        await console.Page.ClickAsync("[data-test=close-unresolved]");
        var link = console.Page.Locator("[data-test=ticket-link]");
        await Expect(link).ToHaveTextAsync(new Regex(@"^TL-\d{4}-\d{6}$"));
        var number = (await link.TextContentAsync())!;
        (await visitor.Events.WaitAsync<ChatClosed>(nameof(IVisitorClient.ChatClosed))).TicketNumber.Should().Be(number);
        await console.ScreenshotAsync("console-closed");

        await console.Page.ClickAsync("nav a[href='/tiket']");
        await console.Page.SelectOptionAsync("[data-test=filter-status]", "Open");
        await console.Page.SelectOptionAsync("[data-test=filter-topic]", Topics.Technical);
        await console.Page.ClickAsync("[data-test=filter-apply]");
        var row = console.Page.Locator($"[data-test=ticket-row][data-number='{number}']");
        await Expect(row).ToContainTextAsync(visitor.Visitor.Visitor.Name);
        await console.ScreenshotAsync("tickets", fullPage: false);

        await row.Locator("a").ClickAsync();
        await Expect(console.Page.Locator("[data-test=ticket-number]")).ToHaveTextAsync(number);
        await Expect(console.Page.Locator("[data-test=entries]")).ToContainTextAsync("Perlu reset manual");
        await console.Page.ClickAsync("[data-test=status-pending]");
        await Expect(console.Page.Locator("[data-test=ticket-status]")).ToHaveTextAsync("Menunggu");
        await console.Page.FillAsync("[data-test=entry-input]", "Sudah kami teruskan ke admin SPSE.");
        await console.Page.ClickAsync("[data-test=entry-add]");
        await Expect(console.Page.Locator("[data-test=entries]")).ToContainTextAsync("Sudah kami teruskan");
        await console.Page.SelectOptionAsync("[data-test=ticket-assignee]", staff.Staff.Id.ToString());
        await Expect(console.Page.Locator("[data-test=ticket-assignee]")).ToHaveValueAsync(staff.Staff.Id.ToString());
        await console.ScreenshotAsync("ticket-detail");

        await console.Page.ClickAsync("nav a[href='/tiket']");
        await console.Page.SelectOptionAsync("[data-test=filter-assignee]", staff.Staff.Id.ToString());
        await console.Page.ClickAsync("[data-test=filter-apply]");
        await Expect(console.Page.Locator("[data-test=ticket-row]")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator($"[data-test=ticket-row][data-number='{number}']")).ToContainTextAsync(staff.Staff.DisplayName);
    }

    [Fact]
    public async Task AgentTransfersAChatToAnotherOnlineAgentWithANoteTheVisitorNeverSees()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var staff = await cluster.CreateStaffAsync(StaffRole.Agent, capacity: 1, topics: [Topics.Procurement]);
        var colleague = await cluster.OnlineAgentAsync(capacity: 2, topics: [Topics.Other]);
        colleague.Events.Listen<InternalNote>(colleague.Hub, nameof(IAgentClient.NoteAdded));
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);
        await console.GoOnlineAsync();

        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, "Jadwal tender berubah?"))).Chat!.ConversationId;
        var item = console.Page.Locator($"[data-test=inbox-item][data-conversation='{conversation}']");
        await item.ClickAsync();
        await console.Page.FillAsync("[data-test=note-input]", "Pengguna penyedia baru, belum punya akun SPSE");
        await console.Page.ClickAsync("[data-test=add-note]");
        await Expect(console.Page.Locator("[data-test=notes]")).ToContainTextAsync("belum punya akun SPSE");
        await console.Page.ClickAsync("[data-test=open-transfer]");
        await console.Page.SelectOptionAsync("[data-test=transfer-agent]", colleague.Staff.Staff.Id.ToString());
        await console.Page.FillAsync("[data-test=transfer-note]", "Pengguna menanyakan jadwal pokja, mohon dibantu");
        await console.ScreenshotAsync("console-transfer");
        await console.Page.ClickAsync("[data-test=transfer]");

        await colleague.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);
        (await colleague.Events.WaitAsync<InternalNote>(nameof(IAgentClient.NoteAdded), n => n.ConversationId == conversation)).Text.Should().Contain("jadwal pokja");
        (await colleague.Hub.InvokeAsync<IReadOnlyList<InternalNote>>(nameof(IAgentHub.GetNotes), conversation)).Select(n => n.Text).Should()
            .Equal("Pengguna penyedia baru, belum punya akun SPSE", "Pengguna menanyakan jadwal pokja, mohon dibantu");
        (await visitor.Events.WaitAsync<ChatAssigned>(nameof(IVisitorClient.ChatAssigned), a => a.AgentName == colleague.Staff.Staff.DisplayName)).ConversationId.Should().Be(conversation);
        await Expect(console.Page.Locator("[data-test=revoked-banner]")).ToContainTextAsync("Dialihkan");

        var reply = await colleague.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "Saya lanjutkan, Pak."));
        reply.Delivered.Should().BeTrue();
        var seen = await visitor.Hub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), conversation, 0L);
        seen.Should().NotContain(m => m.Text != null && (m.Text.Contains("jadwal pokja", StringComparison.Ordinal) || m.Text.Contains("akun SPSE", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignInAnswersTheSameAfterFiveWrongPasswordsAsForOne()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var staff = await cluster.CreateStaffAsync();
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);

        await console.SubmitSignInAsync(staff.Staff.Username, "salah-sandi-1");
        await Expect(console.Page.Locator("[data-test=signin-error]")).ToContainTextAsync("salah");
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await console.SubmitSignInAsync(staff.Staff.Username, "salah-sandi-" + attempt);
            await Expect(console.Page.Locator("[data-test=signin-error]")).ToBeVisibleAsync();
        }

        await console.SubmitSignInAsync(staff.Staff.Username, "kata-sandi-uji-123");
        // Locked or not, the page says the same: nothing tells a guesser the account exists or is locked.
        await Expect(console.Page.Locator("[data-test=signin-error]")).ToContainTextAsync("Gagal masuk");
        await console.ScreenshotAsync("signin-locked");
    }
}
