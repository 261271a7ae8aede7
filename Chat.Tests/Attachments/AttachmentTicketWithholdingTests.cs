using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Attachments;

/// <summary>Withholding files on ticket entries: who may, who is then refused, the review queue, strikes and overturning.</summary>
public sealed class AttachmentTicketWithholdingTests
{
    [Fact]
    public async Task AVisitorsTicketFileWithheldByAnAgentOfTheTicketIsRefusedToStaffGoesToReviewAndUpheldIsAStrike()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        using var own = cluster.Http(0, visitor.Token);
        var photo = await AttachmentApi.UploadOkAsync(own, null, "bukti.jpg", AttachmentFiles.JpegWithGps());
        using (var created = await own.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Technical, "Gagal login", "Foto layar terlampir.", [photo.Attachment.Id])))
        {
            created.EnsureSuccessStatusCode();
        }

        var number = (await own.GetFromJsonAsync<List<TicketSummary>>("/api/visitors/me/tickets"))!.Single().Number;
        var agent = await cluster.CreateStaffAsync(topics: [Topics.Technical]);
        var outsider = await cluster.CreateStaffAsync(topics: [Topics.Procurement]);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var stranger = await cluster.RegisterVisitorAsync();
        using var agentHttp = cluster.Http(0, agent.Token);
        using var outsiderHttp = cluster.Http(0, outsider.Token);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        using var strangerHttp = cluster.Http(0, stranger.Token);

        // Staff who may not see the ticket can neither open its file nor withhold it; visitors never withhold.
        using (var link = await outsiderHttp.PostAsync(new Uri($"/api/attachments/{photo.Attachment.Id}/link", UriKind.Relative), null))
        {
            link.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a ticket's files follow the ticket's need-to-know");
        }

        using (var refused = await outsiderHttp.PostAsJsonAsync($"/api/attachments/{photo.Attachment.Id}/withhold", new WithholdAttachmentRequest("PORNOGRAFI", null)))
        {
            var problem = await AttachmentApi.ProblemAsync(refused);
            problem.Status.Should().Be(HttpStatusCode.Forbidden);
            problem.Code.Should().Be("ticket_not_yours");
        }

        using (var byVisitor = await own.PostAsJsonAsync($"/api/attachments/{photo.Attachment.Id}/withhold", new WithholdAttachmentRequest("PORNOGRAFI", null)))
        {
            byVisitor.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var before = await AttachmentApi.DownloadAsync(agentHttp, photo.Attachment.Id))
        {
            before.StatusCode.Should().Be(HttpStatusCode.OK, "the ticket's agent may open it before it is withheld");
        }

        using (var withheld = await agentHttp.PostAsJsonAsync($"/api/attachments/{photo.Attachment.Id}/withhold", new WithholdAttachmentRequest("PORNOGRAFI", "foto tidak senonoh")))
        {
            withheld.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        // From now on the other side (staff) is refused; its uploader and supervisors still open it; another visitor learns nothing.
        using (var after = await agentHttp.PostAsync(new Uri($"/api/attachments/{photo.Attachment.Id}/link", UriKind.Relative), null))
        {
            (await AttachmentApi.ProblemAsync(after)).Code.Should().Be(HubErrors.AttachmentWithheld);
        }

        using (var uploader = await AttachmentApi.DownloadAsync(own, photo.Attachment.Id))
        {
            uploader.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var review = await AttachmentApi.DownloadAsync(supervisorHttp, photo.Attachment.Id))
        {
            review.StatusCode.Should().Be(HttpStatusCode.OK, "supervisors review the file itself");
        }

        using (var other = await strangerHttp.PostAsync(new Uri($"/api/attachments/{photo.Attachment.Id}/link", UriKind.Relative), null))
        {
            other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        var detail = (await agentHttp.GetFromJsonAsync<TicketDetail>($"/api/tickets/{number}"))!;
        detail.Entries.SelectMany(e => e.Attachments ?? []).Single().Withheld.Should().BeTrue();

        // In the supervisors' queue with its ticket; upholding it strikes the visitor (there is no chat to end).
        var item = (await supervisorHttp.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=pending&limit=500"))!.Single(r => r.AttachmentId == photo.Attachment.Id);
        item.Should().Match<ReviewItem>(r => r.TicketNumber == number && r.MessageId == null && r.ConversationId == null && r.Text == "Foto layar terlampir."
            && r.SenderId == visitor.Visitor.VisitorId && r.Clause == "1");
        using (var decided = await supervisorHttp.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, "melanggar")))
        {
            decided.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var record = (await supervisorHttp.GetFromJsonAsync<VisitorModerationHistory>($"/api/moderation/visitors/{visitor.Visitor.VisitorId}/history"))!;
        record.Strikes.Should().ContainSingle(s => s.Category == "PORNOGRAFI" && s.MessageId == null);
        record.ActivePoints.Should().BeGreaterThan(0);
        using (var still = await agentHttp.PostAsync(new Uri($"/api/attachments/{photo.Attachment.Id}/link", UriKind.Relative), null))
        {
            (await AttachmentApi.ProblemAsync(still)).Code.Should().Be(HubErrors.AttachmentWithheld, "upheld, it stays withheld");
        }
    }

    [Fact]
    public async Task AnAgentsFileOnATicketReplyWithheldByASupervisorIsRefusedToTheVisitorUntilOverturned()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        using var own = cluster.Http(0, visitor.Token);
        using (var created = await own.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Technical, "Format penawaran", "Formulir apa yang dipakai?")))
        {
            created.EnsureSuccessStatusCode();
        }

        var number = (await own.GetFromJsonAsync<List<TicketSummary>>("/api/visitors/me/tickets"))!.Single().Number;
        var agent = await cluster.CreateStaffAsync(topics: [Topics.Technical]);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var agentHttp = cluster.Http(0, agent.Token);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);

        // The agent's reply carries a form, uploaded to the ticket.
        var xlsx = AttachmentFiles.Xlsx();
        var form = await AttachmentApi.UploadOkAsync(agentHttp, null, "formulir.xlsx", xlsx, ticket: number);
        using (var reply = await agentHttp.PostAsJsonAsync($"/api/tickets/{number}/entries", new AddTicketEntryRequest("Gunakan formulir ini.", false, [form.Attachment.Id])))
        {
            reply.EnsureSuccessStatusCode();
        }

        using (var open = await AttachmentApi.DownloadAsync(own, form.Attachment.Id))
        {
            open.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await supervisorHttp.PostAsJsonAsync($"/api/attachments/{form.Attachment.Id}/withhold", new WithholdAttachmentRequest("PENIPUAN", "bukan formulir resmi"))).EnsureSuccessStatusCode();
        using (var refused = await own.PostAsync(new Uri($"/api/attachments/{form.Attachment.Id}/link", UriKind.Relative), null))
        {
            (await AttachmentApi.ProblemAsync(refused)).Code.Should().Be(HubErrors.AttachmentWithheld, "never served to the other side");
        }

        (await own.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{number}"))!.Entries.Single(e => e.Attachments is not null).Attachments!.Single().Withheld.Should().BeTrue();

        // Overturned: served to the visitor again, shown as not withheld, and nobody struck.
        var item = (await supervisorHttp.GetFromJsonAsync<List<ReviewItem>>("/api/moderation/review?status=pending&limit=500"))!.Single(r => r.AttachmentId == form.Attachment.Id);
        item.Sender.Should().Be(SenderRole.Agent);
        (await supervisorHttp.PostAsJsonAsync($"/api/moderation/review/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Overturn, "formulir benar"))).EnsureSuccessStatusCode();
        using (var again = await AttachmentApi.DownloadAsync(own, form.Attachment.Id))
        {
            again.StatusCode.Should().Be(HttpStatusCode.OK);
            (await again.Content.ReadAsByteArrayAsync()).Should().Equal(xlsx);
        }

        (await own.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{number}"))!.Entries.Single(e => e.Attachments is not null).Attachments!.Single().Withheld.Should().BeFalse();
    }
}
