using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Observability;

/// <summary>Metrics at /metrics, traces by OTLP, structured logs.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>Addresses or networks (CIDR) allowed to scrape <c>/metrics</c>; everyone else gets 404. Empty: loopback only.</summary>
    public string[] MetricsAllowedNetworks { get; set; } = [];

    /// <summary>OTLP endpoint for traces and metrics (e.g. <c>http://collector:4317</c>); none: traces are not exported.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How often queue and backup gauges are refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GaugeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Logs as one JSON object per line (default outside Development).</summary>
    public bool? JsonLogs { get; set; }
}
