using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Chat.Tests.Widget;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Attachments;

/// <summary>
/// A visitor follows a ticket in the widget: reads the helpdesk's reply with its file, answers with a screenshot, and
/// the answer reaches the ticket with the file and reopens it (real Chromium, Kestrel, PostgreSQL).
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class AttachmentWidgetTicketTests(BrowserFixture browser)
{
    [Fact]
    public async Task AVisitorReadsATicketReplyWithItsFileAndAnswersWithAScreenshot()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var agent = await cluster.CreateStaffAsync();
        using var staff = cluster.Http(0, agent.Token);
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());

        // No agent online: the question becomes a ticket.
        await frame.RegisterAsync($"Rudi {TestServices.NameTag()}", WidgetCluster.NewEmail(), question: "Sertifikat badan usaha gagal diunggah");
        await frame.GetByLabel("Pesan").FillAsync("Sertifikat badan usaha gagal diunggah");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Kirim tiket" }).ClickAsync();
        var number = Regex.Match(await frame.Locator(".ticket-number").InnerTextAsync(), @"TL-\d{4}-\d{6}").Value;
        number.Should().NotBeEmpty();

        // The helpdesk answers with a guide and waits for the visitor.
        var guide = await (await AttachmentApi.UploadAsync(staff, null, "Panduan SBU.pdf", AttachmentFiles.Pdf(), number)).Content.ReadFromJsonAsync<UploadedAttachment>();
        (await staff.PostAsJsonAsync($"/api/tickets/{number}/entries", new AddTicketEntryRequest("Silakan ikuti panduan terlampir.", false, [guide!.Attachment.Id]))).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/tickets/{number}/entries", new AddTicketEntryRequest("Catatan internal: cek ukuran berkas.", true))).EnsureSuccessStatusCode();
        (await staff.PatchAsJsonAsync($"/api/tickets/{number}", new UpdateTicketRequest(TicketStatus.Pending, null, null))).EnsureSuccessStatusCode();

        await frame.GetByRole(AriaRole.Button, new() { Name = "Tiket saya" }).ClickAsync();
        await frame.GetByRole(AriaRole.Button, new() { Name = number }).ClickAsync();
        await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = $"{number} · Menunggu" })).ToBeVisibleAsync();
        var reply = frame.Locator(".msg", new() { HasText = "Silakan ikuti panduan terlampir." });
        await Expect(reply.Locator("a.file")).ToContainTextAsync("Panduan SBU.pdf");
        await Expect(frame.Locator(".messages")).Not.ToContainTextAsync("Catatan internal");

        // An empty answer is refused in place; then a screenshot pasted in through the file button, and a line.
        await frame.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await Expect(frame.Locator(".field-error", new() { HasText = "Wajib diisi." })).ToBeVisibleAsync();
        await frame.Locator(".attach input[type=file]").First.SetInputFilesAsync(new FilePayload { Name = "galat.png", MimeType = "image/png", Buffer = AttachmentFiles.PngWithGps() });
        await Expect(frame.Locator(".tray li.done")).ToHaveCountAsync(1);
        await frame.GetByLabel("Pesan").FillAsync("Masih gagal, ini tangkapan layarnya.");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();

        // The thumbnail is the re-encoded image, fetched with the visitor's own token (64 × 48, no EXIF kept).
        await Expect(frame.Locator(".msg.mine", new() { HasText = "Masih gagal, ini tangkapan layarnya." }).Locator(".files img")).ToHaveJSPropertyAsync("naturalWidth", 64);
        await Expect(frame.GetByRole(AriaRole.Heading, new() { Name = $"{number} · Terbuka" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "attachment-06-widget-ticket");
        var detail = await staff.GetFromJsonAsync<TicketDetail>($"/api/tickets/{number}");
        detail!.Ticket.Status.Should().Be(TicketStatus.Open, "the visitor's answer gives the helpdesk the next move");
        var answer = detail.Entries.Should().ContainSingle(e => e.Text == "Masih gagal, ini tangkapan layarnya.").Subject;
        answer.Author.Should().Be(SenderRole.Visitor);
        answer.Attachments.Should().ContainSingle(a => a.FileName == "galat.png" && a.Image);
        await page.Context.CloseAsync();
    }
}
