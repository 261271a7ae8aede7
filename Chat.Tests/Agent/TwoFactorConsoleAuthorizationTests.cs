using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Agent;

/// <summary>Two-factor sign-in in a real browser: enrolling from the QR page, signing in with a computed code, recovery codes, resets.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class TwoFactorConsoleAuthorizationTests(BrowserFixture browser)
{
    [Fact]
    public async Task SupervisorEnrolsFromTheQrPageThenSignsInWithACodeOnceAndARecoveryCode()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var supervisor = await cluster.CreateStaffAccountAsync(StaffRole.Supervisor);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        var page = console.Page;

        await console.SubmitSignInAsync(supervisor.Username, ChatCluster.StaffPassword);
        await page.WaitForURLAsync(host.Url("/masuk/aktifkan"));
        await Expect(page.Locator("[data-test=totp-qr] svg")).ToBeVisibleAsync();
        var key = (await page.Locator("[data-test=totp-key]").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
        key.Should().MatchRegex("^[A-Z2-7]{32}$");
        await console.ScreenshotAsync("two-factor-enrol");

        await page.FillAsync("[data-test=totp-code]", "000000");
        await page.ClickAsync("[data-test=totp-submit]");
        await Expect(page.Locator("[data-test=signin-error]")).ToBeVisibleAsync();
        (await page.Locator("[data-test=totp-key]").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal).Should().Be(key, "the same secret until it is confirmed");

        var code = StaffAuthenticators.CodeFor(key);
        await page.FillAsync("[data-test=totp-code]", code);
        await page.ClickAsync("[data-test=totp-submit]");
        await page.WaitForURLAsync(host.Url("/masuk/kode-pemulihan"));
        var recovery = await page.Locator("[data-test=recovery-codes] li").AllInnerTextsAsync();
        recovery.Should().HaveCount(10);
        await console.ScreenshotAsync("two-factor-recovery-codes");
        await page.ClickAsync("[data-test=recovery-continue]");
        await page.WaitForURLAsync(host.Url("/"));
        await Expect(page.Locator("[data-test=presence-online]")).ToBeEnabledAsync();

        // The recovery codes were shown once.
        await page.GotoAsync(host.Url("/masuk/kode-pemulihan"));
        await Expect(page.Locator("[data-test=recovery-codes]")).ToHaveCountAsync(0);

        await page.GotoAsync(host.Url("/"));
        await page.ClickAsync("form[action='/akun/keluar'] button");
        await page.WaitForURLAsync(host.Url("/masuk"));
        await console.SubmitSignInAsync(supervisor.Username, ChatCluster.StaffPassword);
        await page.WaitForURLAsync(host.Url("/masuk/kode"));
        await page.FillAsync("[data-test=totp-code]", code);
        await page.ClickAsync("[data-test=totp-submit]");
        await Expect(page.Locator("[data-test=signin-error]")).ToContainTextAsync("sudah dipakai");
        await console.ScreenshotAsync("two-factor-code-replayed");

        await page.FillAsync("[data-test=totp-code]", recovery[0].Trim());
        await page.ClickAsync("[data-test=totp-submit]");
        await page.WaitForURLAsync(host.Url("/"));
        await Expect(page.Locator("[data-test=who]")).ToHaveTextAsync(supervisor.DisplayName);
    }

    [Fact]
    public async Task AgentTurnsOnTwoFactorFromTheAccountPageAndASupervisorResetsIt()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var agent = await cluster.CreateStaffAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        await using (var console = await ConsolePage.OpenAsync(browser.Browser, host))
        {
            await console.SignInAsync(agent.Staff.Username);
            await console.Page.ClickAsync("[data-test=account-security]");
            await console.Page.ClickAsync("[data-test=totp-start]");
            await Expect(console.Page.Locator("[data-test=totp-qr] svg")).ToBeVisibleAsync();
            var key = (await console.Page.Locator("[data-test=totp-key]").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
            await console.Page.FillAsync("[data-test=totp-code]", StaffAuthenticators.CodeFor(key));
            await console.Page.ClickAsync("[data-test=totp-submit]");
            await Expect(console.Page.Locator("[data-test=recovery-codes] li")).ToHaveCountAsync(10);
        }

        using (var asAgent = cluster.Http(token: agent.Token))
        {
            (await asAgent.GetFromJsonAsync<StaffMember>("/api/staff/me"))!.TwoFactor.Should().BeTrue();
        }

        await using (var console = await ConsolePage.OpenAsync(browser.Browser, host))
        {
            await console.SignInAsync(supervisor.Staff.Username);
            await console.Page.GotoAsync(host.Url("/supervisor/staf"));
            var own = console.Page.Locator("[data-test=staff-list] tr", new() { HasText = supervisor.Staff.Username });
            await Expect(own.Locator("[data-test=staff-2fa]")).ToHaveTextAsync("ya");
            await Expect(own.Locator("[data-test=staff-reset-2fa]")).ToHaveCountAsync(0);
            var row = console.Page.Locator("[data-test=staff-list] tr", new() { HasText = agent.Staff.Username });
            await row.Locator("[data-test=staff-reset-2fa]").ClickAsync();
            await Expect(console.Page.Locator("[data-test=staff-done]")).ToContainTextAsync(agent.Staff.DisplayName);
            await Expect(row.Locator("[data-test=staff-2fa]")).ToHaveTextAsync("tidak");
        }

        using var http = cluster.Http();
        (await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Username, ChatCluster.StaffPassword))).StatusCode
            .Should().Be(System.Net.HttpStatusCode.OK, "agents are not required to use a second factor, so after the reset the password is enough");
    }
}
