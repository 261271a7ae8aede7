using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Moderation;

/// <summary>Blocked insults stay with the sender; names, tickets and ratings are moderated; a suspended visitor writes nothing.</summary>
public sealed class ModerationEverywhereTests
{
    [Fact]
    public async Task AnInsultAimedAtTheAgentIsBlockedAndNeverDeliveredAndTheVisitorMayRephrase()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(instance: 1);
        var (_, visitorHub, _) = await cluster.ConnectedVisitorAsync(instance: 0);
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null));
        var id = (await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == start.Chat!.ConversationId)).ConversationId;

        var sent = await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(id, Guid.NewGuid(), "admin g0bl0k, dari tadi tidak dijawab"));

        sent.Delivered.Should().BeFalse();
        sent.Message.Moderation!.Action.Should().Be(ModerationAction.Block);
        sent.Message.Moderation.Clause.Should().Be("6");
        sent.Message.Moderation.Explanation.Should().Contain("hinaan").And.Contain("tulis ulang");
        var atAgent = await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        atAgent.Text.Should().BeNull();
        var history = await agentHub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), id, 0L);
        history.Should().NotContain(m => m.Text != null && m.Text.Contains("dijawab", StringComparison.Ordinal));

        var rephrased = await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(id, Guid.NewGuid(), "Mohon dijawab, sudah lama menunggu"));
        rephrased.Delivered.Should().BeTrue();
        (await agentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == rephrased.Message.Sequence)).Text.Should().Be("Mohon dijawab, sudah lama menunggu");
    }

    [Fact]
    public async Task RegistrationRefusesAnAbusiveNameOrAgencyWithAClearIndonesianError()
    {
        await using var cluster = await ChatCluster.StartAsync();
        using var http = cluster.Http();
        var policy = await http.GetFromJsonAsync<PolicyVersion>("/api/policy/current");
        var tag = Guid.NewGuid().ToString("N")[..10];

        var badName = await http.PostAsJsonAsync("/api/visitors", new RegisterVisitorRequest("Admin Goblok", $"a-{tag}@penyedia.example.id", null, "CV Maju", policy!.Version));
        var badAgency = await http.PostAsJsonAsync("/api/visitors", new RegisterVisitorRequest("Budi", $"b-{tag}@penyedia.example.id", null, "CV K0nt0l Jaya", policy.Version));
        var fine = await http.PostAsJsonAsync("/api/visitors", new RegisterVisitorRequest("Budi Santoso", $"c-{tag}@penyedia.example.id", null, "CV Gereja Baru Konstruksi", policy.Version));

        badName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badName.Content.ReadAsStringAsync()).Should().Contain("content_rejected").And.Contain("Nama tidak dapat disimpan");
        badAgency.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badAgency.Content.ReadAsStringAsync()).Should().Contain("instansi");
        fine.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TicketEntriesFromVisitorsAndStaffAndTheOfflineFormAreModerated()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var staff = await cluster.CreateStaffAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        using var visitorHttp = cluster.Http(0, visitor.Token);
        using var staffHttp = cluster.Http(0, staff.Token);

        var rejected = await visitorHttp.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Account, null, "saya kasih 5 juta asal perusahaan saya menang tender"));
        rejected.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await rejected.Content.ReadAsStringAsync()).Should().Contain("content_rejected");

        var created = await (await visitorHttp.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Account, null, "Verifikasi akun belum diproses"))).Content.ReadFromJsonAsync<TicketSummary>();
        var fromVisitor = await visitorHttp.PostAsJsonAsync($"/api/visitors/me/tickets/{created!.Number}/entries", new AddTicketEntryRequest("petugasnya tolol semua", false));
        var fromStaff = await staffHttp.PostAsJsonAsync($"/api/tickets/{created.Number}/entries", new AddTicketEntryRequest("Silakan sebutkan kode OTP yang masuk ke HP Bapak", false));
        var fine = await staffHttp.PostAsJsonAsync($"/api/tickets/{created.Number}/entries", new AddTicketEntryRequest("Akun sudah kami verifikasi, silakan login kembali.", false));

        fromVisitor.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        fromStaff.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await fromStaff.Content.ReadAsStringAsync()).Should().Contain("Isi tiket tidak dapat disimpan");
        fine.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ASuspendedVisitorCanWriteNothingAnywhere()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await cluster.OnlineAgentAsync();
        var (visitor, visitorHub, visitorEvents) = await cluster.ConnectedVisitorAsync();
        using var http = cluster.Http(0, visitor.Token);
        var ticket = await (await http.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Account, null, "Verifikasi akun belum diproses"))).Content.ReadFromJsonAsync<TicketSummary>();

        var first = (await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null))).Chat!.ConversationId;
        await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(first, Guid.NewGuid(), "jual akun spse siap pakai, minat hubungi saya"));
        await visitorEvents.WaitAsync<ChatClosed>(nameof(IVisitorClient.ChatClosed), c => c.ConversationId == first);
        var second = (await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null))).Chat!.ConversationId;
        await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(second, Guid.NewGuid(), "saya kasih 10 juta asal kami menang tender"));
        await visitorEvents.WaitAsync<AccountSuspended>(nameof(IVisitorClient.AccountSuspended));

        var offline = await http.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Account, null, "Mohon bantuan"));
        var entry = await http.PostAsJsonAsync($"/api/visitors/me/tickets/{ticket!.Number}/entries", new AddTicketEntryRequest("Mohon bantuan", false));
        var rating = await http.PostAsJsonAsync($"/api/visitors/me/conversations/{first}/rating", new RateConversationRequest(5, "terima kasih"));
        var profile = await http.PutAsJsonAsync("/api/visitors/me/profile", new UpdateProfileRequest("Nama Baru", null));

        foreach (var response in new[] { offline, entry, rating, profile })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await response.Content.ReadAsStringAsync()).Should().Contain(HubErrors.AccountSuspended).And.Contain("ditangguhkan");
        }
    }
}
