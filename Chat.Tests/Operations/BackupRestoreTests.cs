using System.Net.Http.Json;
using Chat.Server.Accounts;
using Chat.Server.Audit;
using Chat.Server.Backups;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Chat.Tests.Operations;

/// <summary>Backups that restore: pg_dump, read back, recorded; restore into an empty database finds every row again.</summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task ABackupRestoredIntoAnEmptyDatabaseHoldsEveryRowAgain()
    {
        var name = TestServices.NewPrefix();
        var database = await TestServices.CreateDatabaseAsync(name);
        var folder = Directory.CreateTempSubdirectory("chat-backup-").FullName;
        try
        {
            await using (var cluster = await ChatCluster.StartAsync(configure: s => s["Database:ConnectionString"] = database))
            {
                var agent = await cluster.OnlineAgentAsync(topics: [Topics.Technical]);
                var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
                var visitor = await cluster.ConnectedVisitorAsync();
                var conversation = (await visitor.Hub.InvokeAsync<StartChatResult>(nameof(IVisitorHub.StartChat), new StartChatRequest(Topics.Technical, "Upload dokumen penawaran gagal"))).Chat!.ConversationId;
                await agent.Events.WaitAsync<AgentChat>(nameof(IAgentClient.ChatAssigned));
                await visitor.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "Berkas 12 MB ditolak"));
                await agent.Hub.InvokeAsync<SendMessageResult>(nameof(IConversationHub.SendMessage), new SendMessageRequest(conversation, Guid.NewGuid(), "Batasnya 10 MB, silakan dikompres"));
                await agent.Hub.InvokeAsync<InternalNote>(nameof(IAgentHub.AddNote), conversation, "Kendala ukuran berkas");
                (await agent.Hub.InvokeAsync<CloseChatResult>(nameof(IAgentHub.CloseChat), new CloseChatRequest(conversation, false, "Diteruskan ke tim teknis"))).TicketNumber.Should().NotBeNull();
                using var http = cluster.Http(token: supervisor.Token);
                (await http.GetAsync($"/api/staff/visitors/{visitor.Visitor.Visitor.VisitorId}/history")).EnsureSuccessStatusCode();
            }

            var before = await FingerprintAsync(database);
            before["messages"].Rows.Should().BeGreaterThanOrEqualTo(2);
            before["tickets"].Rows.Should().Be(1);
            before["audit_log"].Rows.Should().BeGreaterThan(0);

            var environment = ServerCommand.For(database, name);
            environment["Backups__Folder"] = folder;
            var created = await ServerCommand.RunAsync(environment, "backup", "create");
            created.ExitCode.Should().Be(0, created.Error);
            created.Output.Should().StartWith("backup ok: chat-");
            var dump = Directory.GetFiles(folder, "*.dump").Should().ContainSingle().Subject;
            File.Exists(dump + ".sha256").Should().BeTrue();
            Directory.GetFiles(folder, "*-redis-aof.zip").Should().ContainSingle("Redis's append-only file is snapshotted alongside");
            var listed = await ServerCommand.RunAsync(environment, "backup", "list");
            listed.Output.Should().Contain(Path.GetFileName(dump)).And.Contain("manual");

            var refused = await ServerCommand.RunAsync(environment, "backup", "restore", dump);
            refused.ExitCode.Should().Be(3, "the database still has its tables");
            refused.Error.Should().Contain("not empty");

            await TestServices.DropDatabaseAsync(name);
            await TestServices.CreateDatabaseAsync(name);
            var restored = await ServerCommand.RunAsync(environment, "backup", "restore", dump);
            restored.ExitCode.Should().Be(0, restored.Error);

            var after = await FingerprintAsync(database);
            foreach (var (table, print) in before)
            {
                if (table is "audit_log" or "backups")
                {
                    // The restore appends its own audit entry; the backup's own record was written after the dump.
                    after[table].Rows.Should().BeGreaterThanOrEqualTo(print.Rows, table);
                    continue;
                }

                after[table].Should().Be(print, table);
            }

            await using var owner = new NpgsqlConnection(TestServices.OwnerFor(database) + ";Pooling=false");
            var restoredAudit = await owner.QuerySingleAsync<string>(
                "SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM audit_log t WHERE id <= @max", new { max = before["audit_log"].MaxId });
            restoredAudit.Should().Be(before["audit_log"].Hash, "every audit entry made before the backup is back unchanged");
            var verify = await ServerCommand.RunAsync(environment, "audit", "verify");
            verify.ExitCode.Should().Be(0, verify.Error);
            (await owner.QuerySingleAsync<string>("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")).Should().Be("backup.restore");
        }
        finally
        {
            await TestServices.DropDatabaseAsync(name);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task OnlyOneOfTwoInstancesRunsADueBackupAndTheDashboardStatusShowsIt()
    {
        var folder = Directory.CreateTempSubdirectory("chat-backup-").FullName;
        try
        {
            await using var cluster = await ChatCluster.StartAsync(instances: 2, isolatedDatabase: true, configure: s =>
            {
                s["Backups:Folder"] = folder;
                s["Backups:Interval"] = "1.00:00:00";
            });
            var supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
            using var http = cluster.Http(token: supervisor.Token);
            (await http.GetFromJsonAsync<BackupStatus>("/api/supervision/backups/status"))!.Stale.Should().BeTrue("no backup ran yet");

            var ran = await Task.WhenAll(
                cluster[0].Service<BackupScheduler>().RunIfDueAsync(CancellationToken.None),
                cluster[1].Service<BackupScheduler>().RunIfDueAsync(CancellationToken.None));
            ran.Count(r => r).Should().Be(1);
            (await cluster[1].Service<BackupScheduler>().RunIfDueAsync(CancellationToken.None)).Should().BeFalse("the newest is younger than the interval");

            var status = (await http.GetFromJsonAsync<BackupStatus>("/api/supervision/backups/status"))!;
            status.Stale.Should().BeFalse();
            status.Last!.Ok.Should().BeTrue();
            status.Last.Kind.Should().Be("weekly", "the first backup of the week is the weekly generation");
            status.Last.SizeBytes.Should().Be(new FileInfo(Path.Combine(folder, status.Last.File!)).Length);
            (await http.GetFromJsonAsync<AuditEntryView[]>($"/api/supervision/audit?subject={status.Last.Id}"))!.Should().ContainSingle(e => e.Action == "backup.create");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task OlderGenerationsAreRotatedOutAndAFailedBackupIsRecorded()
    {
        var folder = Directory.CreateTempSubdirectory("chat-backup-").FullName;
        try
        {
            await using var cluster = await ChatCluster.StartAsync(isolatedDatabase: true, configure: s =>
            {
                s["Backups:Folder"] = folder;
                s["Backups:KeepManual"] = "2";
            });
            var backups = cluster[0].Service<BackupService>();
            var runs = new List<BackupRun>();
            for (var i = 0; i < 3; i++)
            {
                runs.Add(await backups.CreateAsync("manual", CancellationToken.None));
            }

            runs.Should().OnlyContain(r => r.Ok);
            Directory.GetFiles(folder, "*.dump").Select(Path.GetFileName).Should().BeEquivalentTo([runs[1].File, runs[2].File]);

            File.Delete(Path.Combine(folder, runs[2].File!));
            Directory.Delete(folder, recursive: true);
            File.WriteAllText(folder, "a file where the folder should be");
            var failed = await backups.CreateAsync("manual", CancellationToken.None);
            failed.Ok.Should().BeFalse();
            failed.Error.Should().NotBeNullOrEmpty();
            var status = await backups.StatusAsync(CancellationToken.None);
            status.Last!.Ok.Should().BeFalse();
            status.LastSuccessAt.Should().NotBeNull();
            File.Delete(folder);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private sealed record TablePrint(long Rows, string? Hash, long? MaxId);

    /// <summary>Row count and an md5 over every row's text, ordered, per table in the public schema.</summary>
    private static async Task<Dictionary<string, TablePrint>> FingerprintAsync(string database)
    {
        // Unpooled: the database is dropped and made again between the two prints.
        await using var owner = new NpgsqlConnection(TestServices.OwnerFor(database) + ";Pooling=false");
        var tables = await owner.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
        var prints = new Dictionary<string, TablePrint>();
        foreach (var table in tables)
        {
            var maxId = table == "audit_log" ? await owner.ExecuteScalarAsync<long?>("SELECT max(id) FROM audit_log") : null;
            var (rows, hash) = await owner.QuerySingleAsync<(long, string?)>(
                $"SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM \"{table}\" t");
            prints[table] = new TablePrint(rows, table == "audit_log"
                ? await owner.QuerySingleAsync<string>("SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM audit_log t")
                : hash, maxId);
        }

        return prints;
    }
}
