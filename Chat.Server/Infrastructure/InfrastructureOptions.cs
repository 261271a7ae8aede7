using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Infrastructure;

/// <summary>Redis: backplane, routing state, presence, data-protection keys.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    [Required]
    public string Configuration { get; set; } = "127.0.0.1:6380,abortConnect=false";

    /// <summary>Prefix of every key and channel; separate deployments (or test runs) sharing a server use different prefixes.</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9_-]{1,40}$")]
    public string KeyPrefix { get; set; } = "chat";
}

/// <summary>PostgreSQL.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [Required]
    public string ConnectionString { get; set; } = "Host=127.0.0.1;Port=5433;Username=chat;Database=chat";

    /// <summary>
    /// The owner role that applies migrations (and restores backups). When set, the application's role gets only the
    /// privileges it needs, and may insert into the audit log but not change or delete it. When empty, migrations run
    /// as the application's role and the audit log is not protected from it (a warning is logged).
    /// </summary>
    public string? MigrationConnectionString { get; set; }

    public string OwnerConnectionString => string.IsNullOrWhiteSpace(MigrationConnectionString) ? ConnectionString : MigrationConnectionString;
}
