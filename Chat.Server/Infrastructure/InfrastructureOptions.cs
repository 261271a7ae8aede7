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

    /// <summary>
    /// PEM file of the certificate authority that signed the Redis server's TLS certificate, when it is a private one.
    /// TLS itself is turned on in <see cref="Configuration"/> (<c>ssl=true,sslHost=…</c>).
    /// </summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>The configuration string parsed, with the options every connection of the app shares.</summary>
    public StackExchange.Redis.ConfigurationOptions ToConfigurationOptions()
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        if (!string.IsNullOrEmpty(TrustedCaPath))
        {
            options.TrustIssuer(TrustedCaPath);
        }

        return options;
    }
}

/// <summary>The data-protection key ring (it seals every bearer token) is encrypted at rest with this certificate.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>PKCS#12 file with the certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Refuse to start without a certificate; only Development may keep the key ring unencrypted.</summary>
    public bool RequireCertificate { get; set; } = true;
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
