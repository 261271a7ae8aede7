using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Operations;

/// <summary>
/// A database that stops taking connections (a restart, a failover) refuses REST callers with a retryable 503 in
/// Indonesian, not a bare 500, and the same request succeeds once it is back (real PostgreSQL, real Kestrel).
/// </summary>
public sealed class DependencyFailureTests
{
    [Fact]
    public async Task RegistrationWhileTheDatabaseIsAwayIsRefusedWithRetryAfterAndWorksOnceItIsBack()
    {
        await using var cluster = await ChatCluster.StartAsync(1, isolatedDatabase: true);
        using var http = cluster.Http(0);
        var policy = await http.GetFromJsonAsync<PolicyVersion>("/api/policy/current");
        var request = new RegisterVisitorRequest("Siti Aminah", $"dep-{Guid.NewGuid():N}@penyedia.example.id", null, "CV Pelaihari Jaya", policy!.Version);

        await TestServices.SetDatabaseReachableAsync(cluster.Prefix, reachable: false);
        HttpResponseMessage refused;
        try
        {
            refused = await http.PostAsJsonAsync("/api/visitors", request);
        }
        finally
        {
            await TestServices.SetDatabaseReachableAsync(cluster.Prefix, reachable: true);
        }

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("code").GetString().Should().Be(HubErrors.Overloaded);
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("Layanan sedang terganggu").And.Contain("2 detik");

        var registered = await http.PostAsJsonAsync("/api/visitors", request);
        registered.StatusCode.Should().Be(HttpStatusCode.OK, "the same request goes through once the database is back");
    }
}
