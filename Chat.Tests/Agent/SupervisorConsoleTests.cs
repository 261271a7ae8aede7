using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Agent;

/// <summary>The supervisor's live dashboard in a real browser, and the wall between agents and supervisor pages.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class SupervisorConsoleTests(BrowserFixture browser)
{
    [Fact]
    public async Task DashboardWaitingCountRisesLiveWhenAVisitorQueues()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(supervisor.Staff.Username);
        await console.Page.ClickAsync("nav a[href='/supervisor']");
        await Expect(console.Page.Locator("[data-test=waiting-lainnya]")).ToHaveTextAsync("0");

        // One seat for the topic: the first visitor takes it, the second waits.
        await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Other]);
        var first = await cluster.ConnectedVisitorAsync();
        (await first.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Other, "Halo"))).Outcome.Should().Be(StartChatOutcome.Assigned);
        var second = await cluster.ConnectedVisitorAsync();
        (await second.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Other, "Halo juga"))).Outcome.Should().Be(StartChatOutcome.Queued);

        await Expect(console.Page.Locator("[data-test=waiting-lainnya]")).ToHaveTextAsync("1");
        await Expect(console.Page.Locator("[data-test=waiting-total]")).ToHaveTextAsync("1");
        await Expect(console.Page.Locator("[data-test=agents-online]")).ToHaveTextAsync("1");
        await Expect(console.Page.Locator("[data-test=active-chats]")).ToHaveTextAsync("1");
        await console.ScreenshotAsync("supervisor-dashboard");

        // Any live chat can be followed read-only from the agent's row.
        await console.Page.ClickAsync("[data-test=agents] a");
        await Expect(console.Page.Locator("[data-test=watched]")).ToContainTextAsync("Halo");
        await first.Hub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(
            (await first.Hub.InvokeAsync<ChatState?>("ResumeChat"))!.ConversationId, Guid.NewGuid(), "Masih menunggu jawaban"));
        await Expect(console.Page.Locator("[data-test=watched]")).ToContainTextAsync("Masih menunggu jawaban");
        await console.ScreenshotAsync("supervisor-watch");
    }

    [Fact]
    public async Task SupervisorAddsACannedAnswerThatAgentsSeeInTheList()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(supervisor.Staff.Username);
        await console.Page.ClickAsync("nav a[href='/supervisor/jawaban']");
        await Expect(console.Page.Locator("[data-test=canned-list]")).ToContainTextAsync("/reset");
        var shortcut = "/uji-" + Guid.NewGuid().ToString("N")[..8];

        await console.Page.FillAsync("[data-test=canned-shortcut]", shortcut);
        await console.Page.FillAsync("[data-test=canned-title]", "Jawaban uji");
        await console.Page.FillAsync("[data-test=canned-text]", "Silakan coba lagi setelah 5 menit.");
        await console.Page.ClickAsync("[data-test=canned-save]");

        await Expect(console.Page.Locator("[data-test=canned-list]")).ToContainTextAsync(shortcut);
        await console.ScreenshotAsync("supervisor-canned", fullPage: false);
        using var http = cluster.Http(token: (await cluster.CreateStaffAsync()).Token);
        (await http.GetFromJsonAsync<IReadOnlyList<CannedAnswer>>("/api/canned-answers")).Should().Contain(a => a.Shortcut == shortcut);
        await http.DeleteAsync("/api/canned-answers/" + Uri.EscapeDataString(shortcut));

        await console.Page.ClickAsync("nav a[href='/supervisor/staf']");
        await Expect(console.Page.Locator("[data-test=staff-list]")).ToContainTextAsync(supervisor.Staff.DisplayName);
        await console.ScreenshotAsync("supervisor-staff", fullPage: false);
    }

    [Fact]
    public async Task ASecondSupervisorApprovesADisclosureAndTheArchiveDownloadsFromTheConsoleThenTheAccountIsClosed()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var second = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync();
        var reference = $"B-{Guid.NewGuid().ToString("N")[..6]}/O.3.18/2026";
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(supervisor.Staff.Username);
        await console.Page.ClickAsync("nav a[href='/supervisor/kebijakan']");

        await console.Page.FillAsync("[data-test=visitor-query]", visitor.Visitor.Visitor.Email);
        await console.Page.ClickAsync("[data-test=visitor-search]");
        await console.Page.ClickAsync("[data-test=visitor-pick]");
        await console.Page.FillAsync("[data-test=disclosure-authority]", "Kejaksaan Negeri Tanah Laut");
        await console.Page.FillAsync("[data-test=disclosure-reference]", reference);
        await console.Page.FillAsync("[data-test=disclosure-basis]", "KUHAP pasal 43");
        await console.Page.ClickAsync("[data-test=disclosure-request]");
        await Expect(console.Page.Locator("[data-test=policy-done]")).ToContainTextAsync("menunggu persetujuan supervisor kedua");
        await Expect(console.Page.Locator("[data-test=disclosure-recorded]")).ToContainTextAsync("SHA-256");
        await using (var db = new Npgsql.NpgsqlConnection(TestServices.Postgres))
        {
            (await Dapper.SqlMapper.QuerySingleAsync<long>(db, "SELECT count(*) FROM disclosure_requests WHERE reference = @reference", new { reference }))
                .Should().Be(1, "one click records one request");
        }

        // The one who recorded it sees the request but cannot approve it.
        await console.Page.ClickAsync("nav a[href='/supervisor/pengungkapan']");
        var row = console.Page.Locator("[data-test=disclosure]", new() { HasText = reference });
        await row.Locator("[data-test=disclosure-approve]").ClickAsync();
        await Expect(console.Page.Locator("[data-test=disclosure-error]")).ToContainTextAsync("supervisor lain");

        await using var other = await ConsolePage.OpenAsync(browser.Browser, host);
        await other.SignInAsync(second.Staff.Username);
        await other.Page.ClickAsync("nav a[href='/supervisor/pengungkapan']");
        var theirs = other.Page.Locator("[data-test=disclosure]", new() { HasText = reference });
        await theirs.Locator("[data-test=disclosure-note]").FillAsync("Surat asli diperiksa");
        await theirs.Locator("[data-test=disclosure-approve]").ClickAsync();
        await Expect(theirs.Locator("[data-test=disclosure-status]")).ToContainTextAsync("Disetujui");
        await other.ScreenshotAsync("supervisor-disclosure");

        var hash = await theirs.Locator("code").InnerTextAsync();
        var download = await other.Page.RunAndWaitForDownloadAsync(() => theirs.Locator("[data-test=disclosure-download]").ClickAsync());
        download.SuggestedFilename.Should().EndWith(".zip");
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)).Should().Be(hash.Trim());
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes)))
        {
            using var reader = new StreamReader(zip.GetEntry("pengunjung.json")!.Open());
            (await reader.ReadToEndAsync()).Should().Contain(visitor.Visitor.Visitor.Email);
        }

        await console.Page.ClickAsync("nav a[href='/supervisor/kebijakan']");
        await console.Page.FillAsync("[data-test=visitor-query]", visitor.Visitor.Visitor.Email);
        await console.Page.ClickAsync("[data-test=visitor-search]");
        await console.Page.ClickAsync("[data-test=visitor-pick]");
        await console.Page.FillAsync("[data-test=close-reason]", "Data kontak palsu");
        await console.Page.FillAsync("[data-test=close-clause]", "2");
        await console.Page.ClickAsync("[data-test=close-account]");
        (await visitor.Events.WaitAsync<AccountSuspended>(nameof(IVisitorClient.AccountSuspended))).Clause.Should().Be("2");
        await Expect(console.Page.Locator("[data-test=policy-done]")).ToContainTextAsync(visitor.Visitor.Visitor.Name);
    }

    [Fact]
    public async Task TheConsoleSpeaksIndonesianFirstAndEnglishOnRequest()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(supervisor.Staff.Username);
        await Expect(console.Page.Locator("nav a[href='/tiket']")).ToHaveTextAsync("Tiket");

        await console.Page.ClickAsync("[data-test=language]");

        await Expect(console.Page.Locator("nav a[href='/tiket']")).ToHaveTextAsync("Tickets");
        await Expect(console.Page.Locator("[data-test=presence-online]")).ToBeEnabledAsync();
        await Expect(console.Page.Locator("[data-test=presence-away]")).ToHaveTextAsync("Away");
        await console.Page.ClickAsync("nav a[href='/supervisor']");
        await Expect(console.Page.Locator("h1")).ToHaveTextAsync("Live queue");
        await Expect(console.Page.Locator("[data-test=waiting-total]")).ToHaveTextAsync("0");
        await console.ScreenshotAsync("supervisor-dashboard-en");
    }

    [Fact]
    public async Task AnAgentCannotReachSupervisorPagesOrEndpoints()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var host = new ConsoleHost(cluster[0].BaseAddress);
        var agent = await cluster.CreateStaffAsync(StaffRole.Agent);
        await using var console = await ConsolePage.OpenAsync(browser.Browser, host);
        await console.SignInAsync(agent.Staff.Username);
        await Expect(console.Page.Locator("nav a[href='/supervisor']")).ToHaveCountAsync(0);

        await console.Page.GotoAsync(host.Url("/supervisor"));
        await Expect(console.Page.Locator("h1")).ToHaveTextAsync("Akses ditolak");
        await console.ScreenshotAsync("agent-denied");
        await console.Page.GotoAsync(host.Url("/supervisor/moderasi"));
        await Expect(console.Page.Locator("h1")).ToHaveTextAsync("Akses ditolak");

        using var http = cluster.Http(token: agent.Token);
        (await http.GetAsync("/api/supervision/metrics")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await http.GetAsync("/api/moderation/review?status=pending")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await http.PostAsJsonAsync("/api/supervision/policy", new PublishPolicyRequest("Kebijakan", "Isi"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await http.PutAsJsonAsync("/api/canned-answers/%2Fbaru", new SaveCannedAnswerRequest("Baru", "Isi"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await http.PostAsJsonAsync($"/api/supervision/visitors/{Guid.NewGuid()}/disclosures", new DisclosureRequestForm("Polres", "B/1", "KUHAP"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await http.PostAsJsonAsync($"/api/supervision/visitors/{Guid.NewGuid()}/close", new CloseVisitorRequest("uji", "1"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var hub = await cluster.ConnectAgentAsync(agent.Token);
        await FluentActions.Awaiting(() => hub.InvokeAsync<MetricsWatch>("WatchMetrics")).Should().ThrowAsync<HubException>();
        await FluentActions.Awaiting(() => hub.InvokeAsync<IReadOnlyList<ChatMessage>>("WatchConversation", Guid.NewGuid())).Should().ThrowAsync<HubException>();
    }
}
