using Microsoft.Playwright;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// One headless Chromium (Debian's /usr/bin/chromium, no Playwright download) shared by every browser test in the
/// run; each test gets its own context (own storage, own cookies).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Collection = "Browser";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>TestResults/screenshots beside the test assembly's project.</summary>
    public static string ScreenshotFolder { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHAT_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotFolder);

        // Playwright's 5 s for an expectation is shorter than one Blazor round trip takes on two loaded cores; the
        // same bound as every other wait in the suite (each still ends the moment the page shows it).
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout((float)Wait.Timeout.TotalMilliseconds);
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "id-ID" });
        context.SetDefaultTimeout((float)Wait.Timeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png") });

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
    }
}

[CollectionDefinition(BrowserFixture.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

/// <summary>
/// Tests that start a whole deployment of their own (run.sh's servers, console, nginx and services): they run after
/// every other collection, alone, so that the rest of the suite does not starve them of the two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeSystemCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Whole system";
}
