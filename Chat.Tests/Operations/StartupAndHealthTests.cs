using System.Net;
using Chat.Tests.Infrastructure;
using Npgsql;

namespace Chat.Tests.Operations;

public sealed class StartupAndHealthTests
{
    [Fact]
    public async Task TwoInstancesStartingAtOnceApplyEachMigrationExactlyOnce()
    {
        var name = TestServices.NewPrefix();
        var database = await TestServices.CreateDatabaseAsync(name);
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Redis:Configuration"] = TestServices.Redis,
                ["Redis:KeyPrefix"] = name,
                ["Database:ConnectionString"] = database,
                ["Logging:LogLevel:Default"] = "Warning",
            };
            var instances = await Task.WhenAll(Task.Run(() => new ChatServerInstance(settings)), Task.Run(() => new ChatServerInstance(settings)));
            try
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT name) FROM schema_migrations", connection);
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                reader.GetInt64(0).Should().BeGreaterThan(0);
                reader.GetInt64(0).Should().Be(reader.GetInt64(1));
                await reader.DisposeAsync();

                await using var policies = new NpgsqlCommand("SELECT count(*) FROM policy_versions", connection);
                ((long)(await policies.ExecuteScalarAsync())!).Should().Be(1, "version 1 of the policy is seeded once");
            }
            finally
            {
                foreach (var instance in instances)
                {
                    await instance.DisposeAsync();
                }
            }
        }
        finally
        {
            await TestServices.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task ReadinessReportsRedisAndPostgresWhileLivenessOnlyReportsTheProcess()
    {
        await using var cluster = await ChatCluster.StartAsync();
        using var http = cluster.Http();
        (await http.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var ready = await http.GetAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);

        // The same server pointed at a Redis that is not there: alive, but not ready.
        await using var broken = await ChatCluster.StartAsync(configure: s => s["Redis:Configuration"] = "127.0.0.1:1,abortConnect=false,connectTimeout=300");
        using var brokenHttp = broken.Http();
        (await brokenHttp.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await brokenHttp.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }
}
