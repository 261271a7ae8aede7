using System.Text.RegularExpressions;
using Chat.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Widget;

/// <summary>A returning visitor on another device signs in with a code read from the real mail server and finds their tickets.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class EmailSignInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AVisitorOnASecondDeviceSignsInWithTheEmailedCodeAndSeesTheirTickets()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var email = WidgetCluster.NewEmail();
        var name = $"Sari {TestServices.NameTag()}";

        // First device: register; no agent is online, so the question becomes a ticket.
        var first = await browser.NewPageAsync();
        var frame1 = await first.OpenWidgetAsync(cluster.DemoUrl());
        await frame1.RegisterAsync(name, email, question: "Lupa kata sandi akun penyedia SPSE");
        await frame1.GetByLabel("Pesan").FillAsync("Lupa kata sandi akun penyedia SPSE");
        await frame1.GetByRole(AriaRole.Button, new() { Name = "Kirim tiket" }).ClickAsync();
        await Expect(frame1.Locator(".ticket-number")).ToHaveTextAsync(new Regex(@"^Tiket TL-\d{4}-\d{6} telah dibuat"), new() { Timeout = 30_000 });
        await first.Context.CloseAsync();

        // Second device, a fresh browser context: nothing stored, the visitor signs in with email.
        var second = await browser.NewPageAsync();
        var frame2 = await second.OpenWidgetAsync(cluster.DemoUrl());
        await frame2.GetByRole(AriaRole.Button, new() { Name = "Sudah pernah mendaftar? Masuk dengan email" }).ClickAsync();
        await frame2.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await frame2.GetByRole(AriaRole.Button, new() { Name = "Kirim kode" }).ClickAsync();
        await Expect(frame2.GetByRole(AriaRole.Status)).ToContainTextAsync("kode sudah kami kirim");

        var mail = (await MailServer.WaitForAsync(email, 2)).Single(m => (m.Subject ?? string.Empty).StartsWith("Kode masuk", StringComparison.Ordinal));
        await frame2.GetByLabel("Kode 6 angka dari email").FillAsync("12345");
        await frame2.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
        await Expect(frame2.Locator(".field-error", new() { HasText = "Kode terdiri dari 6 angka." })).ToBeVisibleAsync();
        await frame2.GetByLabel("Kode 6 angka dari email").FillAsync(MailServer.CodeIn(mail));
        await frame2.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();

        await Expect(frame2.GetByRole(AriaRole.Heading, new() { Name = $"Selamat datang kembali, {name}." })).ToBeVisibleAsync();
        await Expect(frame2.Locator(".verify")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(second, "30-signed-in-second-device");
        await frame2.GetByRole(AriaRole.Button, new() { Name = "Tiket saya" }).ClickAsync();
        await Expect(frame2.Locator(".ticket", new() { HasText = "Lupa kata sandi akun penyedia SPSE" })).ToHaveCountAsync(1);
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task RegisteringAgainWithAKnownAddressContinuesAsASignInAndANewVisitorIsAskedToVerify()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var known = await cluster.RegisterVisitorAsync();
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await frame.RegisterAsync("Andi Saputra", known.Visitor.Email);
        await Expect(frame.GetByRole(AriaRole.Status)).ToContainTextAsync(known.Visitor.Email);
        await Expect(frame.GetByLabel("Kode 6 angka dari email")).ToBeVisibleAsync();
        await Expect(frame.GetByText("sudah terdaftar")).ToHaveCountAsync(0);
        (await page.EvaluateAsync<int>("() => localStorage.length")).Should().Be(0);
        await page.Context.CloseAsync();

        // A new visitor starts at once; back home, the widget asks for the code from the verification mail.
        var fresh = await browser.NewPageAsync();
        var frame2 = await fresh.OpenWidgetAsync(cluster.DemoUrl());
        var email = WidgetCluster.NewEmail();
        await frame2.RegisterAsync("Budi Santoso", email);
        await Expect(frame2.GetByRole(AriaRole.Heading, new() { Name = "Tinggalkan pesan" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        frame2 = await fresh.OpenWidgetAsync(cluster.DemoUrl());
        var verify = frame2.Locator(".verify");
        await Expect(verify).ToContainTextAsync(email, new() { Timeout = 30_000 });
        var code = MailServer.CodeIn((await MailServer.WaitForAsync(email)).Single());
        await verify.GetByLabel("Kode 6 angka dari email").FillAsync(code);
        await verify.GetByRole(AriaRole.Button, new() { Name = "Verifikasi" }).ClickAsync();
        await Expect(frame2.Locator(".verify")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(fresh, "31-email-verified");
        await fresh.Context.CloseAsync();
    }
}
