using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation.Learning;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Moderation;

/// <summary>Learning from the helpdesk: review decisions and "mark as harmful" become labelled examples; overturning releases.</summary>
public sealed class ReviewLearningTests
{
    private const string Bribe = "Pak, kalau mau dijamin menang tender berapa fee untuk pokja?";

    [Fact]
    public async Task OverturningABlockedMessageDeliversItToTheOtherSideMarkedReleasedAndStoresABenignExample()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var chat = await StartAssignedChatAsync(cluster);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var http = cluster.Http(token: supervisor.Token);
        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(chat.Id, Guid.NewGuid(), Bribe));
        sent.Delivered.Should().BeFalse();
        (await chat.AgentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == sent.Message.Sequence)).Text.Should().BeNull();
        var item = await PendingItemAsync(http, sent.Message.MessageId);

        var decided = await http.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Overturn, "pertanyaan wajar"));

        decided.StatusCode.Should().Be(HttpStatusCode.OK);
        var atAgent = await chat.AgentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReleased), m => m.MessageId == sent.Message.MessageId);
        atAgent.Text.Should().Be(Bribe);
        atAgent.ReleasedAt.Should().NotBeNull();
        atAgent.Sequence.Should().Be(sent.Message.Sequence);
        var atVisitor = await chat.VisitorEvents.WaitAsync<ChatMessage>(nameof(IVisitorClient.MessageReleased), m => m.MessageId == sent.Message.MessageId);
        atVisitor.Text.Should().Be(Bribe);
        atVisitor.Moderation.Should().BeNull("the participants see it as delivered, marked released");
        var replay = await chat.AgentHub.InvokeAsync<IReadOnlyList<ChatMessage>>(nameof(IConversationHub.GetMessagesAfter), chat.Id, 0L);
        replay.Single(m => m.MessageId == sent.Message.MessageId).Should().Match<ChatMessage>(m => m.Text == Bribe && m.ReleasedAt != null);

        var examples = await ExamplesAsync(cluster, sent.Message.MessageId);
        examples.Should().ContainSingle().Which.Should().Match<ExampleRow>(e => e.Label == "BENIGN" && e.Source == "review.overturned" && e.Body == Bribe);
    }

    [Fact]
    public async Task UpholdingAReviewStoresTheVerdictsCategoryAsALabelledExampleForTraining()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 1);
        var chat = await StartAssignedChatAsync(cluster);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var http = cluster.Http(token: supervisor.Token);
        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(chat.Id, Guid.NewGuid(), Bribe));
        var item = await PendingItemAsync(http, sent.Message.MessageId);

        (await http.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, null))).StatusCode.Should().Be(HttpStatusCode.OK);

        var examples = await ExamplesAsync(cluster, sent.Message.MessageId);
        examples.Should().ContainSingle().Which.Should().Match<ExampleRow>(e => e.Label == "PENIPUAN" && e.Source == "review.upheld");
        await using var db = Chat.Server.Infrastructure.ChatDataSource.Create(cluster.Settings["Database:ConnectionString"]!);
        var training = await ExampleStore.ReadAllAsync(db, CancellationToken.None);
        training.Should().Contain(e => e.Family == "review:" + sent.Message.MessageId && e.Label == "PENIPUAN" && e.Text == Bribe);
        (await ExamplesAsync(cluster, sent.Message.MessageId)).Should().HaveCount(1);
        chat.AgentEvents.All<ChatMessage>(nameof(IAgentClient.MessageReleased)).Should().BeEmpty("upholding releases nothing");
    }

    [Fact]
    public async Task ASupervisorMarksADeliveredMessageAsHarmfulAndOnlySupervisorsMay()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 1);
        var chat = await StartAssignedChatAsync(cluster);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var agent = await cluster.CreateStaffAsync(StaffRole.Agent);
        using var http = cluster.Http(token: supervisor.Token);
        using var asAgent = cluster.Http(token: agent.Token);
        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage),
            new SendMessageRequest(chat.Id, Guid.NewGuid(), "nanti sore saya tunggu di depan kantor, kita selesaikan di sana"));
        sent.Delivered.Should().BeTrue();

        (await asAgent.PostAsJsonAsync($"/api/moderation/messages/{sent.Message.MessageId}/harmful", new MarkHarmfulRequest("STAFF_ABUSE", null)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await http.PostAsJsonAsync($"/api/moderation/messages/{sent.Message.MessageId}/harmful", new MarkHarmfulRequest("KASAR", null)))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.PostAsJsonAsync($"/api/moderation/messages/{Guid.NewGuid()}/harmful", new MarkHarmfulRequest("STAFF_ABUSE", null)))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        var marked = await http.PostAsJsonAsync($"/api/moderation/messages/{sent.Message.MessageId}/harmful", new MarkHarmfulRequest("staff_abuse", "ancaman terselubung"));

        marked.StatusCode.Should().Be(HttpStatusCode.OK);
        (await marked.Content.ReadFromJsonAsync<MarkHarmfulResult>())!.Category.Should().Be("STAFF_ABUSE");
        var examples = await ExamplesAsync(cluster, sent.Message.MessageId);
        examples.Should().ContainSingle().Which.Should().Match<ExampleRow>(e => e.Label == "STAFF_ABUSE" && e.Source == "marked");
    }

    private static async Task<List<ExampleRow>> ExamplesAsync(ChatCluster cluster, Guid messageId)
    {
        await using var db = Chat.Server.Infrastructure.ChatDataSource.Create(cluster.Settings["Database:ConnectionString"]!);
        return [.. await ExampleStore.ListAsync(db, messageId, CancellationToken.None)];
    }

    private static async Task<ReviewItem> PendingItemAsync(HttpClient http, Guid messageId)
    {
        var pending = await Wait.UntilAsync(
            () => http.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=pending&limit=500"),
            items => items!.Any(i => i.MessageId == messageId), "the message in the review queue");
        return pending!.Single(i => i.MessageId == messageId);
    }

    private static async Task<(Guid Id, HubConnection VisitorHub, EventLog VisitorEvents, HubConnection AgentHub, EventLog AgentEvents)> StartAssignedChatAsync(ChatCluster cluster)
    {
        var (_, agentHub, agentEvents) = await cluster.OnlineAgentAsync(instance: cluster.Count - 1);
        var (_, visitorHub, visitorEvents) = await cluster.ConnectedVisitorAsync(instance: 0);
        var start = await visitorHub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Procurement, null));
        start.Outcome.Should().Be(StartChatOutcome.Assigned);
        var assigned = await agentEvents.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == start.Chat!.ConversationId);
        return (assigned.ConversationId, visitorHub, visitorEvents, agentHub, agentEvents);
    }
}
