using System.Net;
using System.Net.Http.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;
using Dapper;
using Npgsql;
using StackExchange.Redis;

namespace Chat.Tests.Operations;

/// <summary>
/// <c>backup restore --redis</c>: a backup's Redis snapshot goes back into an empty or stopped Redis (never over one
/// that holds data unless forced), and with it the key ring that seals sign-ins and two-factor secrets.
/// </summary>
public sealed class RedisBackupRestoreTests
{
    [Fact]
    public async Task ADumpRestoredWithItsRedisSnapshotKeepsStaffSignedInAndTheirSecondFactorReadable()
    {
        await using var lost = await RedisProcess.StartAsync();
        await using var fresh = await RedisProcess.StartAsync();
        var name = TestServices.NewPrefix();
        var database = await TestServices.CreateDatabaseAsync(name);
        var folder = Directory.CreateTempSubdirectory("chat-backup-").FullName;
        try
        {
            StaffSession supervisor;
            await using (var cluster = await ChatCluster.StartAsync(configure: s =>
            {
                s["Database:ConnectionString"] = database;
                s["Redis:Configuration"] = lost.Configuration;
                s["Redis:KeyPrefix"] = name;
            }))
            {
                supervisor = await cluster.CreateStaffAsync(StaffRole.Supervisor);
            }

            var environment = CommandEnvironment(database, name, lost, folder);
            var created = await ServerCommand.RunAsync(environment, "backup", "create");
            created.ExitCode.Should().Be(0, created.Error);
            var dump = Directory.GetFiles(folder, "*.dump").Should().ContainSingle().Subject;
            await using (var redis = await ConnectionMultiplexer.ConnectAsync(lost.AdminConfiguration))
            {
                var ring = await redis.GetDatabase().ListRangeAsync($"{name}:dataprotection");
                ring.Should().NotBeEmpty("the servers wrote their key ring to Redis");

                // The machine is lost: an empty database and a Redis with nothing in it.
                await TestServices.DropDatabaseAsync(name);
                await TestServices.CreateDatabaseAsync(name);

                // The first servers' migrator left owner connections in this process's pool; the drop ended them.
                await using (var stale = new NpgsqlConnection(TestServices.OwnerFor(database)))
                {
                    NpgsqlConnection.ClearPool(stale);
                }

                var restore = CommandEnvironment(database, name, fresh, folder);
                var restored = await ServerCommand.RunAsync(restore, "backup", "restore", dump, "--redis");
                restored.ExitCode.Should().Be(0, restored.Error);
                restored.Output.Should().Contain("restored " + Path.GetFileName(dump)).And.Contain("Redis keys from");

                await using var into = await ConnectionMultiplexer.ConnectAsync(fresh.AdminConfiguration);
                (await into.GetDatabase().ListRangeAsync($"{name}:dataprotection")).Select(v => (string?)v).Should().Equal(ring.Select(v => (string?)v));
                var again = await ServerCommand.RunAsync(restore, "backup", "restore", RedisSnapshotOf(dump));
                again.ExitCode.Should().Be(3, "Redis now holds data");
                again.Error.Should().Contain("holds").And.Contain("--force");
            }

            await using (var cluster = await ChatCluster.StartAsync(configure: s =>
            {
                s["Database:ConnectionString"] = database;
                s["Redis:Configuration"] = fresh.Configuration;
                s["Redis:KeyPrefix"] = name;
            }))
            {
                using var signedIn = cluster.Http(token: supervisor.Token);
                (await signedIn.GetAsync("/api/supervision/backups/status")).StatusCode.Should().Be(HttpStatusCode.OK, "the token was sealed with the restored key ring");

                using var http = cluster.Http();
                var password = await http.PostAsJsonAsync("/api/staff/login", new StaffLoginRequest(supervisor.Staff.Username, ChatCluster.StaffPassword));
                password.StatusCode.Should().Be(HttpStatusCode.Accepted);
                var challenge = (await password.Content.ReadFromJsonAsync<TwoFactorChallenge>())!;

                // The next step's code: later than the one the first sign-in used, and inside the accepted window.
                var code = StaffAuthenticators.Code(supervisor.Staff.Username, DateTimeOffset.UtcNow.AddSeconds(30));
                var second = await http.PostAsJsonAsync("/api/staff/login/code", new TwoFactorCodeRequest(challenge.Challenge, code));
                second.StatusCode.Should().Be(HttpStatusCode.OK, "the two-factor secret in PostgreSQL is readable with the restored key ring");
            }

            await using var owner = new NpgsqlConnection(TestServices.OwnerFor(database) + ";Pooling=false");
            (await owner.QueryAsync<string>("SELECT action FROM audit_log WHERE action LIKE 'backup.restore%' ORDER BY id"))
                .Should().Equal("backup.restore", "backup.restore.redis");
        }
        finally
        {
            await TestServices.DropDatabaseAsync(name);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ARedisSnapshotReplacesDataOnlyWhenForcedWhetherRedisIsRunningOrStopped()
    {
        await using var source = await RedisProcess.StartAsync();
        await using var target = await RedisProcess.StartAsync();
        var name = TestServices.NewPrefix();
        var database = await TestServices.CreateDatabaseAsync(name);
        var folder = Directory.CreateTempSubdirectory("chat-backup-").FullName;
        try
        {
            await using (var redis = await ConnectionMultiplexer.ConnectAsync(source.AdminConfiguration))
            {
                var db = redis.GetDatabase();
                await db.StringSetAsync($"{name}:plain", "dari cadangan");
                await db.StringSetAsync($"{name}:expiring", "sebentar", TimeSpan.FromHours(1));
                await db.HashSetAsync($"{name}:hash", [new HashEntry("a", "1"), new HashEntry("b", "2")]);
            }

            var created = await ServerCommand.RunAsync(CommandEnvironment(database, name, source, folder), "backup", "create");
            created.ExitCode.Should().Be(0, created.Error);
            var snapshot = RedisSnapshotOf(Directory.GetFiles(folder, "*.dump").Should().ContainSingle().Subject);
            File.Exists(snapshot).Should().BeTrue();

            var environment = CommandEnvironment(database, name, target, folder);
            await using (var redis = await ConnectionMultiplexer.ConnectAsync(target.AdminConfiguration))
            {
                var db = redis.GetDatabase();
                await db.StringSetAsync($"{name}:plain", "sudah ada");
                await db.StringSetAsync($"{name}:own", "milik target");

                var refused = await ServerCommand.RunAsync(environment, "backup", "restore", snapshot);
                refused.ExitCode.Should().Be(3, refused.Error);
                refused.Error.Should().Contain("holds 2 keys");
                ((string?)await db.StringGetAsync($"{name}:plain")).Should().Be("sudah ada", "a refused restore changes nothing");

                var forced = await ServerCommand.RunAsync(environment, "backup", "restore", snapshot, "--force");
                forced.ExitCode.Should().Be(0, forced.Error);
                forced.Output.Should().Contain("restored 3 Redis keys");
                ((string?)await db.StringGetAsync($"{name}:plain")).Should().Be("dari cadangan");
                ((string?)await db.StringGetAsync($"{name}:own")).Should().Be("milik target", "keys the snapshot does not hold are left alone");
                (await db.HashGetAllAsync($"{name}:hash")).Should().HaveCount(2);
                (await db.KeyTimeToLiveAsync($"{name}:expiring")).Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromHours(1));
                await db.StringSetAsync($"{name}:own", "ditulis lagi");
            }

            var wrongUser = new Dictionary<string, string>(environment) { ["Backups__RedisConfiguration"] = $"127.0.0.1:{target.Port},user=admin,password=salah,abortConnect=false" };
            var rejected = await ServerCommand.RunAsync(wrongUser, "backup", "restore", snapshot, "--force");
            rejected.ExitCode.Should().Be(1);
            rejected.Error.Should().Contain("answers but the connection failed", "files are never unpacked under a Redis that is running");

            await target.StopAsync();
            var stopped = new Dictionary<string, string>(environment) { ["Backups__RedisDataDir"] = target.DataFolder };
            var occupied = await ServerCommand.RunAsync(stopped, "backup", "restore", snapshot);
            occupied.ExitCode.Should().Be(3, occupied.Error);
            occupied.Error.Should().Contain("already holds an append-only file");
            var unpacked = await ServerCommand.RunAsync(stopped, "backup", "restore", snapshot, "--force");
            unpacked.ExitCode.Should().Be(0, unpacked.Error);
            unpacked.Output.Should().Contain("start Redis now");
            Directory.GetDirectories(target.DataFolder, "appendonlydir.replaced-*").Should().ContainSingle("the old append-only folder is kept aside, not deleted");

            await target.StartAgainAsync();
            await using (var redis = await ConnectionMultiplexer.ConnectAsync(target.AdminConfiguration))
            {
                var db = redis.GetDatabase();
                ((string?)await db.StringGetAsync($"{name}:plain")).Should().Be("dari cadangan");
                (await db.KeyExistsAsync($"{name}:own")).Should().BeFalse("a stopped Redis starts from the snapshot alone");
                (await db.HashGetAllAsync($"{name}:hash")).Should().HaveCount(2);
            }
        }
        finally
        {
            await TestServices.DropDatabaseAsync(name);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RedisSnapshotOf(string dump) => Path.ChangeExtension(dump, null) + "-redis-aof.zip";

    private static Dictionary<string, string> CommandEnvironment(string database, string prefix, RedisProcess redis, string folder) =>
        new(ServerCommand.For(database, prefix))
        {
            ["Redis__Configuration"] = redis.Configuration,
            ["Backups__RedisConfiguration"] = redis.AdminConfiguration,
            ["Backups__Folder"] = folder,
        };
}
