using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation.Learning;
using Chat.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Chat.Tests.Moderation;

/// <summary>
/// Supervisors' decisions on flagged names, forms and ticket entries are labelled examples for <c>moderate train</c>,
/// and an upheld decision acts on the text people read (real PostgreSQL, real Kestrel).
/// </summary>
public sealed class ContentReviewLearningTests
{
    [Fact]
    public async Task AnUpheldNameIsReplacedTheVisitorIsAskedToChangeItAndTheDecisionIsALabelledExample()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        using var visitorHttp = cluster.Http(0, visitor.Token);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        (await visitorHttp.PutAsJsonAsync("/api/visitors/me/profile", new UpdateProfileRequest("Budi Anjir", "CV Maju"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var item = await PendingAsync(supervisorHttp, visitor.Visitor.VisitorId, "name");
        item.SubjectId.Should().Be(visitor.Visitor.VisitorId);

        var decided = await supervisorHttp.PostAsJsonAsync($"/api/moderation/content/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, "nama tidak pantas"));

        decided.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await decided.Content.ReadFromJsonAsync<ContentReviewItem>();
        after!.Status.Should().Be(ReviewStatus.Upheld);
        after.Applied.Should().Be("name_replaced");
        after.Text.Should().Be("Budi Anjir", "the review keeps the text as written for the record");
        var me = await visitorHttp.GetFromJsonAsync<VisitorMe>("/api/visitors/me");
        me!.Name.Should().Be("Pengunjung");
        me.Organization.Should().Be("CV Maju", "only the flagged field is replaced");
        me.ProfileNotice.Should().Contain("ditahan").And.Contain("ganti");

        var examples = await ExamplesAsync(cluster);
        var example = examples.Should().ContainSingle(e => e.ContentReviewId == item.Id).Subject;
        example.MessageId.Should().BeNull();
        example.Body.Should().Be("Budi Anjir");
        example.Label.Should().Be("STAFF_ABUSE");
        example.Source.Should().Be(ExampleStore.SourceContentUpheld);
        await using (var db = NpgsqlDataSource.Create(cluster.Settings["Database:ConnectionString"]!))
        {
            (await ExampleStore.ReadAllAsync(db, CancellationToken.None)).Should()
                .ContainSingle(e => e.Family == "content:" + item.Id && e.Label == "STAFF_ABUSE" && e.Text == "Budi Anjir", "moderate train --database reads it");
            await using var connection = await db.OpenConnectionAsync();
            var audit = await connection.QuerySingleAsync<string>(
                "SELECT details::text FROM audit_log WHERE action = 'moderation.content.upheld' AND subject_id = @id", new { id = visitor.Visitor.VisitorId });
            audit.Should().Contain("name_replaced").And.Contain(item.Id.ToString());
        }

        // The visitor chooses another name: the notice goes away.
        var renamed = await visitorHttp.PutAsJsonAsync("/api/visitors/me/profile", new UpdateProfileRequest("Budi Santoso", "CV Maju"));
        renamed.StatusCode.Should().Be(HttpStatusCode.OK);
        var renamedMe = await renamed.Content.ReadFromJsonAsync<VisitorMe>();
        renamedMe!.Name.Should().Be("Budi Santoso");
        renamedMe.ProfileNotice.Should().BeNull();
        (await supervisorHttp.PostAsJsonAsync($"/api/moderation/content/{item.Id}", new ReviewDecisionRequest(ReviewDecision.Overturn, null)))
            .StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ExamplesAsync(cluster)).Should().ContainSingle(e => e.ContentReviewId == item.Id, "a second decision neither changes nor adds an example");
    }

    [Fact]
    public async Task AnUpheldTicketEntryIsHeldFromOtherStaffAndAnOverturnedSubjectStaysAndIsABenignExample()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var agent = await cluster.CreateStaffAsync(topics: [Topics.Account]);
        using var visitorHttp = cluster.Http(0, visitor.Token);
        using var supervisorHttp = cluster.Http(0, supervisor.Token);
        using var agentHttp = cluster.Http(0, agent.Token);
        var created = await visitorHttp.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Account, "anjir, akun terkunci", "Verifikasi akun belum diproses"));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketSummary>())!;
        (await visitorHttp.PostAsJsonAsync($"/api/visitors/me/tickets/{ticket.Number}/entries", new AddTicketEntryRequest("sialan, sudah tiga hari belum diproses", false)))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var subject = await PendingAsync(supervisorHttp, visitor.Visitor.VisitorId, "subject");
        var entry = await PendingAsync(supervisorHttp, visitor.Visitor.VisitorId, "ticket_entry");

        var overturned = await supervisorHttp.PostAsJsonAsync($"/api/moderation/content/{subject.Id}", new ReviewDecisionRequest(ReviewDecision.Overturn, "keluhan biasa"));
        var upheld = await supervisorHttp.PostAsJsonAsync($"/api/moderation/content/{entry.Id}", new ReviewDecisionRequest(ReviewDecision.Uphold, null));

        overturned.StatusCode.Should().Be(HttpStatusCode.OK);
        (await overturned.Content.ReadFromJsonAsync<ContentReviewItem>())!.Applied.Should().BeNull("an overturned flag leaves the text as it is");
        upheld.StatusCode.Should().Be(HttpStatusCode.OK);
        (await upheld.Content.ReadFromJsonAsync<ContentReviewItem>())!.Applied.Should().Be("entry_held");

        var seenByAgent = await agentHttp.GetFromJsonAsync<TicketDetail>($"/api/tickets/{ticket.Number}");
        seenByAgent!.Ticket.Subject.Should().Be("anjir, akun terkunci");
        var held = seenByAgent.Entries.Should().ContainSingle(e => e.Held).Subject;
        held.Text.Should().NotContain("sialan").And.Contain("ditahan");
        seenByAgent.Entries.Should().Contain(e => e.Text == "Verifikasi akun belum diproses" && !e.Held, "the rest of the thread is unchanged");
        var seenBySupervisor = await supervisorHttp.GetFromJsonAsync<TicketDetail>($"/api/tickets/{ticket.Number}");
        seenBySupervisor!.Entries.Should().ContainSingle(e => e.Held).Which.Text.Should().Be("sialan, sudah tiga hari belum diproses");
        var seenByAuthor = await visitorHttp.GetFromJsonAsync<TicketDetail>($"/api/visitors/me/tickets/{ticket.Number}");
        seenByAuthor!.Entries.Should().ContainSingle(e => e.Held).Which.Text.Should().Be("sialan, sudah tiga hari belum diproses", "the author reads what they wrote, marked as held");

        var examples = await ExamplesAsync(cluster);
        examples.Should().ContainSingle(e => e.ContentReviewId == subject.Id).Which.Should()
            .Match<ExampleRow>(e => e.Label == "BENIGN" && e.Source == ExampleStore.SourceContentOverturned && e.Body == "anjir, akun terkunci");
        examples.Should().ContainSingle(e => e.ContentReviewId == entry.Id).Which.Should()
            .Match<ExampleRow>(e => e.Label == "STAFF_ABUSE" && e.Source == ExampleStore.SourceContentUpheld);
    }

    private static async Task<ContentReviewItem> PendingAsync(HttpClient supervisor, Guid authorId, string field)
    {
        var queue = await supervisor.GetFromJsonAsync<List<ContentReviewItem>>("/api/moderation/content?status=pending&limit=500");
        return queue!.Should().ContainSingle(i => i.AuthorId == authorId && i.Field == field).Subject;
    }

    private static async Task<List<ExampleRow>> ExamplesAsync(ChatCluster cluster)
    {
        await using var db = NpgsqlDataSource.Create(cluster.Settings["Database:ConnectionString"]!);
        return [.. await ExampleStore.ListAsync(db, null, CancellationToken.None)];
    }
}
