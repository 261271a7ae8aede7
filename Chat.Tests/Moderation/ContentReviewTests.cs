using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Moderation;

/// <summary>A visitor changes their name under moderation; flagged names and ticket entries wait in the supervisors' content queue.</summary>
public sealed class ContentReviewTests
{
    [Fact]
    public async Task AVisitorChangesTheirNameAnAbusiveOneIsRefusedAndAFlaggedOneWaitsForASupervisor()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var agent = await cluster.CreateStaffAsync();
        using var visitorHttp = cluster.Http(0, visitor.Token);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        using var agentHttp = cluster.Http(0, agent.Token);

        var refused = await visitorHttp.PutAsJsonAsync("/api/visitors/me/profile", new UpdateProfileRequest("Admin G0bl0k", "CV Maju"));
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).Should().Contain(HubErrors.ContentRejected).And.Contain("Nama tidak dapat disimpan");
        (await visitorHttp.GetFromJsonAsync<VisitorMe>("/api/visitors/me"))!.Name.Should().Be(visitor.Visitor.Name);

        var empty = await visitorHttp.PutAsJsonAsync("/api/visitors/me/profile", new UpdateProfileRequest(" ", null));
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var changed = await visitorHttp.PutAsJsonAsync("/api/visitors/me/profile", new UpdateProfileRequest("Budi Santoso", "CV Gereja Baru Konstruksi"));
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        var me = await changed.Content.ReadFromJsonAsync<VisitorMe>();
        me!.Name.Should().Be("Budi Santoso");
        me.Organization.Should().Be("CV Gereja Baru Konstruksi");

        // "anjir" is frustration, not abuse: the name is kept and a supervisor sees it.
        var flagged = await visitorHttp.PutAsJsonAsync("/api/visitors/me/profile", new UpdateProfileRequest("Budi Anjir", "CV Maju"));
        flagged.StatusCode.Should().Be(HttpStatusCode.OK);
        (await flagged.Content.ReadFromJsonAsync<VisitorMe>())!.Name.Should().Be("Budi Anjir");

        (await agentHttp.GetAsync("/api/moderation/content")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var queue = await supervisorHttp.GetFromJsonAsync<List<ContentReviewItem>>("/api/moderation/content?status=pending&limit=500");
        var item = queue!.Should().ContainSingle(i => i.AuthorId == visitor.Visitor.VisitorId).Subject;
        item.Field.Should().Be("name");
        item.Text.Should().Be("Budi Anjir");
        item.Author.Should().Be(SenderRole.Visitor);
        item.Categories.Should().Contain("STAFF_ABUSE");
        item.Status.Should().Be(ReviewStatus.Pending);

        var decided = await supervisorHttp.PostAsJsonAsync($"/api/moderation/content/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Overturn, "nama keluarga"));
        decided.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await decided.Content.ReadFromJsonAsync<ContentReviewItem>();
        after!.Status.Should().Be(ReviewStatus.Overturned);
        after.DecidedBy.Should().Be(supervisor.Staff.Id);
        (await supervisorHttp.PostAsJsonAsync($"/api/moderation/content/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, null)))
            .StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await supervisorHttp.PostAsJsonAsync($"/api/moderation/content/{Guid.NewGuid()}", new ReviewDecisionRequest(ReviewDecision.Uphold, null)))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await supervisorHttp.GetAsync("/api/moderation/content?status=bogus")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AFlaggedTicketEntryIsStoredAndQueuedForReviewWithItsAuthor()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var visitorHttp = cluster.Http(0, visitor.Token);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        var ticket = await (await visitorHttp.PostAsJsonAsync("/api/visitors/me/tickets",
            new CreateTicketRequest(Topics.Account, null, "Verifikasi akun belum diproses"))).Content.ReadFromJsonAsync<TicketSummary>();

        var entry = await visitorHttp.PostAsJsonAsync($"/api/visitors/me/tickets/{ticket!.Number}/entries", new AddTicketEntryRequest("sialan, sudah tiga hari belum diproses", false));

        entry.StatusCode.Should().Be(HttpStatusCode.OK);
        var queue = await supervisorHttp.GetFromJsonAsync<List<ContentReviewItem>>("/api/moderation/content?status=pending&limit=500");
        var item = queue!.Should().ContainSingle(i => i.AuthorId == visitor.Visitor.VisitorId).Subject;
        item.Field.Should().Be("ticket_entry");
        item.Text.Should().Be("sialan, sudah tiga hari belum diproses");
    }
}
