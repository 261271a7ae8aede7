using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Email;

public sealed class EmailTranscriptAndAssignmentTests
{
    [Fact]
    public async Task AnEndedChatsTranscriptIsMailedOnRequestOnlyToAVerifiedAddress()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var (_, agentHub, _) = await cluster.OnlineAgentAsync(topics: [Topics.Other]);
        var (visitor, visitorHub, _) = await cluster.ConnectedVisitorAsync();
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Other, null));
        var conversation = start.Chat!.ConversationId;
        await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "Kapan pelatihan SPSE berikutnya?"));
        await agentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "Tanggal 10 Desember di aula LPSE."));
        await agentHub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(conversation, true, null));
        using var http = cluster.Http(0, visitor.Token);

        var unverified = await http.PostAsJsonAsync("/api/visitors/me/transcript", new TranscriptRequest(conversation));
        unverified.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unverified.Content.ReadAsStringAsync()).Should().Contain("email_not_verified");

        var code = MailServer.CodeIn((await MailServer.WaitForAsync(visitor.Visitor.Email)).Single());
        (await http.PostAsJsonAsync("/api/visitors/me/email/verify", new VerifyEmailRequest(code))).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/visitors/me/transcript", new TranscriptRequest(Guid.NewGuid()))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.PostAsJsonAsync("/api/visitors/me/transcript", new TranscriptRequest(conversation))).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var mail = (await MailServer.WaitForAsync(visitor.Visitor.Email, 2)).Single(m => (m.Subject ?? string.Empty).StartsWith("Transkrip obrolan", StringComparison.Ordinal));
        mail.TextBody.Should().Contain("Kapan pelatihan SPSE berikutnya?").And.Contain("Tanggal 10 Desember di aula LPSE.");
        mail.HtmlBody.Should().NotContain("<script");
    }

    [Fact]
    public async Task AnAgentWithAnAddressIsMailedWhenATicketIsAssignedToThem()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var agent = await cluster.CreateStaffAsync(name: "Rina Agen");
        var visitor = await cluster.RegisterVisitorAsync();
        using var own = cluster.Http(0, visitor.Token);
        var ticket = (await (await own.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Account, "Ganti email SPSE", "Mohon bantuan ganti email."))).Content.ReadFromJsonAsync<TicketSummary>())!;

        using var sup = cluster.Http(0, supervisor.Token);
        var agentEmail = $"agen-{Guid.NewGuid():N}@lpse.tanahlautkab.go.id";
        (await sup.PutAsJsonAsync($"/api/supervision/email/staff/{agent.Staff.Id}", new StaffEmailRequest(agentEmail))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await sup.PatchAsJsonAsync($"/api/tickets/{ticket.Number}", new UpdateTicketRequest(null, agent.Staff.Id, null))).EnsureSuccessStatusCode();

        var mail = (await MailServer.WaitForAsync(agentEmail)).Single();
        mail.Subject.Should().Be($"[{ticket.Number}] Tiket diserahkan kepada Anda: Ganti email SPSE");
        mail.TextBody.Should().Contain("Halo Rina Agen");
        // The visitor's address is not verified: no ticket mail went to them, only the verification code.
        (await MailServer.WaitForAsync(visitor.Visitor.Email)).Should().OnlyContain(m => (m.Subject ?? string.Empty).StartsWith("Kode verifikasi", StringComparison.Ordinal));
    }
}
