using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Retention;

/// <summary>How long a visitor's conversations and tickets are kept before the visitor is anonymised.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Whether this instance applies retention daily (one instance at a time, under a lock).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A visitor with no conversation, ticket or account change for this many months is anonymised.</summary>
    [Range(1, 240)]
    public int Months { get; set; } = 24;

    /// <summary>Also replace the text of the visitor's messages and ticket entries (default: the text is kept, names are not).</summary>
    public bool RemoveMessageText { get; set; }

    /// <summary>How often retention runs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);
}
