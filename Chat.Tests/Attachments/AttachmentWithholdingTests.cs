using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Attachments;

/// <summary>Shielding staff: moderated file names, withholding a file, the review queue and strikes.</summary>
public sealed class AttachmentWithholdingTests
{
    [Fact]
    public async Task AFileNameIsModeratedLikeText()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var http = cluster.Http(0, chat.Visitor.Token);

        using var response = await AttachmentApi.UploadAsync(http, chat.ConversationId, "Admin Goblok.png", AttachmentFiles.PngWithGps());

        var problem = await AttachmentApi.ProblemAsync(response);
        problem.Code.Should().Be(HubErrors.ContentRejected);
        problem.Detail.Should().Contain("Nama berkas tidak dapat disimpan");
        (await AttachmentTypeAndLimitTests.StoredFor(cluster, chat.Visitor.Visitor.VisitorId)).Should().Be(0);
    }

    [Fact]
    public async Task AWithheldFileIsNeverServedToTheOtherSideGoesToReviewAndAnUpheldReviewIsAStrike()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2);
        var chat = await AttachmentApi.ChatAsync(cluster, agentInstance: 1);
        using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
        using var agentHttp = cluster.Http(1, chat.Agent.Token);
        var uploaded = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "foto.jpg", AttachmentFiles.JpegWithGps());
        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "lihat", [uploaded.Attachment.Id]));

        // Only the conversation's agent or a supervisor may withhold, and only with a policy category.
        var stranger = await cluster.CreateStaffAsync();
        using (var strangerHttp = cluster.Http(0, stranger.Token))
        using (var refused = await strangerHttp.PostAsJsonAsync($"/api/attachments/{uploaded.Attachment.Id}/withhold", new WithholdAttachmentRequest("PORNOGRAFI", null)))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var byVisitor = await visitorHttp.PostAsJsonAsync($"/api/attachments/{uploaded.Attachment.Id}/withhold", new WithholdAttachmentRequest("PORNOGRAFI", null)))
        {
            byVisitor.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var noCategory = await agentHttp.PostAsJsonAsync($"/api/attachments/{uploaded.Attachment.Id}/withhold", new WithholdAttachmentRequest("LAINNYA", null)))
        {
            (await AttachmentApi.ProblemAsync(noCategory)).Code.Should().Be(HubErrors.InvalidArgument);
        }

        using (var withheld = await agentHttp.PostAsJsonAsync($"/api/attachments/{uploaded.Attachment.Id}/withhold", new WithholdAttachmentRequest("PORNOGRAFI", "gambar tidak senonoh")))
        {
            withheld.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        // Both sides hear it; the agent's side can no longer open it; its sender and supervisors still can.
        (await chat.VisitorEvents.WaitAsync<AttachmentWithheld>(nameof(IVisitorClient.AttachmentWithheld))).Should().Be(new AttachmentWithheld(chat.ConversationId, sent.Message.Sequence, uploaded.Attachment.Id));
        await chat.AgentEvents.WaitAsync<AttachmentWithheld>(nameof(IAgentClient.AttachmentWithheld), w => w.AttachmentId == uploaded.Attachment.Id);
        using (var link = await agentHttp.PostAsync(new Uri($"/api/attachments/{uploaded.Attachment.Id}/link", UriKind.Relative), null))
        {
            var problem = await AttachmentApi.ProblemAsync(link);
            problem.Status.Should().Be(HttpStatusCode.Forbidden);
            problem.Code.Should().Be(HubErrors.AttachmentWithheld);
        }

        using (var own = await AttachmentApi.DownloadAsync(visitorHttp, uploaded.Attachment.Id))
        {
            own.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var history = await chat.AgentHub.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMessagesAfter", chat.ConversationId, 0L);
        history.Single(m => m.Sequence == sent.Message.Sequence).Attachments!.Single().Withheld.Should().BeTrue();

        // It waits in the supervisors' queue; upholding it strikes the visitor.
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        var queue = await supervisorHttp.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=pending&limit=500");
        var item = queue!.Single(r => r.AttachmentId == uploaded.Attachment.Id);
        item.Categories.Should().Equal("PORNOGRAFI");
        item.Clause.Should().Be("1");
        item.SenderId.Should().Be(chat.Visitor.Visitor.VisitorId);
        using (var review = await AttachmentApi.DownloadAsync(supervisorHttp, uploaded.Attachment.Id))
        {
            review.StatusCode.Should().Be(HttpStatusCode.OK, "supervisors review the file itself");
        }

        using (var decided = await supervisorHttp.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, "benar melanggar")))
        {
            decided.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var record = await supervisorHttp.GetFromJsonAsync<VisitorModerationHistory>($"/api/moderation/visitors/{chat.Visitor.Visitor.VisitorId}/history");
        record!.Strikes.Should().ContainSingle(s => s.MessageId == sent.Message.MessageId && s.Category == "PORNOGRAFI");
        record.ActivePoints.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task AnOverturnedWithholdingMakesTheFileAvailableAgainWithoutAStrike()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
        using var agentHttp = cluster.Http(0, chat.Agent.Token);
        var uploaded = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "denah.png", AttachmentFiles.PngWithGps());
        await chat.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), string.Empty, [uploaded.Attachment.Id]));
        (await agentHttp.PostAsJsonAsync($"/api/attachments/{uploaded.Attachment.Id}/withhold", new WithholdAttachmentRequest("SARA", null))).EnsureSuccessStatusCode();

        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        var item = (await supervisorHttp.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=pending&limit=500"))!.Single(r => r.AttachmentId == uploaded.Attachment.Id);
        (await supervisorHttp.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Overturn, "denah biasa"))).EnsureSuccessStatusCode();

        using (var again = await AttachmentApi.DownloadAsync(agentHttp, uploaded.Attachment.Id))
        {
            again.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var record = await supervisorHttp.GetFromJsonAsync<VisitorModerationHistory>($"/api/moderation/visitors/{chat.Visitor.Visitor.VisitorId}/history");
        record!.Strikes.Should().BeEmpty();
        var history = await chat.VisitorHub.InvokeAsync<IReadOnlyList<ChatMessage>>("GetMessagesAfter", chat.ConversationId, 0L);
        history.Single(m => m.Attachments is not null).Attachments!.Single().Withheld.Should().BeFalse();
    }

    [Fact]
    public async Task FilesOfAMessageModerationBlockedAreWithheldFromTheOtherSide()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var chat = await AttachmentApi.ChatAsync(cluster);
        using var visitorHttp = cluster.Http(0, chat.Visitor.Token);
        var uploaded = await AttachmentApi.UploadOkAsync(visitorHttp, chat.ConversationId, "bukti.pdf", AttachmentFiles.Pdf());

        var sent = await chat.VisitorHub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(chat.ConversationId, Guid.NewGuid(), "Pak, kalau mau dijamin menang tender berapa fee untuk pokja?", [uploaded.Attachment.Id]));

        sent.Delivered.Should().BeFalse();
        var atAgent = await chat.AgentEvents.WaitAsync<ChatMessage>(nameof(IAgentClient.MessageReceived), m => m.Sequence == sent.Message.Sequence);
        atAgent.Attachments!.Single().Withheld.Should().BeTrue();
        using var agentHttp = cluster.Http(0, chat.Agent.Token);
        using var link = await agentHttp.PostAsync(new Uri($"/api/attachments/{uploaded.Attachment.Id}/link", UriKind.Relative), null);
        (await AttachmentApi.ProblemAsync(link)).Code.Should().Be(HubErrors.AttachmentWithheld);
    }
}
