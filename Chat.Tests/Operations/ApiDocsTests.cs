using System.Net;
using System.Text.Json;
using Chat.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Operations;

/// <summary>The REST API's OpenAPI document is generated from the endpoints; the viewer renders it in a real browser.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class ApiDocsTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesTheRestApiAndTheViewerShowsIt()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["ApiDocs:Viewer"] = "true");
        using var http = cluster.Http();

        using var response = await http.GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        document.RootElement.GetProperty("info").GetProperty("title").GetString().Should().Contain("LPSE");
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/visitors", "/api/staff/login", "/api/tickets", "/api/supervision/disclosures/{id}/archive"]);
        paths.Should().NotContain(p => p.StartsWith("/hubs/", StringComparison.Ordinal), "hubs are described in PROTOCOL.md, not as REST");
        document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _).Should().BeTrue();

        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync(new Uri(cluster[0].BaseAddress, "/scalar/v1").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "HELPDESK LPSE Kabupaten Tanah Laut — Chat API", Level = 1 })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "get /api/supervision/disclosures", Exact = true })).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "api-docs");
        errors.Should().BeEmpty("the viewer's own policy lets it run");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutTheViewerSettingThereIsNoViewer()
    {
        await using var cluster = await ChatCluster.StartAsync();
        using var http = cluster.Http();
        (await http.GetAsync("/scalar/v1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
