using System.Text.RegularExpressions;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Widget;

[Collection(BrowserFixture.Collection)]
public sealed class WidgetVisitorFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task VisitorRegistersOnTheDemoPageWaitsInTheQueueChatsWithAnAgentAndRatesTheChat()
    {
        await using var cluster = await WidgetCluster.StartAsync(instances: 2);
        var (agent, agentHub, agentEvents) = await cluster.OnlineAgentAsync(instance: 1, capacity: 1, topics: [Topics.Technical]);

        // Another visitor holds the agent's only seat, so ours waits in the queue first.
        var (_, busyHub, _) = await cluster.ConnectedVisitorAsync(instance: 1);
        var busy = await busyHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, null));
        busy.Outcome.Should().Be(StartChatOutcome.Assigned);

        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add(m.Text);
            }
        };
        page.PageError += (_, e) => problems.Add(e);
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await BrowserFixture.ScreenshotAsync(page, "01-prechat-form");
        var name = $"Rahmat {TestServices.NameTag()}";
        await frame.RegisterAsync(name, WidgetCluster.NewEmail(), question: "Dokumen penawaran tidak bisa diunggah");

        await Expect(frame.Locator(".queue .position")).ToHaveTextAsync("Posisi antrean Anda: 1");
        await Expect(frame.GetByText("Perkiraan waktu tunggu")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "02-queue");

        await agentHub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(busy.Chat!.ConversationId, true, null));
        var chat = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.Visitor.Name == name);
        chat.History.Should().Contain(m => m.Text == "Dokumen penawaran tidak bisa diunggah");
        await Expect(frame.Locator(".agent-name")).ToHaveTextAsync($"Anda terhubung dengan {agent.Staff.DisplayName}");

        await agentHub.InvokeAsync(nameof(IConversationHub.Typing), chat.ConversationId, true);
        await Expect(frame.Locator(".typing")).ToHaveTextAsync($"{agent.Staff.DisplayName} sedang mengetik…");
        var reply = await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Baik, ukuran file maksimal 20 MB. Berapa ukuran file Anda?"));
        await Expect(frame.Locator(".messages").GetByText("Baik, ukuran file maksimal 20 MB.")).ToBeVisibleAsync();
        await Expect(frame.Locator("#live")).ToContainTextAsync("Pesan baru dari");

        // The panel is open and the page visible, so the widget marks the reply read.
        await agentEvents.WaitAsync<ReadReceipt>(nameof(IAgentClient.MessagesRead), r => r.UpToSequence >= reply.Message.Sequence);

        await frame.GetByLabel("Tulis pesan").FillAsync("Ukurannya 35 MB, Pak.");
        await frame.GetByLabel("Tulis pesan").PressAsync("Enter");
        var mine = await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Text == "Ukurannya 35 MB, Pak.");
        await Expect(frame.Locator(".msg.mine").Last.Locator(".state")).ToHaveTextAsync("Terkirim");
        await agentHub.InvokeAsync(nameof(IConversationHub.MarkRead), chat.ConversationId, mine.Sequence);
        await Expect(frame.Locator(".msg.mine").Last.Locator(".state")).ToHaveTextAsync("Dibaca");
        await BrowserFixture.ScreenshotAsync(page, "03-chat");

        // Panel closed: a new message shows as a badge and in the host page's title.
        var title = await page.TitleAsync();
        await page.Locator("lpse-chat-widget button[aria-controls]").ClickAsync();
        await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Silakan kompres file menjadi beberapa bagian."));
        await Expect(page).ToHaveTitleAsync(new Regex(@"^\(1\) "));
        await Expect(page.Locator("lpse-chat-widget .badge")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "04-unread-badge");
        await page.Locator("lpse-chat-widget button[aria-controls]").ClickAsync();
        await Expect(page).ToHaveTitleAsync(title);

        await agentHub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(chat.ConversationId, true, "Selesai"));
        await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = "Obrolan selesai" })).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => frame.GetByRole(AriaRole.Button, new() { Name = "Unduh transkrip" }).ClickAsync());
        var transcript = await File.ReadAllTextAsync(await download.PathAsync());
        transcript.Should().Contain("Ukurannya 35 MB, Pak.").And.Contain("Silakan kompres file menjadi beberapa bagian.");

        await frame.Locator("label[for$='-5']").ClickAsync();
        await frame.GetByLabel("Komentar (opsional)").FillAsync("Cepat dan jelas, terima kasih.");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();
        await Expect(frame.GetByText("Terima kasih atas penilaian Anda.")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "05-closed-rated");

        await using var db = await cluster[0].Service<NpgsqlDataSource>().OpenConnectionAsync();
        var stored = await db.QuerySingleAsync<(short Score, string Comment)>(
            "SELECT score, comment FROM conversation_ratings WHERE conversation_id = @id", new { id = chat.ConversationId });
        stored.Should().Be(((short)5, "Cepat dan jelas, terima kasih."));
        problems.Should().BeEmpty("no script errors and no Content-Security-Policy violations in page or frame");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task VisitorWithNoAgentOnlineLeavesATicketAndSeesItsStatus()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(cluster.DemoUrl());

        // Keyboard only: focus the launcher, Enter opens the chat.
        var launcher = page.Locator("lpse-chat-widget button[aria-controls]");
        await Expect(launcher).ToHaveAttributeAsync("aria-label", "Buka obrolan HELPDESK LPSE");
        await launcher.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var frame = page.FrameLocator("lpse-chat-widget iframe");
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "true");
        await frame.RegisterAsync($"Siti {TestServices.NameTag()}", WidgetCluster.NewEmail(), topicId: Topics.Account, question: "Lupa kata sandi akun penyedia");

        await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = "Tinggalkan pesan" })).ToBeVisibleAsync();
        await Expect(frame.GetByText("Belum ada petugas yang daring")).ToBeVisibleAsync();
        await Expect(frame.GetByLabel("Pesan", new() { Exact = true })).ToHaveValueAsync("Lupa kata sandi akun penyedia");
        await frame.GetByLabel("Judul (opsional)").FillAsync("Reset kata sandi");
        await BrowserFixture.ScreenshotAsync(page, "06-offline-form");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Kirim tiket" }).ClickAsync();

        var done = frame.Locator(".ticket-number");
        await Expect(done).ToHaveTextAsync(new Regex(@"^Tiket TL-\d{4}-\d{6} telah dibuat"));
        var number = Regex.Match(await done.InnerTextAsync(), @"TL-\d{4}-\d{6}").Value;
        await frame.GetByRole(AriaRole.Button, new() { Name = "Tiket saya" }).ClickAsync();
        var row = frame.Locator(".ticket", new() { HasText = number });
        await Expect(row.Locator(".status")).ToHaveTextAsync("Terbuka");
        await Expect(row).ToContainTextAsync("Reset kata sandi");
        await BrowserFixture.ScreenshotAsync(page, "07-my-tickets");

        await frame.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = "My tickets" })).ToBeVisibleAsync();
        await Expect(row.Locator(".status")).ToHaveTextAsync("Open");
        await BrowserFixture.ScreenshotAsync(page, "07b-my-tickets-english");

        // Escape inside the chat closes the panel and gives focus back to the launcher.
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("lpse-chat-widget .panel")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Buka obrolan HELPDESK LPSE" })).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MarkupFromTheAgentIsShownAsTextAndNeverRuns()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(topics: [Topics.Technical]);
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        var name = "<b>Budi</b><img src=x onerror=\"window.pwned=1\">";
        await frame.RegisterAsync(name, WidgetCluster.NewEmail());
        var chat = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.Visitor.Name == name);

        const string payload = "<img src=x onerror=\"window.pwned=2\"><script>window.pwned=3</script><b>tebal</b>";
        await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), payload));

        var text = frame.Locator(".msg .text", new() { HasText = "<script>" });
        await Expect(text).ToHaveTextAsync(payload);
        (await frame.Locator(".messages img, .messages script, .messages b").CountAsync()).Should().Be(0);
        var chatFrame = page.Frames.Single(f => f.Url.Contains("/widget/", StringComparison.Ordinal));
        (await chatFrame.EvaluateAsync<bool>("() => window.pwned === undefined")).Should().BeTrue();
        (await page.EvaluateAsync<bool>("() => window.pwned === undefined")).Should().BeTrue();
        await BrowserFixture.ScreenshotAsync(page, "08-markup-as-text");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PageOutsideTheAllowListGetsNoWidgetAndCannotFrameTheChat()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var page = await browser.NewPageAsync();
        var refused = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("allow-list", StringComparison.Ordinal) });

        // 127.0.0.1 is not the allowed http://localhost:*, though it is the same machine.
        await page.GotoAsync($"http://127.0.0.1:{cluster[1].BaseAddress.Port}/demo/?port={cluster[0].BaseAddress.Port}");
        await refused;
        (await page.Locator("lpse-chat-widget").CountAsync()).Should().Be(0);

        using var http = cluster.Http();
        var foreign = await http.GetAsync(new Uri("/widget/?host=https%3A%2F%2Fpenipu.example.com", UriKind.Relative));
        foreign.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
        var allowed = await http.GetAsync(new Uri("/widget/?host=http%3A%2F%2Flocalhost%3A8080", UriKind.Relative));
        allowed.EnsureSuccessStatusCode();
        allowed.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors http://localhost:*");
        await page.Context.CloseAsync();
    }
}
