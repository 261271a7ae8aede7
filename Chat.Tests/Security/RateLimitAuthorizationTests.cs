using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Hubs.Contracts;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Security;

/// <summary>
/// Request limits kept in Redis hold across instances and say when to retry; <c>X-Forwarded-For</c> counts only from a
/// configured proxy, so a client cannot pick the address its failures are counted under.
/// </summary>
public sealed class RateLimitAuthorizationTests
{
    [Fact]
    public async Task RegistrationIsLimitedAcrossInstancesAndSaysWhenToRetry()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 2, configure: s => s["Accounts:RegistrationsPerMinute"] = "3");
        await cluster.RegisterVisitorAsync(instance: 0);
        await cluster.RegisterVisitorAsync(instance: 1);
        await cluster.RegisterVisitorAsync(instance: 0);

        using var http = cluster.Http(1);
        var policy = await http.GetFromJsonAsync<PolicyVersion>("/api/policy/current");
        var refused = await http.PostAsJsonAsync("/api/visitors", new RegisterVisitorRequest("Pengunjung Keempat", $"v-{Guid.NewGuid():N}@penyedia.example.id", "081234567890", "CV Maju", policy!.Version));
        var problem = await ProblemAsync(refused);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the other instance's registrations count too");
        problem.Code.Should().Be(HubErrors.RateLimited);
        problem.Detail.Should().Contain("Coba lagi dalam");
        refused.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(1));

        var english = await http.PostAsJsonAsync("/api/visitors?lang=en", new RegisterVisitorRequest("Fifth", $"v-{Guid.NewGuid():N}@penyedia.example.id", "081234567890", "CV Maju", policy.Version));
        (await ProblemAsync(english)).Detail.Should().Contain("Try again in");
    }

    [Fact]
    public async Task OfflineTicketsAndRepliesAreLimitedPerVisitor()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s =>
        {
            s["RateLimits:TicketsPerHour"] = "2";
            s["RateLimits:TicketEntriesPerMinute"] = "2";
        });
        var visitor = await cluster.RegisterVisitorAsync();
        using var http = cluster.Http(token: visitor.Token);
        var first = await http.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Other, "Satu", "Kendala pertama"));
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        (await http.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Other, "Dua", "Kendala kedua"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var third = await http.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Other, "Tiga", "Kendala ketiga"));
        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.FromMinutes(50), "the window is an hour");

        var number = (await first.Content.ReadFromJsonAsync<TicketSummary>())!.Number;
        for (var i = 0; i < 2; i++)
        {
            (await http.PostAsJsonAsync($"/api/visitors/me/tickets/{number}/entries", new AddTicketEntryRequest("Tambahan " + i, false))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await http.PostAsJsonAsync($"/api/visitors/me/tickets/{number}/entries", new AddTicketEntryRequest("Satu lagi", false))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        // Another visitor is counted on their own.
        using var other = cluster.Http(token: (await cluster.RegisterVisitorAsync()).Token);
        (await other.PostAsJsonAsync("/api/visitors/me/tickets", new CreateTicketRequest(Topics.Other, "Lain", "Kendala lain"))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task EmailCodeRequestsAreLimitedPerAddress()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["RateLimits:CodeRequestsPerMinute"] = "2");
        using var http = cluster.Http();
        for (var i = 0; i < 2; i++)
        {
            (await http.PostAsJsonAsync("/api/visitors/signin/code", new SignInCodeRequest($"kode-{Guid.NewGuid():N}@penyedia.example.id"))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var refused = await http.PostAsJsonAsync("/api/visitors/signin/code", new SignInCodeRequest($"kode-{Guid.NewGuid():N}@penyedia.example.id"));
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await ProblemAsync(refused)).Code.Should().Be(HubErrors.RateLimited);
    }

    [Fact]
    public async Task ForwardedForCountsOnlyFromATrustedProxy()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1");
        var agent = await cluster.CreateStaffAccountAsync();

        // Through the trusted proxy, each client is counted under its own forwarded address.
        using var proxy = cluster.HttpFrom("127.0.0.1");
        for (var i = 0; i < 8; i++)
        {
            await LoginAsync(proxy, agent.Username, "tebakan-" + i, "203.0.113.7");
        }

        (await LoginAsync(proxy, agent.Username, ChatCluster.StaffPassword, "203.0.113.7")).Should().Be(HttpStatusCode.Unauthorized, "the guesser behind the proxy waits");
        (await LoginAsync(proxy, agent.Username, ChatCluster.StaffPassword, "203.0.113.8")).Should().Be(HttpStatusCode.OK, "the owner behind the same proxy does not");

        // A client that is not a proxy cannot escape its count by writing the header.
        var other = await cluster.CreateStaffAccountAsync();
        using var direct = cluster.HttpFrom("127.0.0.2");
        for (var i = 0; i < 8; i++)
        {
            await LoginAsync(direct, other.Username, "tebakan-" + i, $"198.51.100.{i + 1}");
        }

        (await LoginAsync(direct, other.Username, ChatCluster.StaffPassword, "198.51.100.200")).Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<HttpStatusCode> LoginAsync(HttpClient http, string username, string password, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/staff/login") { Content = JsonContent.Create(new StaffLoginRequest(username, password)) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<(string Code, string Detail)> ProblemAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("code").GetString()!, body.RootElement.GetProperty("detail").GetString()!);
    }
}
