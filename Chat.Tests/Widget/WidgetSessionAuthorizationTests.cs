using System.Net;
using Chat.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Widget;

/// <summary>"Akhiri sesi" on a shared computer, and the visitor's token renewed silently before it expires.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class WidgetSessionAuthorizationTests(BrowserFixture browser)
{
    [Fact]
    public async Task EndingTheSessionRevokesTheTokenAndClearsTheFrame()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.OnlineAgentAsync(topics: ["teknis"]);
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await frame.RegisterAsync("Siti Penyedia", WidgetCluster.NewEmail(), question: "Cara mengganti kata sandi SPSE?");
        await Expect(frame.Locator("[data-test=end-session]")).ToBeVisibleAsync();
        var token = await StoredTokenAsync(page);
        token.Should().NotBeNullOrEmpty();

        await frame.Locator("[data-test=end-session]").ClickAsync();
        await Expect(frame.GetByLabel("Nama lengkap")).ToBeVisibleAsync();
        await Expect(frame.Locator(".banner")).ToContainTextAsync("Sesi Anda telah diakhiri");
        await Expect(frame.Locator("[data-test=end-session]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "widget-session-ended");
        (await ChatFrame(page).EvaluateAsync<int>("() => localStorage.length + sessionStorage.length")).Should().Be(0, "nothing of the visitor stays in this browser");

        using var http = cluster.Http(token: token);
        (await http.GetAsync("/api/visitors/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the server revoked the token too");

        // A reload starts from the registration form: the frame remembers nobody.
        await page.ReloadAsync();
        frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await Expect(frame.GetByLabel("Nama lengkap")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheWidgetRenewsItsTokenHalfwayThroughItsLife()
    {
        await using var cluster = await WidgetCluster.StartAsync(configure: s => s["Accounts:VisitorTokenLifetime"] = "00:00:20");
        await cluster.OnlineAgentAsync(topics: ["teknis"]);
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await frame.RegisterAsync("Budi Penyedia", WidgetCluster.NewEmail(), question: "Jadwal tender berubah?");
        await Expect(frame.Locator("[data-test=end-session]")).ToBeVisibleAsync();
        var first = await StoredTokenAsync(page);

        // Renewal is due after 10 s of the 20 s; wait for the stored token to change, bounded well inside its life.
        var renewed = await Wait.UntilAsync(() => StoredTokenAsync(page), t => t is not null && t != first, "the widget to renew its token", TimeSpan.FromSeconds(60));
        using var http = cluster.Http(token: renewed);
        (await http.GetAsync("/api/visitors/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static IFrame ChatFrame(IPage page) => page.Frames.Single(f => f.Url.Contains("/widget/", StringComparison.Ordinal));

    private static Task<string?> StoredTokenAsync(IPage page) => ChatFrame(page).EvaluateAsync<string?>("() => localStorage.getItem('lpse-chat-token')");
}
