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

    [Fact]
    public async Task ACrowdOfConnectionsPastTheOpenFileLimitIsTurnedAwayAndTheInstanceLives()
    {
        // 1,000 open files and 600 kept for the process itself: Kestrel takes 400 connections. Without that bound a
        // crowd takes every descriptor, and the runtime, which needs one to map new code, ends the process.
        await using var cluster = await ChatCluster.StartAsync(instances: 1);
        var settings = new Dictionary<string, string?>(cluster.Settings) { ["Connections:ReservedFiles"] = "600" };
        await using var server = await ServerProcess.StartAsync(settings, openFiles: 1000);
        var sockets = new List<System.Net.Sockets.Socket>();
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, server.Port);
                sockets.Add(socket);
            }

            // Connections past the bound were closed by the server (a read ends at once), not left to exhaust it.
            var closed = 0;
            foreach (var socket in sockets.AsEnumerable().Reverse().Take(100))
            {
                using var read = new CancellationTokenSource(Wait.Timeout);
                closed += await socket.ReceiveAsync(new byte[1], System.Net.Sockets.SocketFlags.None, read.Token) == 0 ? 1 : 0;
            }

            closed.Should().Be(100);
            server.Running.Should().BeTrue();
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }

        await server.WaitReadyAsync();
        server.Running.Should().BeTrue();
    }
}
