using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Chat.Tests.Console;

/// <summary>The server features the console relies on: transfers, notes, canned answers, live figures, supervisor operations.</summary>
public sealed class ConsoleServerTests
{
    [Fact]
    public async Task TransferToAnotherTopicGoesStraightToAnAgentOfThatTopicWithTheNote()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var first = await cluster.OnlineAgentAsync(capacity: 2, topics: [Topics.Other, Topics.Account]);
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Other, "Soal akun saya"))).Chat!.ConversationId;
        await first.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);
        var second = await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Account]);

        // The first agent also serves the topic and has a free seat, yet the chat must not bounce back to them.
        var result = await first.Hub.InvokeAsync<TransferChatResult>("TransferChat", new TransferChatRequest(conversation, null, Topics.Account, "Masalah akun, bukan lainnya"));

        (result.Topic, result.ToAgentName).Should().Be((Topics.Account, second.Staff.Staff.DisplayName));
        (await first.Events.WaitAsync<ChatRevoked>(nameof(IAgentClient.ChatRevoked))).Reason.Should().Be("transferred");
        (await second.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation)).Topic.Should().Be(Topics.Account);
        (await second.Hub.InvokeAsync<IReadOnlyList<InternalNote>>("GetNotes", conversation)).Should().ContainSingle(n => n.Text == "Masalah akun, bukan lainnya");
        await visitor.Events.WaitAsync<ChatAssigned>(nameof(IVisitorClient.ChatAssigned), a => a.AgentName == second.Staff.Staff.DisplayName);
        (await first.Hub.RefusedAsync("SendMessage", new SendMessageRequest(conversation, Guid.NewGuid(), "masih di sini?"))).Code.Should().Be(HubErrors.NotYourConversation);
    }

    [Fact]
    public async Task TransferToATopicNobodyServesNowWaitsInTheQueueUntilAnAgentOfThatTopicComes()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var first = await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Other]);
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Other, "Soal akun saya"))).Chat!.ConversationId;
        await first.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);

        var result = await first.Hub.InvokeAsync<TransferChatResult>("TransferChat", new TransferChatRequest(conversation, null, Topics.Account, "Masalah akun"));

        (result.Topic, result.ToAgentName).Should().Be((Topics.Account, (string?)null));
        await visitor.Events.WaitAsync<ChatRequeued>(nameof(IVisitorClient.ChatRequeued));
        var second = await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Account]);
        (await second.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation)).Topic.Should().Be(Topics.Account);
        (await second.Hub.InvokeAsync<IReadOnlyList<InternalNote>>("GetNotes", conversation)).Should().ContainSingle(n => n.Text == "Masalah akun");
        await visitor.Events.WaitAsync<ChatAssigned>(nameof(IVisitorClient.ChatAssigned), a => a.AgentName == second.Staff.Staff.DisplayName);
    }

    [Fact]
    public async Task TransferToAnAgentWithoutAFreeSeatIsRefusedAndTheChatStays()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var holder = await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Procurement]);
        var full = await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Technical]);
        var busy = await cluster.ConnectedVisitorAsync();
        await busy.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Technical, "sibuk"));
        await full.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Procurement, "tolong"))).Chat!.ConversationId;
        await holder.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);

        var (code, _) = await holder.Hub.RefusedAsync("TransferChat", new TransferChatRequest(conversation, full.Staff.Staff.Id, null, null));

        code.Should().Be(HubErrors.InvalidArgument);
        var sent = await holder.Hub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(conversation, Guid.NewGuid(), "Saya tetap membantu"));
        sent.Delivered.Should().BeTrue();
    }

    [Fact]
    public async Task CannedAnswersAreReadByStaffAndEditedBySupervisorsOnly()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.CreateStaffAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var asAgent = cluster.Http(token: agent.Token);
        using var asSupervisor = cluster.Http(token: supervisor.Token);
        var shortcut = "/uji-" + Guid.NewGuid().ToString("N")[..10];
        var path = "/api/canned-answers/" + Uri.EscapeDataString(shortcut);

        (await asAgent.GetFromJsonAsync<IReadOnlyList<CannedAnswer>>("/api/canned-answers")).Should().Contain(a => a.Shortcut == "/reset");
        (await asAgent.PutAsJsonAsync(path, new SaveCannedAnswerRequest("Uji", "Isi uji"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await asSupervisor.PutAsJsonAsync("/api/canned-answers/" + Uri.EscapeDataString("/Bukan Pintasan!"), new SaveCannedAnswerRequest("Uji", "Isi"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var saved = await (await asSupervisor.PutAsJsonAsync(path, new SaveCannedAnswerRequest("Uji", "Isi uji"))).Content.ReadFromJsonAsync<CannedAnswer>();
        saved!.Shortcut.Should().Be(shortcut);
        (await asAgent.GetFromJsonAsync<IReadOnlyList<CannedAnswer>>("/api/canned-answers")).Should().Contain(a => a.Shortcut == shortcut && a.Text == "Isi uji");
        (await asAgent.DeleteAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await asSupervisor.DeleteAsync(path)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await asAgent.GetFromJsonAsync<IReadOnlyList<CannedAnswer>>("/api/canned-answers")).Should().NotContain(a => a.Shortcut == shortcut);
    }

    [Fact]
    public async Task SupervisorsWatchingGetLiveQueueFiguresAndAnyConversationReadOnly()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var watcher = await cluster.ConnectAgentAsync(supervisor.Token);
        var metrics = new EventLog();
        metrics.Listen<QueueMetrics>(watcher, nameof(IAgentClient.MetricsUpdated));
        metrics.Listen<ChatMessage>(watcher, nameof(IAgentClient.WatchedMessage));
        (await watcher.InvokeAsync<MetricsWatch>("WatchMetrics")).Current.Waiting.Should().Be(0);

        var agent = await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Other]);
        var first = await cluster.ConnectedVisitorAsync();
        var conversation = (await first.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Other, "satu"))).Chat!.ConversationId;
        var second = await cluster.ConnectedVisitorAsync();
        await second.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Other, "dua"));

        var live = await metrics.WaitAsync<QueueMetrics>(nameof(IAgentClient.MetricsUpdated), m => m.Waiting == 1 && m.ActiveChats == 1);
        live.Topics.Single(t => t.Topic == Topics.Other).Waiting.Should().Be(1);
        live.AgentsOnline.Should().Be(1);
        live.AgentsAvailable.Should().Be(0);
        live.AgentsBusy.Should().Be(1);
        (live.SeatsUsed, live.SeatsOffered).Should().Be((1, 1));
        live.Agents.Single().Conversations.Should().Equal(conversation);

        (await watcher.InvokeAsync<IReadOnlyList<ChatMessage>>("WatchConversation", conversation)).Should().Contain(m => m.Text == "satu");
        await agent.Hub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(conversation, Guid.NewGuid(), "Baik, saya bantu"));
        (await metrics.WaitAsync<ChatMessage>(nameof(IAgentClient.WatchedMessage), m => m.ConversationId == conversation)).Text.Should().Be("Baik, saya bantu");
        (await watcher.RefusedAsync("SendMessage", new SendMessageRequest(conversation, Guid.NewGuid(), "menyela"))).Code.Should().Be(HubErrors.NotYourConversation);
    }

    [Fact]
    public async Task ClosingAVisitorAccountEndsTheirChatAndRevokesTheirToken()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.OnlineAgentAsync(topics: [Topics.Procurement]);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Procurement, "penawaran palsu"))).Chat!.ConversationId;
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
        using var http = cluster.Http(token: supervisor.Token);

        var response = await http.PostAsJsonAsync($"/api/supervision/visitors/{visitor.Visitor.Visitor.VisitorId}/close", new CloseVisitorRequest("Penipuan dokumen", "1"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await visitor.Events.WaitAsync<ChatClosed>(nameof(IVisitorClient.ChatClosed))).Reason.Should().Be(CloseReason.Terminated);
        (await visitor.Events.WaitAsync<AccountSuspended>(nameof(IVisitorClient.AccountSuspended))).Clause.Should().Be("1");
        (await agent.Events.WaitAsync<ChatClosed>(nameof(IAgentClient.ChatClosed), c => c.ConversationId == conversation)).Reason.Should().Be(CloseReason.Terminated);
        using var asVisitor = cluster.Http(token: visitor.Visitor.Token);
        (await asVisitor.GetAsync("/api/visitors/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeactivatingAnAgentRequeuesTheirChatsAndEndsTheirSessionsAndAPasswordResetLetsThemBackIn()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.OnlineAgentAsync(capacity: 1, topics: [Topics.Account]);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.ConnectedVisitorAsync();
        await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Account, "Akun saya terkunci"));
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
        using var http = cluster.Http(token: supervisor.Token);
        using var asAgent = cluster.Http(token: agent.Staff.Token);
        var path = $"/api/supervision/staff/{agent.Staff.Staff.Id}";

        (await asAgent.PostAsJsonAsync($"/api/supervision/staff/{supervisor.Staff.Id}/active", new SetStaffActiveRequest(false))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var off = await http.PostAsJsonAsync(path + "/active", new SetStaffActiveRequest(false));

        off.StatusCode.Should().Be(HttpStatusCode.OK);
        (await off.Content.ReadFromJsonAsync<StaffMember>())!.Active.Should().BeFalse();
        await visitor.Events.WaitAsync<ChatRequeued>(nameof(IVisitorClient.ChatRequeued));
        // The deactivated agent's live session is closed at once (it could otherwise set itself online again).
        await Wait.UntilAsync(() => Task.FromResult(agent.Hub.State), s => s == HubConnectionState.Disconnected, "the agent's connection to close");
        (await asAgent.GetAsync("/api/staff/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await http.PostAsJsonAsync($"/api/supervision/staff/{supervisor.Staff.Id}/active", new SetStaffActiveRequest(false))).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await http.PostAsJsonAsync(path + "/active", new SetStaffActiveRequest(true))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.PostAsJsonAsync(path + "/password", new ResetStaffPasswordRequest("pendek"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.PostAsJsonAsync(path + "/password", new ResetStaffPasswordRequest("sandi-baru-yang-panjang"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var anonymous = cluster.Http();
        (await anonymous.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Staff.Username, "kata-sandi-uji-123"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(agent.Staff.Staff.Username, "sandi-baru-yang-panjang"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
