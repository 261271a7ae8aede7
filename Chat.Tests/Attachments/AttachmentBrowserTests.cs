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
        await using var cluster = await WidgetCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var staff = await cluster.CreateStaffAsync(StaffRole.Agent, topics: [Topics.Technical]);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);
        await console.GoOnlineAsync();

        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await frame.RegisterAsync($"Siti {Guid.NewGuid().ToString("N")[..6]}", WidgetCluster.NewEmail(), question: "Muncul error saat unggah dokumen");
        await Expect(frame.Locator(".agent-name")).ToContainTextAsync(staff.Staff.DisplayName);

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
        await using var cluster = await WidgetCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var staff = await cluster.CreateStaffAsync(StaffRole.Agent, topics: [Topics.Technical]);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(staff.Staff.Username);
        await console.GoOnlineAsync();
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await frame.RegisterAsync($"Budi {Guid.NewGuid().ToString("N")[..6]}", WidgetCluster.NewEmail(), question: "Dokumen tidak bisa dibuka");
        await Expect(frame.Locator(".agent-name")).ToContainTextAsync(staff.Staff.DisplayName);

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
}
