using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Agent;
using Chat.Tests.Infrastructure;
using Chat.Tests.Widget;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Attachments;

/// <summary>Attachments in a real Chromium, in the widget and in the console, against real servers.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class AttachmentBrowserTests(BrowserFixture browser)
{
    private const string PasteFile = """
        (box, b64) => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const data = new DataTransfer();
          data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
          box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }
        """;

    private const string FetchBase64 = """
        async (src) => {
          const r = await fetch(src);
          const b = new Uint8Array(await r.arrayBuffer());
          let s = '';
          for (const x of b) s += String.fromCharCode(x);
          return JSON.stringify({ status: r.status, type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options'), csp: r.headers.get('content-security-policy'), body: btoa(s) });
        }
        """;

    [Fact]
    public async Task AVisitorPastesAScreenshotWithGpsTheAgentSeesItBlurredRevealsItAndTheServedImageHasNoExif()
    {
        await using var chat = await LiveChat.StartAsync(browser, "Siti", "Muncul error saat unggah dokumen");
        var (console, page, frame) = (chat.Console, chat.Page, chat.Frame);

        // The visitor pastes a screenshot carrying GPS EXIF into the message box, and sends it with a line of text.
        var original = AttachmentFiles.PngWithGps(160, 90);
        AttachmentFiles.CarriesExif(original).Should().BeTrue();
        var box = frame.GetByLabel("Tulis pesan");
        await box.EvaluateAsync(PasteFile, Convert.ToBase64String(original));
        await Expect(frame.Locator(".tray li.done")).ToHaveCountAsync(1);
        await Expect(frame.Locator(".tray li.done .name")).ToHaveTextAsync("image.png");
        await BrowserFixture.ScreenshotAsync(page, "attachment-01-widget-tray");
        await box.FillAsync("Ini tangkapan layarnya");
        await box.PressAsync("Enter");
        await Expect(frame.Locator(".msg.mine .files img")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        await Expect(frame.Locator(".tray li")).ToHaveCountAsync(0);

        // The agent sees it blurred until choosing to show it.
        await console.Page.Locator("[data-test=inbox-item]").First.ClickAsync();
        var image = console.Page.Locator("[data-test=attachment-image]");
        await Expect(image).ToHaveClassAsync("blurred");
        await Expect(image).ToHaveAttributeAsync("data-revealed", "false");
        (await image.EvaluateAsync<string>("i => getComputedStyle(i).filter")).Should().Contain("blur");
        await console.ScreenshotAsync("attachment-02-console-blurred");
        await console.Page.ClickAsync("[data-test=attachment-reveal]");
        await Expect(image).ToHaveAttributeAsync("data-revealed", "true");
        (await image.EvaluateAsync<string>("i => getComputedStyle(i).filter")).Should().Be("none");
        await console.ScreenshotAsync("attachment-03-console-revealed");

        // What the agent's browser was served: a PNG of the same size with no EXIF, with the safety headers.
        var src = await image.GetAttributeAsync("src");
        var served = System.Text.Json.JsonDocument.Parse(await console.Page.EvaluateAsync<string>(FetchBase64, src)).RootElement;
        served.GetProperty("status").GetInt32().Should().Be(200);
        served.GetProperty("type").GetString().Should().Be("image/png");
        served.GetProperty("nosniff").GetString().Should().Be("nosniff");
        served.GetProperty("csp").GetString().Should().Contain("sandbox");
        var bytes = Convert.FromBase64String(served.GetProperty("body").GetString()!);
        AttachmentFiles.CarriesExif(bytes).Should().BeFalse();
        var info = Image.Identify(bytes);
        info.Metadata.ExifProfile.Should().BeNull();
        (info.Width, info.Height).Should().Be((160, 90));

        // The agent withholds it: the visitor's widget shows it as withheld, and the console stops showing it.
        await console.Page.ClickAsync("[data-test=attachment-withhold]");
        await console.Page.Locator("[data-test=attachment-withhold-category]").SelectOptionAsync("PORNOGRAFI");
        await console.Page.ClickAsync("[data-test=attachment-withhold-confirm]");
        await Expect(console.Page.Locator("[data-test=attachment-withheld]")).ToBeVisibleAsync();
        await Expect(frame.Locator(".msg.mine .files .withheld")).ToContainTextAsync("ditahan petugas");
        await BrowserFixture.ScreenshotAsync(page, "attachment-04-widget-withheld");
    }

    [Fact]
    public async Task AVisitorAttachesSeveralFilesSeesProgressAndRefusalsAndTheAgentSendsAGuideBack()
    {
        await using var chat = await LiveChat.StartAsync(browser, "Budi", "Dokumen tidak bisa dibuka");
        var (console, page, frame) = (chat.Console, chat.Page, chat.Frame);

        // Two good files and one executable posing as an image, through the attach button.
        await frame.Locator(".attach input[type=file]").First.SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "surat-penawaran.pdf", MimeType = "application/pdf", Buffer = AttachmentFiles.Pdf() },
            new FilePayload { Name = "rincian.csv", MimeType = "text/csv", Buffer = AttachmentFiles.Csv() },
            new FilePayload { Name = "foto.png", MimeType = "image/png", Buffer = AttachmentFiles.Executable() },
        });
        await Expect(frame.Locator(".tray li.done")).ToHaveCountAsync(2);
        var refused = frame.Locator(".tray li.failed");
        await Expect(refused).ToContainTextAsync("foto.png");
        await Expect(refused).ToContainTextAsync("Jenis yang diterima: PNG, JPEG, WEBP, PDF, DOCX, XLSX, ZIP, TXT, CSV");
        await Expect(frame.Locator(".tray li").First.Locator(".name")).ToHaveTextAsync("surat-penawaran.pdf");
        await BrowserFixture.ScreenshotAsync(page, "attachment-05-widget-refused");
        await refused.Locator("button").ClickAsync();
        await Expect(frame.Locator(".tray li")).ToHaveCountAsync(2);
        await frame.GetByRole(AriaRole.Button, new() { Name = "Kirim" }).ClickAsync();
        await Expect(frame.Locator(".msg.mine .files a.file")).ToHaveCountAsync(2);

        // The console lists them as downloads (no inline preview for documents).
        await console.Page.Locator("[data-test=inbox-item]").First.ClickAsync();
        await Expect(console.Page.Locator("[data-test=attachment-file]")).ToHaveCountAsync(2);
        await Expect(console.Page.Locator("[data-test=attachment-file]").First).ToContainTextAsync("surat-penawaran.pdf");

        // The agent sends a guide; the visitor downloads it.
        await console.Page.Locator("[data-test=attach-input]").SetInputFilesAsync(new FilePayload { Name = "Panduan Unggah.pdf", MimeType = "application/pdf", Buffer = AttachmentFiles.Pdf() });
        await Expect(console.Page.Locator("[data-test=upload-done]")).ToBeVisibleAsync();
        await console.Page.Locator("[data-test=composer]").FillAsync("Silakan ikuti panduan ini");
        await console.Page.ClickAsync("[data-test=send]");
        var guide = frame.Locator(".msg.theirs .files a.file");
        await Expect(guide).ToContainTextAsync("Panduan Unggah.pdf");
        var download = await page.RunAndWaitForDownloadAsync(() => guide.ClickAsync());
        download.SuggestedFilename.Should().Be("Panduan Unggah.pdf");
        var path = await download.PathAsync();
        (await File.ReadAllBytesAsync(path!)).Should().Equal(AttachmentFiles.Pdf());
    }

    [Fact]
    public async Task AnAgentAttachesFilesToATicketReplyAndANoteTheVisitorGetsOnlyTheReplysAndAVisitorsScreenshotCanBeWithheld()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var staff = await cluster.CreateStaffAsync(StaffRole.Agent, topics: [Topics.Technical]);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);

        // A visitor's offline ticket carrying a screenshot.
        var visitor = await cluster.RegisterVisitorAsync();
        using var own = cluster.Http(0, visitor.Token);
        var screenshot = await AttachmentApi.UploadOkAsync(own, null, "layar.png", AttachmentFiles.PngWithGps());
        using var created = await own.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Technical, "Enkripsi gagal", "Lihat tangkapan layar.", [screenshot.Attachment.Id]));
        var number = (await created.Content.ReadFromJsonAsync<TicketSummary>())!.Number;

        // On the ticket page the screenshot is shielded like one in a chat.
        await console.Page.GotoAsync(host.Url($"/tiket/{number}"));
        await Expect(console.Page.Locator("[data-test=ticket-number]")).ToHaveTextAsync(number);
        await Expect(console.Page.Locator("[data-test=attachment-image]")).ToHaveClassAsync("blurred");

        // A reply with a guide: a refused file shows its reason and can be taken out; the reply carries the good one.
        await console.Page.Locator("[data-test=attach-input]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "Panduan Enkripsi.pdf", MimeType = "application/pdf", Buffer = AttachmentFiles.Pdf() },
            new FilePayload { Name = "alat.png", MimeType = "image/png", Buffer = AttachmentFiles.Executable() },
        });
        await Expect(console.Page.Locator("[data-test=upload-done]")).ToHaveCountAsync(1);
        var refused = console.Page.Locator("[data-test=upload].failed");
        await Expect(refused.Locator("[data-test=upload-error]")).ToContainTextAsync("Jenis yang diterima");
        await console.ScreenshotAsync("attachment-06-ticket-tray");
        await refused.Locator("button").ClickAsync();
        await Expect(console.Page.Locator("[data-test=upload]")).ToHaveCountAsync(1);
        await console.Page.FillAsync("[data-test=entry-input]", "Silakan ikuti panduan terlampir.");
        await console.Page.ClickAsync("[data-test=entry-add]");
        var reply = console.Page.Locator("[data-test=entries] li", new() { HasText = "Silakan ikuti panduan terlampir." });
        await Expect(reply.Locator("[data-test=attachment-file]")).ToContainTextAsync("Panduan Enkripsi.pdf");
        await Expect(console.Page.Locator("[data-test=upload]")).ToHaveCountAsync(0);

        // An internal note with a file of its own, without text.
        await console.Page.Locator("[data-test=attach-input]").SetInputFilesAsync(new FilePayload { Name = "log-server.txt", MimeType = "text/plain", Buffer = AttachmentFiles.Text() });
        await Expect(console.Page.Locator("[data-test=upload-done]")).ToHaveCountAsync(1);
        await console.Page.CheckAsync("[data-test=entry-internal]");
        await console.Page.ClickAsync("[data-test=entry-add]");
        await Expect(console.Page.Locator("[data-test=entries] li.internal [data-test=attachment-file]")).ToContainTextAsync("log-server.txt");
        await console.ScreenshotAsync("attachment-07-ticket-entries");

        // The visitor's copy of the ticket has the reply's guide (and can open it), never the note or its file.
        var seen = (await own.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{number}"))!;
        var guide = seen.Entries.Single(e => e.Text == "Silakan ikuti panduan terlampir.").Attachments!.Single();
        guide.FileName.Should().Be("Panduan Enkripsi.pdf");
        seen.Entries.Should().NotContain(e => e.Internal);
        using (var download = await AttachmentApi.DownloadAsync(own, guide.Id))
        {
            (await download.Content.ReadAsByteArrayAsync()).Should().Equal(AttachmentFiles.Pdf());
        }

        using var staffHttp = cluster.Http(0, staff.Token);
        var staffCopy = (await staffHttp.GetFromJsonAsync<TicketDetail>($"/api/tickets/{number}"))!;
        var note = staffCopy.Entries.Single(e => e.Internal && e.Attachments is not null).Attachments!.Single();
        using (var link = await own.PostAsync(new Uri($"/api/attachments/{note.Id}/link", UriKind.Relative), null))
        {
            link.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound, "a file on an internal note is never the visitor's");
        }

        // The agent withholds the visitor's screenshot from the ticket page.
        await console.Page.ClickAsync("[data-test=attachment-withhold]");
        await console.Page.Locator("[data-test=attachment-withhold-category]").SelectOptionAsync("PORNOGRAFI");
        await console.Page.ClickAsync("[data-test=attachment-withhold-confirm]");
        await Expect(console.Page.Locator("[data-test=attachment-withheld]")).ToContainTextAsync("layar.png");
        await Expect(console.Page.Locator("[data-test=attachment-image]")).ToHaveCountAsync(0);
        await console.Page.ReloadAsync();
        await Expect(console.Page.Locator("[data-test=attachment-withheld]")).ToContainTextAsync("layar.png");
        await console.ScreenshotAsync("attachment-08-ticket-withheld");
    }

    [Fact]
    public async Task AnOverturnedWithholdingShowsTheImageAgainOnBothSidesWithoutReloading()
    {
        await using var chat = await LiveChat.StartAsync(browser, "Rina", "Tampilan halaman paket kosong");
        var (console, page, frame) = (chat.Console, chat.Page, chat.Frame);
        await frame.GetByLabel("Tulis pesan").EvaluateAsync(PasteFile, Convert.ToBase64String(AttachmentFiles.PngWithGps(120, 80)));
        await Expect(frame.Locator(".tray li.done")).ToHaveCountAsync(1);
        await frame.GetByLabel("Tulis pesan").PressAsync("Enter");
        await Expect(frame.Locator(".msg.mine .files img")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));

        await console.Page.Locator("[data-test=inbox-item]").First.ClickAsync();
        var id = Guid.Parse((await console.Page.Locator("[data-test=attachment]").GetAttributeAsync("data-attachment"))!);
        await console.Page.ClickAsync("[data-test=attachment-withhold]");
        await console.Page.Locator("[data-test=attachment-withhold-category]").SelectOptionAsync("SARA");
        await console.Page.ClickAsync("[data-test=attachment-withhold-confirm]");
        await Expect(console.Page.Locator("[data-test=attachment-withheld]")).ToBeVisibleAsync();
        await Expect(frame.Locator(".msg.mine .files .withheld")).ToContainTextAsync("ditahan petugas");

        // A supervisor overturns it: the widget shows the image again, and so does the console, neither reloaded.
        var supervisor = await chat.Cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var http = chat.Cluster.Http(0, supervisor.Token);
        var item = (await http.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=pending&limit=500"))!.Single(r => r.AttachmentId == id);
        (await http.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Overturn, "denah biasa"))).EnsureSuccessStatusCode();

        await Expect(frame.Locator(".msg.mine .files .withheld")).ToHaveCountAsync(0);
        await Expect(frame.Locator(".msg.mine .files img")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        await Expect(console.Page.Locator("[data-test=attachment-withheld]")).ToHaveCountAsync(0);
        var image = console.Page.Locator("[data-test=attachment-image]");
        await Expect(image).ToHaveClassAsync("blurred", new() { Timeout = ConsolePage.Timeout });
        (await console.Page.EvaluateAsync<int>("src => fetch(src).then(r => r.status)", await image.GetAttributeAsync("src"))).Should().Be(200);
        await BrowserFixture.ScreenshotAsync(page, "attachment-09-widget-released");
    }

    /// <summary>A visitor in the widget, assigned to an agent signed in and online in the console.</summary>
    private sealed class LiveChat : IAsyncDisposable
    {
        public required ChatCluster Cluster { get; init; }

        public required ConsoleHost Host { get; init; }

        public required ConsolePage Console { get; init; }

        public required IPage Page { get; init; }

        public required IFrameLocator Frame { get; init; }

        public static async Task<LiveChat> StartAsync(BrowserFixture browser, string visitorName, string question)
        {
            var cluster = await WidgetCluster.StartAsync();
            var host = new ConsoleHost(cluster[0].BaseAddress);
            var staff = await cluster.CreateStaffAsync(StaffRole.Agent, topics: [Topics.Technical]);
            var console = await ConsolePage.OpenAsync(browser.Browser, host);
            await console.SignInAsync(staff.Staff.Username);
            await console.GoOnlineAsync();
            var page = await browser.NewPageAsync();
            var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
            await frame.RegisterAsync($"{visitorName} {TestServices.NameTag()}", WidgetCluster.NewEmail(), question: question);
            await Expect(frame.Locator(".agent-name")).ToContainTextAsync(staff.Staff.DisplayName);
            return new LiveChat { Cluster = cluster, Host = host, Console = console, Page = page, Frame = frame };
        }

        public async ValueTask DisposeAsync()
        {
            await Console.DisposeAsync();
            await Host.DisposeAsync();
            await Cluster.DisposeAsync();
        }
    }
}
