using System.Net;
using Chat.Server.Connections;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Operations;

public sealed class ConnectionCapTests
{
    [Fact]
    public async Task VisitorConnectionsPastTheCapAreRefusedCleanlyAndAdmittedOnceASeatFrees()
    {
        await using var cluster = await ChatCluster.StartAsync(instances: 1, s => s["Connections:MaxVisitorConnections"] = "2");
        var first = await cluster.ConnectedVisitorAsync();
        var second = await cluster.ConnectedVisitorAsync();
        var third = await cluster.RegisterVisitorAsync();

        var refused = () => cluster.ConnectVisitorAsync(third.Token);
        var error = (await refused.Should().ThrowAsync<HttpRequestException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        // The negotiate answer says why and when to come back, in the visitor's language.
        using var http = cluster.Http(token: third.Token);
        var response = await http.PostAsync("/hubs/visitor/negotiate?negotiateVersion=1", null);
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        var problem = await response.Content.ReadAsStringAsync();
        problem.Should().Contain("\"code\":\"overloaded\"").And.Contain("Layanan sedang penuh");

        // Staff are never shut out by visitors filling the instance.
        await cluster.OnlineAgentAsync();

        await first.Hub.StopAsync();
        await Wait.UntilAsync(() => Task.FromResult(cluster[0].Service<ConnectionCap>().Open), open => open < 2, "the closed connection to free its seat");
        var admitted = await cluster.ConnectVisitorAsync(third.Token);
        admitted.State.Should().Be(HubConnectionState.Connected);
        second.Hub.State.Should().Be(HubConnectionState.Connected);
    }
}
