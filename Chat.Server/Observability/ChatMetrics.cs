using System.Diagnostics;
using System.Diagnostics.Metrics;
using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Observability;

/// <summary>
/// The product's own instruments (meter <c>Chat.Server</c>), exported for Prometheus at <c>/metrics</c>. Recording is a
/// counter add or a histogram record with a few tags: cheap enough for the message path. Gauges read the snapshot
/// that <see cref="GaugeSnapshotService"/> refreshes, never Redis or PostgreSQL during a scrape.
/// </summary>
public sealed class ChatMetrics
{
    public const string MeterName = "Chat.Server";

    /// <summary>Spans of the message path (send, moderate, store, deliver) beside ASP.NET Core's, Npgsql's and Redis's.</summary>
    public static readonly ActivitySource Tracing = new(MeterName);

    private readonly UpDownCounter<long> connections;
    private readonly Counter<long> messages;
    private readonly Histogram<double> sendDuration;
    private readonly Histogram<double> moderationDuration;
    private readonly Histogram<double> assignmentWait;
    private readonly Counter<long> dependencyErrors;

    public ChatMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        connections = meter.CreateUpDownCounter<long>("chat_connections", description: "Open SignalR connections, per hub");
        messages = meter.CreateCounter<long>("chat_messages", description: "Messages stored, by sender role, moderation verdict and category");
        sendDuration = meter.CreateHistogram<double>("chat_send_duration", "s", "SendMessage from validation to delivery",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        moderationDuration = meter.CreateHistogram<double>("chat_moderation_duration", "s", "Moderation of one message",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1] });
        assignmentWait = meter.CreateHistogram<double>("chat_assignment_wait", "s", "Time a chat waited in the queue before an agent was assigned",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600] });
        dependencyErrors = meter.CreateCounter<long>("chat_dependency_errors", description: "Errors talking to PostgreSQL or Redis");
        meter.CreateObservableGauge("chat_queue_length", () => Snapshot.Topics.Select(t => new Measurement<int>(t.Waiting, new KeyValuePair<string, object?>("topic", t.Topic))),
            description: "Chats waiting, per topic");
        meter.CreateObservableGauge("chat_queue_oldest_wait", () => Snapshot.Topics.Select(t => new Measurement<int>(t.LongestWaitSeconds, new KeyValuePair<string, object?>("topic", t.Topic))),
            "s", "How long the oldest waiting chat has waited, per topic");
        meter.CreateObservableGauge("chat_backup_age", () => Snapshot.BackupAgeSeconds is { } age ? [new Measurement<double>(age)] : Array.Empty<Measurement<double>>(),
            "s", "Age of the newest good backup");
        meter.CreateObservableGauge("chat_backup_last_ok", () => Snapshot.LastBackupOk is { } ok ? [new Measurement<int>(ok ? 1 : 0)] : Array.Empty<Measurement<int>>(),
            description: "1 when the newest backup run succeeded");
    }

    /// <summary>What the gauges report; replaced whole by the snapshot service.</summary>
    public GaugeSnapshot Snapshot { get; set; } = new([], null, null);

    public void Connected(string hub) => connections.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void Disconnected(string hub) => connections.Add(-1, new KeyValuePair<string, object?>("hub", hub));

    public void MessageStored(SenderRole role, ModerationAction verdict, IReadOnlyList<string> categories, TimeSpan sendDuration, TimeSpan moderationDuration)
    {
        var roleName = role == SenderRole.Agent ? "agent" : "visitor";
        var verdictName = verdict switch
        {
            ModerationAction.Block => "block",
            ModerationAction.Mask => "mask",
            ModerationAction.Flag => "flag",
            _ => "allow",
        };
        messages.Add(1, new TagList { { "role", roleName }, { "verdict", verdictName }, { "category", categories.Count > 0 ? categories[0] : "none" } });
        this.sendDuration.Record(sendDuration.TotalSeconds, new KeyValuePair<string, object?>("role", roleName));
        this.moderationDuration.Record(moderationDuration.TotalSeconds);
    }

    public void Assigned(string topic, TimeSpan waited) => assignmentWait.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("topic", topic));

    public void DependencyError(string dependency) => dependencyErrors.Add(1, new KeyValuePair<string, object?>("dependency", dependency));
}

/// <summary>Per-topic queue figures and the backup state, as last read.</summary>
public sealed record GaugeSnapshot(IReadOnlyList<TopicQueueMetrics> Topics, double? BackupAgeSeconds, bool? LastBackupOk);
