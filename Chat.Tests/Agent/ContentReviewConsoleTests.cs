using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Agent;

/// <summary>Flagged names and ticket entries in the supervisors' review page, in a real browser.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class ContentReviewConsoleTests(BrowserFixture browser)
{
    [Fact]
    public async Task SupervisorSeesAFlaggedNameWithTheTextHiddenUntilAskedAndUpholdsIt()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.RegisterVisitorAsync();
        using var visitorHttp = cluster.Http(0, visitor.Token);
        (await visitorHttp.PutAsJsonAsync("/api/visitors/me/profile", new UpdateProfileRequest("Budi Anjir", null))).EnsureSuccessStatusCode();
        using var http = cluster.Http(token: supervisor.Token);
        var item = (await http.GetFromJsonAsync<List<ContentReviewItem>>("/api/moderation/content?status=pending&limit=500"))!
            .Single(i => i.AuthorId == visitor.Visitor.VisitorId);

        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(supervisor.Staff.Username);
        await console.Page.ClickAsync("nav a[href='/supervisor/moderasi']");
        var row = console.Page.Locator($"[data-test=content-review][data-id='{item.Id}']");
        await Expect(row).ToContainTextAsync("Nama");
        await Expect(row).ToContainTextAsync("STAFF_ABUSE");
        await Expect(row.Locator("[data-test=content-text]")).ToBeHiddenAsync();
        await row.Locator("summary").ClickAsync();
        await Expect(row.Locator("[data-test=content-text]")).ToHaveTextAsync("Budi Anjir");

        await row.Locator("[data-test=content-uphold]").ClickAsync();

        await Expect(row.Locator("[data-test=content-decided]")).ToHaveTextAsync("Dikuatkan");
        (await http.GetFromJsonAsync<List<ContentReviewItem>>("/api/moderation/content?status=upheld&limit=500"))!
            .Should().Contain(i => i.Id == item.Id && i.DecidedBy == supervisor.Staff.Id);
    }
}
