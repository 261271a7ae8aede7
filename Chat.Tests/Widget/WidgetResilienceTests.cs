using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Widget;

[Collection(BrowserFixture.Collection)]
public sealed class WidgetResilienceTests(BrowserFixture browser)
{
    [Fact]
    public async Task BehindAProxyThatBreaksWebSocketsTheWidgetChatsOverLongPolling()
    {
        await using var cluster = await WidgetCluster.StartAsync(instances: 1);
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(topics: [Topics.Technical]);
        var page = await browser.NewPageAsync();

        // Every WebSocket the page or its chat frame opens is closed at once, as some office and carrier proxies do.
        var refused = 0;
        await page.Context.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/hubs/"), ws =>
        {
            Interlocked.Increment(ref refused);
            _ = ws.CloseAsync();
        });
        var longPolls = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/hubs/visitor?", StringComparison.Ordinal) && request.Method == "GET" && !request.Url.Contains("negotiate", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref longPolls);
            }
        };
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl(0, 0));
        var name = $"Rahmat {TestServices.NameTag()}";
        await frame.RegisterAsync(name, WidgetCluster.NewEmail());
        var chat = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.Visitor.Name == name);
        await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Halo, lewat long polling."));
        await Expect(frame.Locator(".messages").GetByText("Halo, lewat long polling.")).ToBeVisibleAsync();
        await frame.GetByLabel("Tulis pesan").FillAsync("Pesan saya sampai?");
        await frame.GetByLabel("Tulis pesan").PressAsync("Enter");

        await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Text == "Pesan saya sampai?");
        await Expect(frame.Locator(".msg.mine", new() { HasText = "Pesan saya sampai?" }).Locator(".state")).ToHaveTextAsync("Terkirim");
        refused.Should().BeGreaterThan(0, "the widget tried WebSockets first");
        longPolls.Should().BeGreaterThan(0, "and then polled");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ANewChatRefusedForOverloadStartsByItselfOnceTheHelpdeskHasRoom()
    {
        await using var cluster = await WidgetCluster.StartAsync(instances: 1, configure: s => s["Conversations:MaxConcurrentStarts"] = "1");
        var (_, _, agentEvents) = await cluster.OnlineAgentAsync(topics: [Topics.Technical]);
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl(0, 0));

        // Every start slot is taken (as a burst of new chats would take it): the widget's start is refused as overloaded.
        var admission = cluster[0].Service<Chat.Server.Conversations.StartAdmission>();
        admission.TryEnter().Should().BeTrue();
        var name = $"Fajar {TestServices.NameTag()}";
        try
        {
            await frame.RegisterAsync(name, WidgetCluster.NewEmail());
            await Expect(frame.GetByRole(AriaRole.Status).GetByText("Layanan sedang sangat sibuk; percakapan dimulai otomatis sebentar lagi…")).ToBeVisibleAsync();
        }
        finally
        {
            admission.Exit();
        }

        // The visitor does nothing: the widget asks again and the chat starts.
        var chat = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.Visitor.Name == name);
        await Expect(frame.GetByLabel("Tulis pesan")).ToBeVisibleAsync();
        chat.Visitor.Name.Should().Be(name);
        admission.InFlight.Should().Be(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WidgetReconnectsAfterItsServerRestartsWithoutLosingOrDoublingMessages()
    {
        await using var cluster = await WidgetCluster.StartAsync(instances: 2);
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(instance: 1, topics: [Topics.Technical]);
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl(0));
        var name = $"Yusuf {TestServices.NameTag()}";
        await frame.RegisterAsync(name, WidgetCluster.NewEmail());
        var chat = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.Visitor.Name == name);
        await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Halo, ada yang bisa dibantu?"));
        await Expect(frame.Locator(".messages").GetByText("Halo, ada yang bisa dibantu?")).ToBeVisibleAsync();

        // The instance serving the widget goes away; the agent keeps writing on the other one.
        var port = cluster[0].BaseAddress.Port;
        await cluster.StopInstanceAsync(0);
        await Expect(frame.Locator(".banner")).ToHaveTextAsync("Koneksi terputus. Menghubungkan ulang…");
        for (var i = 1; i <= 3; i++)
        {
            await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), $"Pesan saat server mati {i}"));
        }

        await frame.GetByLabel("Tulis pesan").FillAsync("Ditulis saat koneksi putus");

        await frame.GetByLabel("Tulis pesan").PressAsync("Enter");
        await Expect(frame.Locator(".msg.mine .state").Last).ToHaveTextAsync("Mengirim…");
        await BrowserFixture.ScreenshotAsync(page, "09-reconnecting");

        cluster.RestartInstance(0, port);

        // The widget's reconnect backoff reaches 8 s while the instance is away; a loaded machine restarts slowly.
        await Expect(frame.Locator(".banner")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        for (var i = 1; i <= 3; i++)
        {
            await Expect(frame.Locator(".msg .text", new() { HasTextString = $"Pesan saat server mati {i}" })).ToHaveCountAsync(1);
        }

        var resent = await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Text == "Ditulis saat koneksi putus");
        await Expect(frame.Locator(".msg.mine", new() { HasText = "Ditulis saat koneksi putus" }).Locator(".state")).ToHaveTextAsync("Terkirim");
        var history = await agentHub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), chat.ConversationId, 0L);
        history.Count(m => m.Text == "Ditulis saat koneksi putus").Should().Be(1);
        agentEvents.All<ChatMessage>(nameof(IAgentClient.MessageReceived)).Count(m => m.MessageId == resent.MessageId).Should().Be(1);
        var shown = await frame.Locator(".msg .text").AllInnerTextsAsync();
        shown.Should().OnlyHaveUniqueItems().And.HaveCount(history.Count);
        await BrowserFixture.ScreenshotAsync(page, "10-reconnected");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RateLimitedMessageShowsWhyAndIsResentByItselfOnce()
    {
        await using var cluster = await WidgetCluster.StartAsync(configure: s =>
        {
            s["Conversations:RateLimit"] = "2";
            s["Conversations:RateWindow"] = "00:00:06";
        });
        var (_, _, agentEvents) = await cluster.OnlineAgentAsync(topics: [Topics.Technical]);
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        var name = $"Fajar {TestServices.NameTag()}";
        await frame.RegisterAsync(name, WidgetCluster.NewEmail());
        await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.Visitor.Name == name);

        var composer = frame.GetByLabel("Tulis pesan");
        foreach (var text in new[] { "satu", "dua", "tiga" })
        {
            await composer.FillAsync(text);
            await composer.PressAsync("Enter");
        }

        // A rate limit is transient: the widget says why, waits and resends with the same client message id.
        var refused = frame.Locator(".msg.mine", new() { HasText = "tiga" });
        await Expect(refused.Locator(".state")).ToContainTextAsync("Mengirim ulang…");
        await Expect(refused.Locator(".reason")).Not.ToBeEmptyAsync();
        await Expect(refused.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "16-refused-resending");
        await Expect(refused.Locator(".state")).ToHaveTextAsync("Terkirim", new() { Timeout = 30_000 });
        await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Text == "tiga");
        agentEvents.All<ChatMessage>(nameof(IAgentClient.MessageReceived)).Count(m => m.Text == "tiga").Should().Be(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MessageSentWhileTheDatabaseIsDownIsDeliveredOnceAfterRecoveryWithoutAClick()
    {
        await using var cluster = await WidgetCluster.StartAsync(isolatedDatabase: true);
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(instance: 1, topics: [Topics.Technical]);
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        var name = $"Rahmat {TestServices.NameTag()}";
        await frame.RegisterAsync(name, WidgetCluster.NewEmail());
        var chat = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.Visitor.Name == name);
        // The widget finishes opening the chat (history, agent's name) before the database goes away.
        var composer = frame.GetByLabel("Tulis pesan");
        await Expect(composer).ToBeEditableAsync(new() { Timeout = 30_000 });
        await Expect(frame.Locator(".agent-name")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await TestServices.SetDatabaseReachableAsync(cluster.Prefix, reachable: false);
        await composer.FillAsync("Dikirim saat basis data mati");
        await composer.PressAsync("Enter");
        var line = frame.Locator(".msg.mine", new() { HasText = "Dikirim saat basis data mati" });
        await Expect(line.Locator(".state")).ToContainTextAsync("Mengirim ulang…", new() { Timeout = 30_000 });
        await Expect(line.GetByRole(AriaRole.Button, new() { Name = "Coba lagi" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "17-resending-database-down");

        await TestServices.SetDatabaseReachableAsync(cluster.Prefix, reachable: true);
        await Expect(line.Locator(".state")).ToHaveTextAsync("Terkirim", new() { Timeout = 60_000 });
        var atAgent = await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Text == "Dikirim saat basis data mati");
        var history = await agentHub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), chat.ConversationId, 0L);
        history.Count(m => m.Text == "Dikirim saat basis data mati").Should().Be(1);
        agentEvents.All<ChatMessage>(nameof(IAgentClient.MessageReceived)).Count(m => m.MessageId == atAgent.MessageId).Should().Be(1);
        await Expect(frame.Locator(".msg .text", new() { HasTextString = "Dikirim saat basis data mati" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReturningVisitorGoesStraightToTheChatAcceptsARevisedPolicyAndSeesASuspension()
    {
        await using var cluster = await WidgetCluster.StartAsync(isolatedDatabase: true);
        var (agent, agentHub, agentEvents) = await cluster.OnlineAgentAsync(topics: [Topics.Procurement]);
        var page = await browser.NewPageAsync(width: 320, height: 640);
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        var name = $"Dewi {TestServices.NameTag()}";
        await frame.RegisterAsync(name, WidgetCluster.NewEmail(), topicId: Topics.Procurement, question: "Jadwal tender diubah?");
        var chat = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.Visitor.Name == name);
        await Expect(frame.Locator(".agent-name")).ToBeVisibleAsync();

        // Coming back later: recognised by the token in the frame's own storage, straight into the open chat.
        var frameAgain = await page.OpenWidgetAsync(cluster.DemoUrl());
        await Expect(frameAgain.Locator(".msg .text", new() { HasTextString = "Jadwal tender diubah?" })).ToHaveCountAsync(1);
        await Expect(frameAgain.GetByLabel("Nama lengkap")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "11-returning-320px");
        (await page.EvaluateAsync<int>("() => localStorage.length")).Should().Be(0, "the token never lives in the host page");

        await agentHub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(chat.ConversationId, true, null));
        await cluster[0].Service<PolicyStore>().PublishAsync("Kebijakan Layanan HELPDESK LPSE TANAH LAUT (revisi)",
            "Pasal 1 ... teks revisi untuk pengujian.", agent.Staff.Id, CancellationToken.None);
        frameAgain = await page.OpenWidgetAsync(cluster.DemoUrl());
        await Expect(frameAgain.GetByText("Kebijakan Layanan telah diperbarui")).ToBeVisibleAsync();
        await Expect(frameAgain.Locator(".policy-text")).ToContainTextAsync("teks revisi untuk pengujian");
        await BrowserFixture.ScreenshotAsync(page, "12-policy-revised-320px");
        await frameAgain.GetByRole(AriaRole.Button, new() { Name = "Setuju dan lanjutkan" }).ClickAsync();
        await Expect(frameAgain.GetByRole(AriaRole.Heading, new() { Name = $"Selamat datang kembali, {name}." })).ToBeVisibleAsync();

        await frameAgain.GetByRole(AriaRole.Button, new() { Name = "Ubah email" }).ClickAsync();
        var newEmail = WidgetCluster.NewEmail();
        await frameAgain.GetByLabel("Email", new() { Exact = true }).FillAsync(newEmail);
        await frameAgain.GetByRole(AriaRole.Button, new() { Name = "Simpan" }).ClickAsync();
        // The new address counts once the code sent there is entered (docs/EMAIL.md).
        await Expect(frameAgain.Locator(".verify")).ToContainTextAsync(newEmail);
        var code = MailServer.CodeIn((await MailServer.WaitForAsync(newEmail)).Single());
        await frameAgain.GetByLabel("Kode 6 angka dari email").FillAsync(code);
        await frameAgain.GetByRole(AriaRole.Button, new() { Name = "Verifikasi" }).ClickAsync();
        await Expect(frameAgain.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync(newEmail);
        await Expect(frameAgain.Locator(".verify")).ToHaveCountAsync(0);

        await cluster[0].Service<VisitorStore>().SetStatusAsync(chat.Visitor.VisitorId, "suspended", "Mengirim iklan berulang kali.", "3", null, Chat.Server.Audit.AuditEntry.System("test.suspend", chat.Visitor.VisitorId), CancellationToken.None);
        frameAgain = await page.OpenWidgetAsync(cluster.DemoUrl());
        await Expect(frameAgain.GetByRole(AriaRole.Heading, new() { Name = "Akun dinonaktifkan" })).ToBeVisibleAsync();
        await Expect(frameAgain.GetByText("Mengirim iklan berulang kali.")).ToBeVisibleAsync();
        await Expect(frameAgain.GetByText("Pasal 3 Kebijakan Layanan")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "13-suspended-320px");
        await page.Context.CloseAsync();
    }
}
