using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Chat.Server.RateLimits;

public static class RateLimitExtensions
{
    /// <summary>Redis-backed request limits, and the client address taken from <c>X-Forwarded-For</c> only behind a configured proxy.</summary>
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        builder.Services.AddSingleton<RedisRateLimiter>();

        var proxies = builder.Configuration.GetSection(TrustedProxyOptions.Section).Get<TrustedProxyOptions>() ?? new TrustedProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Only the proxies named in configuration: not even loopback by default, so a client cannot claim an address.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a CIDR network."));
            }

            // The nearest proxy's word only: an address further left in the header is whatever the client wrote.
            o.ForwardLimit = 1;
        });
        return builder;
    }

    /// <summary>Takes the client address from a trusted proxy's <c>X-Forwarded-For</c>; first in the pipeline, before anything counts addresses.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    /// <summary>The endpoint counts towards <paramref name="limit"/> in Redis and is refused with 429 past it.</summary>
    public static TBuilder RequireLimit<TBuilder>(this TBuilder builder, RequestLimit limit)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var filter = ActivatorUtilities.CreateInstance<RateLimitFilter>(context.ApplicationServices, limit);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}
