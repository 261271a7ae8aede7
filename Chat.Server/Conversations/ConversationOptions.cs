using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Conversations;

public sealed class ConversationOptions
{
    public const string Section = "Conversations";

    /// <summary>Longest message in characters.</summary>
    [Range(1, 20_000)]
    public int MaxMessageLength { get; set; } = 2000;

    /// <summary>Messages one sender may send per <see cref="RateWindow"/> before being refused (flooding).</summary>
    [Range(1, 1000)]
    public int RateLimit { get; set; } = 12;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most messages returned by one replay call.</summary>
    [Range(10, 5000)]
    public int ReplayPageSize { get; set; } = 500;

    /// <summary>Messages in progress on one instance before new ones are refused with <c>overloaded</c>.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentSends { get; set; } = 256;

    /// <summary>
    /// Chats being started at once on one instance before new ones are refused with <c>overloaded</c>. Each start holds
    /// at most one database connection at a time, so this stays well below the pool (Maximum Pool Size, 100).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentStarts { get; set; } = 32;

    /// <summary>The wait a refused sender is told before trying again.</summary>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><see cref="OverloadRetryAfter"/> in whole seconds, at least one, as a refusal states it.</summary>
    public int OverloadRetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(OverloadRetryAfter.TotalSeconds));

    /// <summary>Most messages stored in one commit (group commit).</summary>
    [Range(1, 1000)]
    public int CommitBatch { get; set; } = 100;

    /// <summary>Writers storing batches side by side (each holds one PostgreSQL connection while it writes).</summary>
    [Range(1, 16)]
    public int CommitWriters { get; set; } = 2;
}
