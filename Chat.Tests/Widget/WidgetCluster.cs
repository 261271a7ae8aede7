using Chat.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chat.Tests.Widget;

/// <summary>
/// A cluster whose widget allow-list admits http://localhost on any port. The demo page is opened on one instance and
/// loads the widget from another, so page and chat frame are different origins of the same site, as when the LPSE site
/// and Chat.Server share a domain (a cross-site frame may be refused storage by the browser).
/// </summary>
internal static class WidgetCluster
{
    public const string AllowedPattern = "http://localhost:*";

    public static Task<ChatCluster> StartAsync(int instances = 2, bool isolatedDatabase = false, Action<Dictionary<string, string?>>? configure = null) =>
        ChatCluster.StartAsync(instances, s =>
        {
            s["Widget:AllowedOrigins:0"] = AllowedPattern;
            configure?.Invoke(s);
        }, isolatedDatabase);

    /// <summary>The demo LPSE page served by instance <paramref name="page"/>, embedding the widget of instance <paramref name="widget"/>.</summary>
    public static string DemoUrl(this ChatCluster cluster, int widget = 0, int page = 1) =>
        $"http://localhost:{cluster[page].BaseAddress.Port}/demo/?port={cluster[widget].BaseAddress.Port}";

    /// <summary>Opens the demo page and the chat panel; returns the chat frame.</summary>
    public static async Task<IFrameLocator> OpenWidgetAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("lpse-chat-widget button[aria-controls]").ClickAsync();
        var frame = page.FrameLocator("lpse-chat-widget iframe");
        await Assertions.Expect(frame.Locator("header.top h1")).ToBeVisibleAsync();
        return frame;
    }

    /// <summary>Fills the pre-chat form and starts the chat.</summary>
    public static async Task RegisterAsync(this IFrameLocator frame, string name, string email, string topicId = "teknis", string? question = null)
    {
        await frame.GetByLabel("Nama lengkap").FillAsync(name);
        await frame.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await frame.GetByLabel("Telepon / WhatsApp (opsional)").FillAsync("0812 5555 0101");
        await frame.GetByLabel("Instansi / perusahaan").FillAsync("CV Borneo Konstruksi");
        await frame.GetByLabel("Topik").SelectOptionAsync(topicId);
        if (question is not null)
        {
            await frame.GetByLabel("Pertanyaan Anda (opsional)").FillAsync(question);
        }

        await frame.Locator("#accept").CheckAsync();
        await frame.GetByRole(AriaRole.Button, new() { Name = "Mulai obrolan" }).ClickAsync();
    }

    public static string NewEmail() => $"w-{Guid.NewGuid().ToString("N")[..10]}@penyedia.example.id";
}
