using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Metrics;

public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>How often live queue figures are pushed to watching supervisors.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a sample is stored for the charts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Samples older than this are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(8);
}
