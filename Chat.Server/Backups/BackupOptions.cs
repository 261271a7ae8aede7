using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Backups;

/// <summary>Scheduled logical backups of PostgreSQL (pg_dump custom format) with Redis's append-only file alongside.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backups";

    /// <summary>Whether this instance takes part in the schedule (one instance at a time runs it, under a lock).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder the dumps are written to; create it on a disk other than PostgreSQL's and copy it off the machine.</summary>
    [Required]
    public string Folder { get; set; } = "/var/backups/chat";

    /// <summary>A scheduled backup runs when the newest good one is older than this.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the schedule is checked (and a failed backup retried).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Daily generations kept.</summary>
    [Range(1, 366)]
    public int KeepDaily { get; set; } = 7;

    /// <summary>Weekly generations kept (the first backup of each ISO week is weekly).</summary>
    [Range(0, 520)]
    public int KeepWeekly { get; set; } = 4;

    /// <summary>Backups made by hand (<c>backup create</c>) kept.</summary>
    [Range(1, 100)]
    public int KeepManual { get; set; } = 5;

    /// <summary>
    /// Folder of pg_dump and pg_restore. Empty: <c>/usr/lib/postgresql/MAJOR/bin</c> for the server's own major version,
    /// so the dump is always readable by the server it came from.
    /// </summary>
    public string? PostgresBinDir { get; set; }

    /// <summary>Redis's data folder (with <c>appendonlydir</c>). Empty: asked from Redis (<c>CONFIG GET dir</c>) when the app user may.</summary>
    public string? RedisDataDir { get; set; }

    /// <summary>
    /// StackExchange.Redis configuration for the snapshot (a user allowed CONFIG GET and BGREWRITEAOF, when the app's
    /// own user is not). Empty: the app's Redis:Configuration, with admin commands enabled for that one connection.
    /// </summary>
    public string? RedisConfiguration { get; set; }

    /// <summary>
    /// The redis-server that reads a snapshot when <c>backup restore --redis</c> loads it into a running Redis (the same
    /// version as the server, or older than it). Found on the PATH unless set.
    /// </summary>
    [Required]
    public string RedisServerPath { get; set; } = "redis-server";

    /// <summary>The dashboard warns when the newest good backup is older than this (default: interval plus a grace of 2 hours).</summary>
    public TimeSpan? MaxAge { get; set; }

    public TimeSpan EffectiveMaxAge => MaxAge ?? Interval + TimeSpan.FromHours(2);
}
