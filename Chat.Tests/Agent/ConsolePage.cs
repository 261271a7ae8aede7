using Chat.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chat.Tests.Agent;

/// <summary>A signed-in browser tab on the console, with the steps tests repeat.</summary>
public sealed class ConsolePage(IBrowserContext context, IPage page, ConsoleHost host) : IAsyncDisposable
{
    /// <summary>Bounded wait for elements; generous for a loaded 2-core machine.</summary>
    public const float Timeout = 60_000;

    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    public ConsoleHost Host { get; } = host;

    public static async Task<ConsolePage> OpenAsync(IBrowser browser, ConsoleHost host)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, Locale = "id-ID" });
        context.SetDefaultTimeout(Timeout);
        var page = await context.NewPageAsync();
        return new ConsolePage(context, page, host);
    }

    /// <summary>Signs in through the form and waits for the live console (the hub connection) to be ready.</summary>
    public async Task SignInAsync(string username, string password = "kata-sandi-uji-123")
    {
        await SubmitSignInAsync(username, password);
        if (StaffAuthenticators.Has(username))
        {
            // The code step; a recovery code, since the fixture's sign-in already spent the current step's code.
            await Page.WaitForURLAsync(Host.Url("/masuk/kode"));
            await Page.FillAsync("[data-test=totp-code]", StaffAuthenticators.TakeRecoveryCode(username));
            await Page.ClickAsync("[data-test=totp-submit]");
        }

        await Page.WaitForURLAsync(Host.Url("/"));
        await Assertions.Expect(Page.Locator("[data-test=presence-online]")).ToBeEnabledAsync(new() { Timeout = Timeout });
    }

    public async Task SubmitSignInAsync(string username, string password)
    {
        await Page.GotoAsync(Host.Url("/masuk"));
        await Page.FillAsync("input[name=username]", username);
        await Page.FillAsync("input[name=password]", password);
        await Page.ClickAsync("button[type=submit]");
    }

    public async Task GoOnlineAsync()
    {
        await Page.ClickAsync("[data-test=presence-online]");
        await Assertions.Expect(Page.Locator("[data-test=presence-badge]")).ToHaveTextAsync("Online");
    }

    /// <summary>The whole page, unless it is a list that grows with the shared test database (then the viewport).</summary>
    public Task ScreenshotAsync(string name, bool fullPage = true) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = fullPage });

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
