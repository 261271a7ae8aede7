using System.Net;
using System.Net.Http.Headers;
using Chat.Server.Accounts;
using Chat.Tests.Agent;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Security;

/// <summary>Response headers of the API, the widget frame, the demo page and the console; signing out revokes the server token.</summary>
public sealed class SecurityHeadersAuthorizationTests
{
    [Fact]
    public async Task ApiAnswersForbidEverythingABrowserCouldDoWithThem()
    {
        await using var cluster = await ChatCluster.StartAsync();
        using var http = cluster.Http();
        foreach (var path in new[] { "/api/topics", "/api/visitors/me", "/health/ready", "/widget/loader.js" })
        {
            using var response = await http.GetAsync(path);
            var csp = Header(response, "Content-Security-Policy");
            csp.Should().Contain("default-src 'none'").And.Contain("frame-ancestors 'none'", path);
            AssertCommon(response, path);
        }
    }

    [Fact]
    public async Task DemoPageIsOffUnlessEnabledAndHasItsOwnPolicy()
    {
        await using (var off = await ChatCluster.StartAsync(configure: s => s["Widget:EnableDemo"] = "false"))
        {
            using var http = off.Http();
            (await http.GetAsync("/demo/")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        await using var on = await ChatCluster.StartAsync();
        using var client = on.Http();
        using var demo = await client.GetAsync("/demo/");
        demo.StatusCode.Should().Be(HttpStatusCode.OK);
        Header(demo, "Content-Security-Policy").Should().Contain("script-src 'self'").And.Contain("object-src 'none'");
        AssertCommon(demo, "/demo/");
    }

    [Fact]
    public async Task ConsolePagesAllowOnlyTheirOwnScriptsAndCannotBeFramed()
    {
        await using var cluster = await ChatCluster.StartAsync();
        await using var console = new ConsoleHost(cluster[0].BaseAddress);
        using var http = console.CreateClient();
        using var response = await http.GetAsync("/masuk");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var csp = Header(response, "Content-Security-Policy");
        csp.Should().Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'")
            .And.Contain($"ws://{console.BaseAddress.Authority}");
        csp.Should().NotContain("unsafe-eval").And.NotContain("script-src 'self' 'unsafe-inline'");
        AssertCommon(response, "/masuk");
    }

    [Fact]
    public async Task StaffSignOutRevokesTheTokenAndClosesItsConnections()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var agent = await cluster.OnlineAgentAsync(instance: 1);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        using var http = cluster.Http(0, agent.Staff.Token);
        (await http.PostAsync("/api/staff/me/sign-out", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await http.GetAsync("/api/staff/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        agent.Hub.State.Should().Be(HubConnectionState.Disconnected);
    }

    [Fact]
    public async Task VisitorSignOutRevokesTheToken()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        using var http = cluster.Http(0, visitor.Token);
        (await http.PostAsync("/api/visitors/me/sign-out", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await http.GetAsync("/api/visitors/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static void AssertCommon(HttpResponseMessage response, string what)
    {
        Header(response, "X-Content-Type-Options").Should().Be("nosniff", what);
        Header(response, "Referrer-Policy").Should().Be("no-referrer", what);
        Header(response, "Permissions-Policy").Should().Contain("camera=()", what);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : string.Empty;
}
