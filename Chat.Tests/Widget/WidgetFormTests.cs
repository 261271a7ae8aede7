using System.Text.RegularExpressions;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Tests.Widget;

[Collection(BrowserFixture.Collection)]
public sealed class WidgetFormTests(BrowserFixture browser)
{
    [Fact]
    public async Task PreChatFormShowsItsOwnAndTheServersValidationMessagesInPlaceAndOpensThePolicyText()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var taken = await cluster.RegisterVisitorAsync();
        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());

        await frame.GetByRole(AriaRole.Button, new() { Name = "Mulai obrolan" }).ClickAsync();
        await Expect(frame.GetByLabel("Nama lengkap")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(frame.Locator(".field-error", new() { HasText = "Wajib diisi." })).ToHaveCountAsync(2);
        await Expect(frame.GetByText("Anda harus menyetujui Kebijakan Layanan.")).ToBeVisibleAsync();
        await Expect(frame.GetByLabel("Nama lengkap")).ToBeFocusedAsync();
        await BrowserFixture.ScreenshotAsync(page, "14-prechat-errors");

        await frame.GetByRole(AriaRole.Button, new() { Name = "Kebijakan Layanan" }).ClickAsync();
        var dialog = frame.GetByRole(AriaRole.Dialog);
        await Expect(dialog.Locator(".policy-text")).ToContainTextAsync("Kebijakan Layanan (PERJANJIAN)");
        await BrowserFixture.ScreenshotAsync(page, "15-policy-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Kembali" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // An email already registered continues as a sign-in by code, without a token or a "taken" message.
        await frame.RegisterAsync("Andi Saputra", taken.Visitor.Email);
        await Expect(frame.GetByLabel("Kode 6 angka dari email")).ToBeVisibleAsync();
        (await page.EvaluateAsync<int>("() => localStorage.length")).Should().Be(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WaitingVisitorLeavesATicketInsteadOfWaiting()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var (_, _, agentEvents) = await cluster.OnlineAgentAsync(instance: 1, capacity: 1, topics: [Topics.Other]);
        var (_, busyHub, _) = await cluster.ConnectedVisitorAsync(instance: 1);
        (await busyHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null))).Outcome.Should().Be(StartChatOutcome.Assigned);

        var page = await browser.NewPageAsync();
        var frame = await page.OpenWidgetAsync(cluster.DemoUrl());
        await frame.RegisterAsync($"Nur {TestServices.NameTag()}", WidgetCluster.NewEmail(), topicId: Topics.Other, question: "Kapan jadwal pelatihan SPSE?");
        await Expect(frame.Locator(".queue .position")).ToHaveTextAsync("Posisi antrean Anda: 1");

        await frame.GetByRole(AriaRole.Button, new() { Name = "Tinggalkan tiket saja" }).ClickAsync();
        await Expect(frame.Locator(".ticket-number")).ToHaveTextAsync(new Regex(@"^Tiket TL-\d{4}-\d{6} telah dibuat"));
        await frame.GetByRole(AriaRole.Button, new() { Name = "Tiket saya" }).ClickAsync();
        await Expect(frame.Locator(".ticket", new() { HasText = "Kapan jadwal pelatihan SPSE?" })).ToHaveCountAsync(1);
        agentEvents.All<AgentChat>(nameof(IAgentClient.ChatAssigned)).Should().HaveCount(1, "the agent only ever had the other chat");
        await page.Context.CloseAsync();
    }
}
