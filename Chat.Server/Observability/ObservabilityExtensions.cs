using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Chat.Server.Observability;

public static class ObservabilityExtensions
{
    /// <summary>
    /// OpenTelemetry metrics (the product's <c>chat_*</c> instruments, ASP.NET Core, Npgsql) for Prometheus; traces of
    /// the message path with ASP.NET Core, Npgsql and Redis spans, exported by OTLP only when an endpoint is configured
    /// (without a listener no span is even created, so the hot path pays nothing); JSON logs in Production.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        services.AddSingleton<ChatMetrics>();
        services.AddHostedService<GaugeSnapshotService>();
        services.AddSingleton<HubObservabilityFilter>();
        services.Configure<HubOptions>(o => o.AddFilter<HubObservabilityFilter>());
        services.AddExceptionHandler<DependencyErrorCounter>();

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("chat-server"))
            .WithMetrics(m =>
            {
                m.AddMeter(ChatMetrics.MeterName, "Npgsql");
                m.AddAspNetCoreInstrumentation();
                m.AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
                {
                    m.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
                }
            });
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            telemetry.WithTracing(t => t
                .AddSource(ChatMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddNpgsql()
                .AddRedisInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint)));
        }

        if (options.JsonLogs ?? builder.Environment.IsProduction())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }

    /// <summary><c>/metrics</c> for Prometheus, answered only to the configured networks (404 to anyone else).</summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ObservabilityOptions>>().Value;
        string[] networks = options.MetricsAllowedNetworks is { Length: > 0 } configured ? configured : ["127.0.0.0/8", "::1/128"];
        var allowed = networks.Select(n => n.Contains('/', StringComparison.Ordinal) ? IPNetwork.Parse(n) : new IPNetwork(IPAddress.Parse(n), IPAddress.Parse(n).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)).ToArray();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == "/metrics"
            && context.Connection.RemoteIpAddress is { } remote
            && allowed.Any(n => n.Contains(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)));

        var metrics = app.Services.GetRequiredService<ChatMetrics>();
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>();
        redis.ConnectionFailed += (_, _) => metrics.DependencyError("redis");
        redis.InternalError += (_, _) => metrics.DependencyError("redis");
        return app;
    }

    /// <summary>Counts PostgreSQL and Redis errors behind failed REST requests; leaves the response to the next handler.</summary>
    private sealed class DependencyErrorCounter(ChatMetrics metrics) : IExceptionHandler
    {
        public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is NpgsqlException)
            {
                metrics.DependencyError("postgresql");
            }
            else if (exception is RedisException)
            {
                metrics.DependencyError("redis");
            }

            return ValueTask.FromResult(false);
        }
    }
}
