using System.Net;
using System.Net.Http.Json;
using Chat.Server.Accounts;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Retention;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Chat.Tests.Operations;

/// <summary>Retention: visitors past the period are anonymised, except under an open disclosure request; a dry run changes nothing.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task RetentionAnonymisesOldVisitorsAndHoldsThoseUnderAnOpenDisclosureRequest()
    {
        await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true);
        var agent = await cluster.OnlineAgentAsync(topics: [Topics.Procurement]);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var old = await ChatAndCloseAsync(cluster, agent);
        var held = await ChatAndCloseAsync(cluster, agent);
        var recent = await ChatAndCloseAsync(cluster, agent);
        using var http = cluster.Http(token: supervisor.Token);
        var disclosure = await http.PostAsJsonAsync($"/api/supervision/visitors/{held}/disclosures", new DisclosureRequestForm("Polres Tanah Laut", "LP/B/123/XII/2026", "KUHAP pasal 43"));
        var requestId = (await disclosure.Content.ReadFromJsonAsync<DisclosureView>())!.Id;
        var database = cluster.Settings["Database:ConnectionString"]!;
        await AgeAsync(database, old, held);
        var before = await RowsAsync(database);

        var dryRun = await ServerCommand.RunAsync(ServerCommand.For(database, cluster.Prefix), "retention", "--dry-run");
        dryRun.ExitCode.Should().Be(0, dryRun.Error);
        dryRun.Output.Should().Contain("dry run, nothing changed: would anonymise 1 visitors").And.Contain("1 held by an open disclosure request");
        (await RowsAsync(database)).Should().Be(before, "a dry run changes nothing");

        var report = await cluster[0].Service<RetentionStore>().ApplyAsync(dryRun: false, CancellationToken.None);
        report.Should().BeEquivalentTo(new { Visitors = 1, Conversations = 1, Tickets = 1, Held = 1, TextRemoved = false });
        report.Messages.Should().BeGreaterThanOrEqualTo(2);

        await using var db = new NpgsqlConnection(database);
        var visitor = await db.QuerySingleAsync<(string Name, string Email, string? Phone, string? Organization)>("SELECT name, email, phone, organization FROM visitors WHERE id = @old", new { old });
        visitor.Should().Be(("Anonim", $"anonim-{old}@anonim.invalid", (string?)null, (string?)null));
        (await db.QueryAsync<string>("SELECT m.sender_name FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.visitor_id = @old AND m.sender_role = 'visitor'", new { old }))
            .Should().OnlyContain(n => n == "Anonim");
        (await db.QueryAsync<string>("SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.visitor_id = @old", new { old }))
            .Should().Contain("Dokumen penawaran saya hilang", "message text is kept unless configured otherwise");
        (await db.QuerySingleAsync<string>("SELECT name FROM visitors WHERE id = @held", new { held })).Should().NotBe("Anonim");
        (await db.QuerySingleAsync<string>("SELECT name FROM visitors WHERE id = @recent", new { recent })).Should().NotBe("Anonim");
        (await db.QuerySingleAsync<string>("SELECT details::text FROM audit_log WHERE action = 'retention.applied'")).Should().Contain("\"visitors\": 1");

        (await http.PostAsync($"/api/supervision/disclosures/{requestId}/close", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await http.PostAsync($"/api/supervision/disclosures/{requestId}/close", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await cluster[0].Service<RetentionStore>().ApplyAsync(dryRun: false, CancellationToken.None)).Visitors.Should().Be(1, "the hold ended with the request");
        (await db.QuerySingleAsync<string>("SELECT name FROM visitors WHERE id = @held", new { held })).Should().Be("Anonim");
    }

    [Fact]
    public async Task RetentionRemovesMessageTextWhenConfiguredAndRunsDailyOnTheClock()
    {
        await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true, configure: s => s["Retention:RemoveMessageText"] = "true");
        var agent = await cluster.OnlineAgentAsync(topics: [Topics.Procurement]);
        var old = await ChatAndCloseAsync(cluster, agent);
        var database = cluster.Settings["Database:ConnectionString"]!;
        await AgeAsync(database, old);

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scheduler = new RetentionScheduler(
            cluster[0].Service<RetentionStore>(), cluster[0].Service<NpgsqlDataSource>(), Options.Create(new RetentionOptions()), clock, NullLogger<RetentionScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await using var db = new NpgsqlConnection(database);
            (await db.QuerySingleAsync<string>("SELECT name FROM visitors WHERE id = @old", new { old })).Should().NotBe("Anonim", "nothing runs before the first day has passed");
            clock.Advance(TimeSpan.FromDays(1));
            await Wait.UntilAsync(() => db.QuerySingleAsync<string>("SELECT name FROM visitors WHERE id = @old", new { old }), n => n == "Anonim", "the daily retention run");
            (await db.QueryAsync<string>("SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.visitor_id = @old", new { old }))
                .Should().OnlyContain(b => b == "[dihapus]");
            (await db.QueryAsync<string>("SELECT e.body FROM ticket_entries e JOIN tickets t ON t.id = e.ticket_id WHERE t.visitor_id = @old", new { old }))
                .Should().OnlyContain(b => b == "[dihapus]");
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A visitor who chatted and whose chat an agent closed as unresolved (so a ticket exists too).</summary>
    private static async Task<Guid> ChatAndCloseAsync(ChatCluster cluster, (StaffSession Staff, HubConnection Hub, EventLog Events) agent)
    {
        var visitor = await cluster.ConnectedVisitorAsync();
        var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>("StartChat", new StartChatRequest(Topics.Procurement, "Dokumen penawaran saya hilang"))).Chat!.ConversationId;
        await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned), c => c.ConversationId == conversation);
        await visitor.Hub.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(conversation, Guid.NewGuid(), "Dokumen penawaran saya hilang"));
        (await agent.Hub.InvokeAsync<CloseChatResult>("CloseChat", new CloseChatRequest(conversation, false, "Perlu dicek tim"))).TicketNumber.Should().NotBeNull();
        return visitor.Visitor.Visitor.VisitorId;
    }

    /// <summary>Moves every timestamp of the visitors' records 25 months back, as the owner (the app role may not rewrite history either).</summary>
    private static async Task AgeAsync(string database, params Guid[] visitors)
    {
        await using var owner = new NpgsqlConnection(TestServices.OwnerFor(database));
        await owner.ExecuteAsync("""
            UPDATE visitors SET created_at = created_at - interval '25 months', email_updated_at = email_updated_at - interval '25 months' WHERE id = ANY(@visitors);
            UPDATE conversations SET queued_at = queued_at - interval '25 months', closed_at = closed_at - interval '25 months' WHERE visitor_id = ANY(@visitors);
            UPDATE tickets SET updated_at = updated_at - interval '25 months', created_at = created_at - interval '25 months' WHERE visitor_id = ANY(@visitors);
            """, new { visitors });
    }

    private static async Task<string> RowsAsync(string database)
    {
        await using var owner = new NpgsqlConnection(TestServices.OwnerFor(database));
        return await owner.QuerySingleAsync<string>("""
            SELECT (SELECT md5(string_agg(v::text, ',' ORDER BY v.id)) FROM visitors v) || (SELECT md5(string_agg(m::text, ',' ORDER BY m.id)) FROM messages m)
                || (SELECT md5(string_agg(e::text, ',' ORDER BY e.id)) FROM ticket_entries e)
            """);
    }
}
