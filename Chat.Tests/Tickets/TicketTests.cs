using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Tickets;

public sealed class TicketTests
{
    [Fact]
    public async Task AgentClosingAChatAsUnresolvedOpensATicketWithTheTranscript()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var agent = await cluster.OnlineAgentAsync(instance: 1);
        var visitor = await cluster.ConnectedVisitorAsync(instance: 0);
        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, "Dokumen penawaran tidak bisa diunggah, muncul error 500"));
        var conversation = start.Chat!.ConversationId;
        await agent.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "Kami cek ke tim teknis dulu ya."));

        var closed = await agent.Hub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(conversation, false, "Perlu cek log server SPSE"));

        closed.TicketNumber.Should().MatchRegex(@"^TL-\d{4}-\d{6}$");
        var notice = await visitor.Events.WaitAsync<ChatClosed>(nameof(IVisitorClient.ChatClosed));
        notice.Reason.Should().Be(CloseReason.Unresolved);
        notice.TicketNumber.Should().Be(closed.TicketNumber);
        (await agent.Events.WaitAsync<ChatClosed>(nameof(IAgentClient.ChatClosed))).TicketNumber.Should().Be(closed.TicketNumber);

        using var staffHttp = cluster.Http(0, agent.Staff.Token);
        var detail = await staffHttp.GetFromJsonAsync<TicketDetail>($"/api/tickets/{closed.TicketNumber}");
        detail!.Ticket.Source.Should().Be(TicketSource.ChatUnresolved);
        detail.Ticket.Status.Should().Be(TicketStatus.Open);
        detail.Ticket.Subject.Should().Contain("Dokumen penawaran");
        detail.Transcript.Select(m => m.Text).Should().Contain(["Dokumen penawaran tidak bisa diunggah, muncul error 500", "Kami cek ke tim teknis dulu ya."]);
        detail.Entries.Should().ContainSingle(e => e.Internal && e.Text == "Perlu cek log server SPSE");

        // The visitor sees the ticket and its transcript, but not the staff's internal note.
        using var visitorHttp = cluster.Http(1, visitor.Visitor.Token);
        var mine = await visitorHttp.GetFromJsonAsync<List<TicketSummary>>("/api/visitors/me/tickets");
        mine.Should().ContainSingle(t => t.Number == closed.TicketNumber);
        var own = await visitorHttp.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{closed.TicketNumber}");
        own!.Entries.Should().NotContain(e => e.Internal);
        own.Transcript.Should().NotBeEmpty();

        // The chat is over for both sides.
        var (code, _) = await visitor.Hub.RefusedAsync(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "halo?"));
        code.Should().Be(HubErrors.ConversationClosed);
    }

    [Fact]
    public async Task VisitorWhoLeavesTheQueueCanLeaveATicketInstead()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Account]);
        var first = await cluster.ConnectedVisitorAsync();
        await first.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, null));
        var second = await cluster.ConnectedVisitorAsync();
        var start = await second.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Account, "Lupa kata sandi akun penyedia"));
        start.Outcome.Should().Be(StartChatOutcome.Queued);

        var left = await second.Hub.InvokeAsync<LeaveQueueResult>(nameof(IVisitorHub.LeaveQueue),
            new LeaveQueueRequest(start.Chat!.ConversationId, true, "Saya harus rapat, mohon dibalas lewat email."));

        left.TicketNumber.Should().MatchRegex(@"^TL-\d{4}-\d{6}$");
        using var http = cluster.Http(0, second.Visitor.Token);
        var ticket = await http.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{left.TicketNumber}");
        ticket!.Ticket.Source.Should().Be(TicketSource.LeftQueue);
        ticket.Transcript.Should().Contain(m => m.Text == "Lupa kata sandi akun penyedia");
        ticket.Entries.Should().Contain(e => e.Text == "Saya harus rapat, mohon dibalas lewat email.");
        (await second.Hub.InvokeAsync<ChatState?>(nameof(IVisitorHub.ResumeChat))).Should().BeNull();
    }

    [Fact]
    public async Task WithNoAgentOnlineTheVisitorIsOfferedTheOfflineForm()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.ConnectedVisitorAsync();

        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null));
        start.Outcome.Should().Be(StartChatOutcome.TicketOffered);
        start.OfferReason.Should().Be(TicketOfferReason.NoAgentOnline);

        using var http = cluster.Http(0, visitor.Visitor.Token);
        var response = await http.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Procurement, "Jadwal tender", "Kapan jadwal pembukaan penawaran paket jalan desa?"));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var ticket = await response.Content.ReadFromJsonAsync<TicketSummary>();
        ticket!.Source.Should().Be(TicketSource.NoAgentOnline);
        ticket.Subject.Should().Be("Jadwal tender");
    }

    [Fact]
    public async Task OutsideBusinessHoursTheVisitorIsOfferedTheOfflineForm()
    {
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var cluster = await ChatCluster.StartAsync(configure: s =>
        {
            s["BusinessHours:AlwaysOpen"] = "false";
            s["BusinessHours:Holidays:0"] = today;
        });
        await cluster.OnlineAgentAsync();
        var visitor = await cluster.ConnectedVisitorAsync();

        var start = await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null));
        start.Outcome.Should().Be(StartChatOutcome.TicketOffered);
        start.OfferReason.Should().Be(TicketOfferReason.AfterHours);

        using var http = cluster.Http(0, visitor.Visitor.Token);
        var status = await http.GetFromJsonAsync<ServiceStatus>("/api/service-status");
        status!.WithinBusinessHours.Should().BeFalse();
        var response = await http.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Other, null, "Mohon info alamat kantor LPSE"));
        (await response.Content.ReadFromJsonAsync<TicketSummary>())!.Source.Should().Be(TicketSource.AfterHours);
    }

    [Fact]
    public async Task StaffMoveTicketsThroughTheirStatusesAndNoFurther()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var staff = await cluster.CreateStaffAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        using var visitorHttp = cluster.Http(0, visitor.Token);
        var created = await (await visitorHttp.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Account, null, "Verifikasi akun belum diproses"))).Content.ReadFromJsonAsync<TicketSummary>();
        var number = created!.Number;
        using var http = cluster.Http(0, staff.Token);

        foreach (var status in new[] { TicketStatus.Pending, TicketStatus.Resolved, TicketStatus.Closed })
        {
            var moved = await http.PatchAsJsonAsync($"/api/tickets/{number}", new UpdateTicketRequest(status, null, null));
            moved.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var reopen = await http.PatchAsJsonAsync($"/api/tickets/{number}", new UpdateTicketRequest(TicketStatus.Open, null, null));
        reopen.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await reopen.Content.ReadAsStringAsync()).Should().Contain("invalid_transition");

        var assigned = await http.PatchAsJsonAsync($"/api/tickets/{number}", new UpdateTicketRequest(null, staff.Staff.Id, null));
        (await assigned.Content.ReadFromJsonAsync<TicketDetail>())!.Ticket.AssigneeId.Should().Be(staff.Staff.Id);
        var listed = await http.GetFromJsonAsync<List<TicketSummary>>($"/api/tickets?status=Closed&assignee={staff.Staff.Id}");
        listed.Should().ContainSingle(t => t.Number == number);

        (await http.GetAsync("/api/tickets/TL-20x6-12")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.GetAsync("/api/tickets/TL-1999-000001")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task VisitorsCannotSeeOrTouchEachOthersTicketsOrTheStaffList()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var owner = await cluster.RegisterVisitorAsync();
        var stranger = await cluster.RegisterVisitorAsync();
        using var ownerHttp = cluster.Http(0, owner.Token);
        var ticket = await (await ownerHttp.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Other, null, "Pertanyaan pribadi"))).Content.ReadFromJsonAsync<TicketSummary>();

        using var strangerHttp = cluster.Http(0, stranger.Token);
        (await strangerHttp.GetAsync($"/api/visitors/me/tickets/{ticket!.Number}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await strangerHttp.PostAsJsonAsync($"/api/visitors/me/tickets/{ticket.Number}/entries", new AddTicketEntryRequest("ikut", false)))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await strangerHttp.GetAsync($"/api/tickets/{ticket.Number}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await strangerHttp.GetAsync("/api/tickets")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await cluster.Http().GetAsync("/api/tickets")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
