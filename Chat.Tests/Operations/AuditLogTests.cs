using System.Net;
using System.Net.Http.Json;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Chat.Tests.Operations;

/// <summary>The audit log: one writer, a hash chain the app role cannot rewrite, <c>audit verify</c>, the supervisors' search.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task StaffActionsAreAuditedAndTheChainVerifies()
    {
        await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true);
        var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
        var visitor = await cluster.RegisterVisitorAsync();
        var visitorId = visitor.Visitor.VisitorId;
        using var http = cluster.Http(token: supervisor.Token);
        (await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(supervisor.Staff.Username, "salah-sandi-123"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await http.GetAsync($"/api/staff/visitors/{visitorId}/history")).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/supervision/policy", new PublishPolicyRequest("Kebijakan Layanan v2", "Isi kebijakan yang direvisi."))).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/supervision/visitors/{visitorId}/close", new CloseVisitorRequest("Informasi kontak palsu", "2"))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var entries = await http.GetFromJsonAsync<AuditEntryView[]>($"/api/supervision/audit?subject={visitorId}");
        entries!.Select(e => e.Action).Should().BeEquivalentTo(["visitor.close", "visitor.history.read"], o => o.WithStrictOrdering());
        entries.Should().OnlyContain(e => e.ActorId == supervisor.Staff.Id && e.ActorName!.Contains(supervisor.Staff.Username));
        var signIns = await http.GetFromJsonAsync<AuditEntryView[]>($"/api/supervision/audit?action=staff.signin&actorId={supervisor.Staff.Id}");
        signIns!.Select(e => e.Action).Should().Contain("staff.signin");
        (await http.GetFromJsonAsync<AuditEntryView[]>("/api/supervision/audit?action=staff.signin.failed"))!
            .Should().Contain(e => e.Details.Contains(supervisor.Staff.Username), "a failed sign-in names the username tried, not an actor");
        (await http.GetFromJsonAsync<AuditEntryView[]>("/api/supervision/audit?action=policy.publish"))!.Should().ContainSingle()
            .Which.Details.Should().Contain("Kebijakan Layanan v2");

        var verification = await cluster[0].Service<AuditLog>().VerifyAsync();
        verification.BrokenAt.Should().BeNull();
        verification.Entries.Should().BeGreaterThanOrEqualTo(6);
        var command = await ServerCommand.RunAsync(ServerCommand.For(cluster.Settings["Database:ConnectionString"]!, cluster.Prefix), "audit", "verify");
        command.ExitCode.Should().Be(0, command.Error);
        command.Output.Trim().Should().Be($"audit chain ok: {verification.Entries} entries");
    }

    [Fact]
    public async Task AgentsCannotSearchTheAuditLog()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var agent = await cluster.CreateStaffAsync(StaffRole.Agent);
        using var http = cluster.Http(token: agent.Token);
        (await http.GetAsync("/api/supervision/audit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var anonymous = cluster.Http();
        (await anonymous.GetAsync("/api/supervision/audit")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheApplicationRoleMayInsertButNeverChangeOrDeleteAuditEntries()
    {
        await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true);
        await cluster.CreateStaffAsync(StaffRole.Supervisor);
        await using var app = new NpgsqlConnection(cluster.Settings["Database:ConnectionString"]);
        await app.OpenAsync();

        var update = async () => await app.ExecuteAsync("UPDATE audit_log SET action = 'nothing'");
        (await update.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        var delete = async () => await app.ExecuteAsync("DELETE FROM audit_log");
        (await delete.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        var truncate = async () => await app.ExecuteAsync("TRUNCATE audit_log");
        (await truncate.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        (await app.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log")).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task VerifyNamesTheFirstEntryTheOwnerChangedOrDeleted()
    {
        await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true);
        var audit = cluster[0].Service<AuditLog>();
        for (var i = 0; i < 5; i++)
        {
            await audit.AppendAsync(AuditEntry.System("test.entry", Guid.NewGuid(), new { i }));
        }

        var database = cluster.Settings["Database:ConnectionString"]!;
        var environment = ServerCommand.For(database, cluster.Prefix);
        await using var owner = new NpgsqlConnection(TestServices.OwnerFor(database));
        await owner.OpenAsync();
        var ids = (await owner.QueryAsync<long>("SELECT id FROM audit_log WHERE action = 'test.entry' ORDER BY id")).ToList();

        await owner.ExecuteAsync("UPDATE audit_log SET details = '{\"i\": 99}' WHERE id = @id", new { id = ids[2] });
        var changed = await audit.VerifyAsync();
        changed.BrokenAt.Should().Be(ids[2]);
        var command = await ServerCommand.RunAsync(environment, "audit", "verify");
        command.ExitCode.Should().Be(1);
        command.Error.Should().Contain($"entry {ids[2]}").And.Contain("content was changed");

        await owner.ExecuteAsync("UPDATE audit_log SET details = '{\"i\": 2}' WHERE id = @id", new { id = ids[2] });
        (await audit.VerifyAsync()).BrokenAt.Should().BeNull("the original content hashes to the stored value again");

        await owner.ExecuteAsync("DELETE FROM audit_log WHERE id = @id", new { id = ids[1] });
        var removed = await audit.VerifyAsync();
        removed.BrokenAt.Should().Be(ids[2]);
        removed.Problem.Should().Contain($"does not follow entry {ids[0]}");
    }

    [Fact]
    public async Task WritersOnSeveralInstancesAtOnceKeepOneLinearChain()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2, isolatedDatabase: true);
        var writers = Enumerable.Range(0, 40).Select(i => cluster[i % 2].Service<AuditLog>().AppendAsync(AuditEntry.System("test.parallel", null, new { i })));
        await Task.WhenAll(writers);

        var verification = await cluster[0].Service<AuditLog>().VerifyAsync();
        verification.BrokenAt.Should().BeNull(verification.Problem);
        verification.Entries.Should().BeGreaterThanOrEqualTo(40);
    }

    [Fact]
    public async Task AnUnknownCommandPrintsTheUsageAndExitsWithTwo()
    {
        var result = await ServerCommand.RunAsync(new Dictionary<string, string>(), "anything");
        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("unknown command: anything").And.Contain("audit verify").And.Contain("staff add");
    }

    [Fact]
    public async Task ModelReloadsAreAuditedWhetherTheyLoadOrNot()
    {
        var folder = Directory.CreateTempSubdirectory("chat-model-").FullName;
        var model = Path.Combine(folder, "moderation.model");
        File.Copy(Path.Combine(ServerCommand.RepositoryRoot, "Chat.Server", "Moderation", "Model", "moderation.model"), model);
        try
        {
            await using var cluster = await ChatCluster.StartAsync(configure: s =>
            {
                s["Moderation:LearnedLayer"] = "true";
                s["Moderation:ModelPath"] = model;
            });
            var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
            using var http = cluster.Http(token: supervisor.Token);
            (await http.PostAsync("/api/moderation/model/reload", null)).StatusCode.Should().Be(HttpStatusCode.OK);
            await File.WriteAllTextAsync(model, "bukan model");
            (await http.PostAsync("/api/moderation/model/reload", null)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

            var entries = (await http.GetFromJsonAsync<AuditEntryView[]>($"/api/supervision/audit?action=moderation.model&actorId={supervisor.Staff.Id}"))!;
            entries.Select(e => e.Action).Should().Equal("moderation.model.reload_failed", "moderation.model.reloaded");
            entries[1].Details.Should().MatchRegex("\"version\": \"[0-9a-f]{12}\"");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
