using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Widget;

/// <summary>
/// A name held after review: the widget tells the visitor why staff see "Pengunjung" and lets them choose another
/// (real Chromium, real Kestrel and PostgreSQL; the supervisor decides through the API the console uses).
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class WidgetProfileTests(BrowserFixture browser)
{
    [Fact]
    public async Task AVisitorWhoseNameWasHeldSeesTheNoticeAndChoosesAnotherName()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        var tag = TestServices.NameTag();
        var page = await browser.NewPageAsync();

        // No agent is online: the question becomes a ticket, and the flagged name waits for a supervisor.
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await frame.RegisterAsync($"Budi Anjir {tag}", WidgetCluster.NewEmail(), question: "Akun penyedia terkunci");
        await frame.GetByLabel("Pesan").FillAsync("Akun penyedia terkunci");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Kirim tiket" }).ClickAsync();
        await Expect(frame.Locator(".ticket-number")).ToHaveTextAsync(new Regex(@"^Tiket TL-\d{4}-\d{6} telah dibuat"));
        var queue = await supervisorHttp.GetFromJsonAsync<List<ContentReviewItem>>("/api/moderation/content?status=pending&limit=500");
        var item = queue!.Should().ContainSingle(i => i.Field == "name" && i.Text == $"Budi Anjir {tag}").Subject;
        (await supervisorHttp.PostAsJsonAsync($"/api/moderation/content/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, "nama tidak pantas")))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var again = await page.OpenWidgetAsync(cluster.DemoUrl());
        await Expect(again.GetByRole(AriaRole.Heading, new() { Name = "Selamat datang kembali, Pengunjung." })).ToBeVisibleAsync();
        var notice = again.Locator("[data-test=profile-notice]");
        await Expect(notice).ToContainTextAsync("ditahan");
        await BrowserFixture.ScreenshotAsync(page, "14-profile-notice");
        await notice.GetByRole(AriaRole.Button, new() { Name = "Ubah nama / instansi" }).ClickAsync();
        await Expect(again.GetByLabel("Instansi / perusahaan")).ToHaveValueAsync("CV Borneo Konstruksi");

        // An empty name is refused in the form; a name moderation withholds is refused by the server, in Indonesian,
        // and what the visitor typed stays in the field.
        await again.GetByLabel("Nama lengkap").FillAsync(" ");
        await again.GetByRole(AriaRole.Button, new() { Name = "Simpan" }).ClickAsync();
        await Expect(again.Locator(".field-error", new() { HasText = "Wajib diisi." })).ToBeVisibleAsync();
        await again.GetByLabel("Nama lengkap").FillAsync("Admin Goblok Bangsat");
        await again.GetByRole(AriaRole.Button, new() { Name = "Simpan" }).ClickAsync();
        await Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nama");
        await Expect(again.GetByLabel("Nama lengkap")).ToHaveValueAsync("Admin Goblok Bangsat");
        await again.GetByLabel("Nama lengkap").FillAsync("Budi Santoso");
        await again.GetByRole(AriaRole.Button, new() { Name = "Simpan" }).ClickAsync();
        await Expect(again.GetByRole(AriaRole.Status)).ToHaveTextAsync("Profil disimpan.");
        await again.GetByRole(AriaRole.Button, new() { Name = "Kembali" }).ClickAsync();

        await Expect(again.GetByRole(AriaRole.Heading, new() { Name = "Selamat datang kembali, Budi Santoso." })).ToBeVisibleAsync();
        await Expect(again.Locator("[data-test=profile-notice]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
