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
}
