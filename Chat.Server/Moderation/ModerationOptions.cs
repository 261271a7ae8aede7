using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Moderation;

public sealed class ModerationOptions
{
    public const string Section = "Moderation";

    /// <summary>Optional folder of <c>*.lex</c> files that replace (same name) or extend the built-in lexicons; watched for changes.</summary>
    public string? LexiconDirectory { get; set; }

    /// <summary>
    /// The learned layer (a model scored on visitors' messages beside the lexicons; its score blocks only through a
    /// rule that pairs it with a believable role, alone it flags); off leaves lexicons and rules only. Off by default:
    /// on the corpus's held-out part it withholds 1.7% of benign lines the rules deliver, and one short everyday
    /// message in twelve ("foto sudah saya kirim", "nomor wa admin berapa?"), because "foto", "kamu" or "telepon" are
    /// believable roles for its scores (docs/MODERATION.md, 2026-12-02).
    /// </summary>
    public bool LearnedLayer { get; set; }

    /// <summary>Optional model file that replaces the built-in one (written by <c>moderate train --out</c>); watched for changes.</summary>
    public string? ModelPath { get; set; }

    /// <summary>How long a strike counts (decay).</summary>
    public TimeSpan StrikeWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Strike points within the window that end the chat.</summary>
    [Range(1, 1000)]
    public int TerminateAt { get; set; } = 3;

    /// <summary>Strike points within the window that suspend the account (and end the chat).</summary>
    [Range(1, 1000)]
    public int SuspendAt { get; set; } = 6;

    /// <summary>Length of a suspension; zero means until a supervisor lifts it.</summary>
    public TimeSpan SuspensionDuration { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Points for a blocked message in clause 1 (SARA, pornography, fraud).</summary>
    [Range(0, 100)]
    public int SeverePoints { get; set; } = 3;

    /// <summary>Points for any other blocked message.</summary>
    [Range(0, 100)]
    public int BlockPoints { get; set; } = 2;

    /// <summary>Points for a masked message.</summary>
    [Range(0, 100)]
    public int MaskPoints { get; set; } = 1;

    /// <summary>Messages per <see cref="FloodWindow"/> above which a visitor's messages are blocked as flooding.</summary>
    [Range(1, 1000)]
    public int FloodMessages { get; set; } = 30;

    public TimeSpan FloodWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The same message (after normalisation) this many times within <see cref="RepeatWindow"/> is spam.</summary>
    [Range(2, 1000)]
    public int RepeatLimit { get; set; } = 3;

    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Shorter messages ("halo", "p") are not counted as repeats: people nudge a silent chat.</summary>
    [Range(1, 1000)]
    public int RepeatMinLength { get; set; } = 12;

    /// <summary>Links per <see cref="LinkWindow"/> above which messages with links are blocked.</summary>
    [Range(1, 1000)]
    public int LinkBurst { get; set; } = 4;

    public TimeSpan LinkWindow { get; set; } = TimeSpan.FromMinutes(1);
}
