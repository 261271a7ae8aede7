using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Chat.Agent.Security;

/// <summary>
/// Behind a reverse proxy the staff member's address comes from its <c>X-Forwarded-For</c>, believed only from the
/// proxies named in <c>ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c> (none by default). The sign-in
/// forwards that address to Chat.Server, whose back-off counts failures per source address.
/// </summary>
public static class TrustedProxies
{
    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            o.ForwardLimit = 1;
        });
        return builder;
    }
}
