using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Chat.Server.Deployment;

/// <summary>
/// Behind nginx every connection comes from the proxy: the sign-in back-off, registration limits, audit and the
/// metrics allow-list need the client's own address. It is taken from X-Forwarded-For only when the connection
/// comes from a trusted proxy (loopback by default, more in <c>Proxy:KnownProxies</c> / <c>Proxy:KnownNetworks</c>),
/// so a client talking to Kestrel directly cannot choose its address.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the load balancers in front of the instances (besides loopback).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the load balancers, CIDR (e.g. 10.20.0.0/24).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Believe a proxy on this host (nginx on the same machine); off when nothing local may speak for clients.</summary>
    public bool TrustLoopback { get; set; } = true;
}

public static class ProxyExtensions
{
    public static WebApplicationBuilder AddProxy(this WebApplicationBuilder builder)
    {
        var proxy = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy hop: the address nginx appended is the one its client connected from.
            o.ForwardLimit = 1;
            if (!proxy.TrustLoopback)
            {
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
            }

            foreach (var address in proxy.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    public static WebApplication UseProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
