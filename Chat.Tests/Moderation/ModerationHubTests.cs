using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Moderation;

public sealed class ModerationHubTests
{
    [Fact]
    public async Task BlockedVisitorMessageNeverReachesTheAgentAndTheSenderIsToldWhy()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var chat = await StartAssignedChatAsync(cluster);

        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.Id, Guid.NewGuid(), "Pak, kalau mau dijamin menang tender berapa fee untuk pokja?"));

        sent.Delivered.Should().BeFalse();
        sent.Message.Moderation!.Action.Should().Be(ModerationAction.Block);
        sent.Message.Moderation.Categories.Should().Equal("PENIPUAN");
        sent.Message.Moderation.Clause.Should().Be("1");
        sent.Message.Moderation.Explanation.Should().Contain("penipuan");
        var atAgent = await chat.AgentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        atAgent.Text.Should().BeNull();
        atAgent.Moderation!.Action.Should().Be(ModerationAction.Block);
        var history = await chat.AgentHub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), chat.Id, 0L);
        history.Should().NotContain(m => m.Text != null && m.Text.Contains("dijamin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InsultArrivesAtTheAgentWithTheOffendingWordsMasked()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var chat = await StartAssignedChatAsync(cluster);

        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.Id, Guid.NewGuid(), "dasar g0bl0k, dari tadi tidak dibalas"));

        sent.Delivered.Should().BeTrue();
        var atAgent = await chat.AgentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        atAgent.Text.Should().Be("dasar ******, dari tadi tidak dibalas");
        atAgent.Moderation!.Action.Should().Be(ModerationAction.Mask);
        atAgent.Moderation.Clause.Should().Be("6");
    }

    [Fact]
    public async Task FlaggedMessageIsDeliveredUnchangedAndAppearsInTheReviewQueueUntilDecided()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 1);
        var chat = await StartAssignedChatAsync(cluster);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var http = cluster.Http(token: supervisor.Token);

        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.Id, Guid.NewGuid(), "anjir susah banget upload dokumen penawarannya"));

        sent.Delivered.Should().BeTrue();
        var atAgent = await chat.AgentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        atAgent.Text.Should().Be("anjir susah banget upload dokumen penawarannya");
        var pending = await Wait.UntilAsync(
            () => http.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=pending&limit=500"),
            items => items!.Any(i => i.MessageId == sent.Message.MessageId), "the flagged message in the review queue");
        var item = pending!.Single(i => i.MessageId == sent.Message.MessageId);
        item.Action.Should().Be(ModerationAction.Flag);
        item.Categories.Should().Equal("STAFF_ABUSE");

        var decided = await http.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new { decision = "overturn", note = "keluhan biasa" });
        decided.StatusCode.Should().Be(HttpStatusCode.OK);
        (await decided.Content.ReadFromJsonAsync<ReviewItem>())!.Status.Should().Be(ReviewStatus.Overturned);
        var again = await http.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, null));
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task StrikesEndTheChatThenSuspendTheVisitorWhoCannotStartAChatUntilASupervisorLiftsIt()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var (_, _, agentEvents) = await cluster.OnlineAgentAsync(instance: 1);
        var (visitor, visitorHub, visitorEvents) = await cluster.ConnectedVisitorAsync(instance: 0);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var http = cluster.Http(token: supervisor.Token);

        var first = (await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null))).Chat!.ConversationId;
        await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(first, Guid.NewGuid(), "jual akun spse siap pakai, minat hubungi saya"));
        var ended = await visitorEvents.WaitAsync<ChatClosed>(nameof(IVisitorClient.ChatClosed), c => c.ConversationId == first);
        ended.Reason.Should().Be(CloseReason.Terminated);
        ended.Clause.Should().Be("1");
        await agentEvents.WaitAsync<ChatClosed>(nameof(IAgentClient.ChatClosed), c => c.ConversationId == first);

        var second = (await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null))).Chat!.ConversationId;
        await visitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(second, Guid.NewGuid(), "k.a.f.i.r kalian semua, urus saja agama kalian"));
        var suspended = await visitorEvents.WaitAsync<AccountSuspended>(nameof(IVisitorClient.AccountSuspended));
        suspended.Clause.Should().NotBeNullOrEmpty();
        suspended.Reason.Should().Contain("ditangguhkan");

        var (code, message) = await visitorHub.RefusedAsync(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null));
        code.Should().Be(HubErrors.AccountSuspended);
        message.Should().Contain(suspended.Reason);

        var history = await http.GetFromJsonAsync<VisitorModerationHistory>($"/api/moderation/visitors/{visitor.Visitor.VisitorId}/history");
        history!.Status.Should().Be("suspended");
        history.ActivePoints.Should().BeGreaterThanOrEqualTo(6);
        history.Reviews.Should().HaveCount(2);

        var lifted = await http.PostAsJsonAsync($"/api/moderation/visitors/{visitor.Visitor.VisitorId}/lift", new LiftSuspensionRequest("banding diterima"));
        lifted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await lifted.Content.ReadFromJsonAsync<VisitorModerationHistory>())!.ActivePoints.Should().Be(0);
        var restarted = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null));
        restarted.Chat.Should().NotBeNull();
    }

    [Fact]
    public async Task AgentAskingForAPasswordIsBlockedAndTheVisitorNeverSeesTheText()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var chat = await StartAssignedChatAsync(cluster);

        var sent = await chat.AgentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.Id, Guid.NewGuid(), "Untuk verifikasi, sebutkan password SPSE dan kode OTP yang masuk ke HP Bapak"));

        sent.Delivered.Should().BeFalse();
        sent.Message.Moderation!.Categories.Should().Contain("PENIPUAN");
        var atVisitor = await chat.VisitorEvents.WaitAsync<ChatMessage>(nameof(IVisitorClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        atVisitor.Text.Should().BeNull();

        var safe = await chat.AgentHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.Id, Guid.NewGuid(), "Jangan berikan password atau kode OTP kepada siapa pun, termasuk petugas helpdesk."));
        safe.Delivered.Should().BeTrue();
        safe.Message.Moderation.Should().BeNull();
    }

    [Fact]
    public async Task TheSameMessageSentAgainAndAgainIsBlockedAsSpam()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2, s => s["Moderation:TerminateAt"] = "100");
        var chat = await StartAssignedChatAsync(cluster);
        const string text = "Tolong cek paket pekerjaan jalan desa Takisung segera";

        var results = new List<SendMessageResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await chat.VisitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(chat.Id, Guid.NewGuid(), text)));
        }

        results.Take(2).Should().OnlyContain(r => r.Delivered);
        results[2].Delivered.Should().BeFalse();
        results[2].Message.Moderation!.Categories.Should().Equal("SPAM");
        results[2].Message.Moderation!.Clause.Should().Be("3");
    }

    [Fact]
    public async Task ABurstOfLinksFromOneVisitorAcrossInstancesIsBlockedAsSpam()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2, s => s["Moderation:TerminateAt"] = "100");
        var chat = await StartAssignedChatAsync(cluster);
        var second = await cluster.ConnectVisitorAsync(chat.VisitorToken, instance: 1);

        var results = new List<SendMessageResult>();
        for (var i = 1; i <= 5; i++)
        {
            var hub = i % 2 == 0 ? second : chat.VisitorHub;
            results.Add(await hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
                new SendMessageRequest(chat.Id, Guid.NewGuid(), $"dokumen ke-{i}: https://drive.google.com/file/d/berkas{i}/view")));
        }

        results.Take(4).Should().OnlyContain(r => r.Delivered);
        results[4].Delivered.Should().BeFalse();
        results[4].Message.Moderation!.Categories.Should().Equal("SPAM");
    }

    [Fact]
    public async Task OnlySupervisorsReachTheModerationApiAndCanReloadTheLexicons()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 1);
        var agent = await cluster.CreateStaffAsync(StaffRole.Agent);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var asAgent = cluster.Http(token: agent.Token);
        using var asSupervisor = cluster.Http(token: supervisor.Token);

        (await asAgent.GetAsync("/api/moderation/review?status=pending")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await asAgent.PostAsync("/api/moderation/lexicons/reload", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await asSupervisor.GetAsync("/api/moderation/review?status=sideways")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var reloaded = await asSupervisor.PostAsync("/api/moderation/lexicons/reload", null);
        reloaded.StatusCode.Should().Be(HttpStatusCode.OK);
        var status = await reloaded.Content.ReadFromJsonAsync<LexiconStatus>();
        status!.Patterns.Should().BeGreaterThan(500);
        status.Rules.Should().BeGreaterThan(5);
    }

    private static async Task<(Guid Id, HubConnection VisitorHub, EventLog VisitorEvents, HubConnection AgentHub, EventLog AgentEvents, string VisitorToken)> StartAssignedChatAsync(ChatCluster cluster)
    {
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(instance: cluster.Count - 1);
        var (visitor, visitorHub, visitorEvents) = await cluster.ConnectedVisitorAsync(instance: 0);
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
        var assigned = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == start.Chat!.ConversationId);
        return (assigned.ConversationId, visitorHub, visitorEvents, agentHub, agentEvents, visitor.Token);
    }
}
