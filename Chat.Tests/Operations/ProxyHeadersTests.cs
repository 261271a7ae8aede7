using System.Net;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Operations;

/// <summary>Behind nginx the client's address comes from X-Forwarded-For, believed only from a trusted proxy.</summary>
public sealed class ProxyHeadersTests
{
    [Fact]
    public async Task MetricsRefuseAnOutsideClientForwardedByTheLocalProxy()
    {
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1");
        using var http = cluster.Http();
        (await http.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK, "a scraper on this host is allowed");

        // nginx on this host forwarding someone from the internet: without the forwarded address it would look local.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        (await http.SendAsync(forwarded)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ForwardedAddressFromAnUntrustedPeerIsIgnored()
    {
        // Only 10.9.9.9 is a proxy here (loopback is not), so a local client cannot claim an outside address.
        await using var cluster = await ChatCluster.StartAsync(configure: s => s["ForwardedHeaders:KnownProxies:0"] = "10.9.9.9");
        using var http = cluster.Http();
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        (await http.SendAsync(forwarded)).StatusCode.Should().Be(HttpStatusCode.OK, "the header of a client that is not a proxy changes nothing");
    }
}
