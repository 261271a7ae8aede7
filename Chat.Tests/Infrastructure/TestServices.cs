using Npgsql;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// Where the real Redis and PostgreSQL for tests are. scripts/test.sh starts them from redis.conf and a local
/// cluster and exports these variables; the defaults match `scripts/services.sh start test`.
/// </summary>
public static class TestServices
{
    public static string Redis { get; } =
        Environment.GetEnvironmentVariable("CHAT_TEST_REDIS") ?? "127.0.0.1:6390,abortConnect=false";

    public static string Postgres { get; } =
        Environment.GetEnvironmentVariable("CHAT_TEST_PG") ?? "Host=127.0.0.1;Port=5443;Username=chat;Database=chat;Maximum Pool Size=40";

    /// <summary>Redis's admin user, for the backup's snapshot of the append-only file (the app's user may not BGREWRITEAOF).</summary>
    public static string RedisAdmin { get; } =
        Environment.GetEnvironmentVariable("CHAT_TEST_REDIS_ADMIN") ?? Redis;
    /// <summary>The test mail server (smtp4dev from scripts/mail.sh): SMTP, and IMAP with the users "helpdesk" and "kotak".</summary>
    public static int SmtpPort { get; } = int.Parse(Environment.GetEnvironmentVariable("CHAT_TEST_SMTP_PORT") ?? "2535", System.Globalization.CultureInfo.InvariantCulture);

    public static int ImapPort { get; } = int.Parse(Environment.GetEnvironmentVariable("CHAT_TEST_IMAP_PORT") ?? "1153", System.Globalization.CultureInfo.InvariantCulture);

    public static string MailPassword { get; } = Environment.GetEnvironmentVariable("CHAT_TEST_MAIL_PASSWORD") ?? string.Empty;

    /// <summary>
    /// A self-signed certificate that encrypts the data-protection key ring at rest, as the run command's does;
    /// made once per test run in a folder only this user can read.
    /// </summary>
    public static (string Path, string Password) KeyRingCertificate { get; } = CreateKeyRingCertificate();

    private static (string Path, string Password) CreateKeyRingCertificate()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=chat tests data protection", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var folder = Directory.CreateTempSubdirectory("chat-keyring-");
        var path = System.IO.Path.Combine(folder.FullName, "dataprotection.pfx");
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, password));
        return (path, password);
    }

    /// <summary>The owner role (runs migrations, restores, creates test databases); the app role above may only insert into the audit log.</summary>
    public static string PostgresOwner { get; } =
        Environment.GetEnvironmentVariable("CHAT_TEST_PG_OWNER") ?? "Host=127.0.0.1;Port=5443;Username=chat_owner;Database=chat";

    /// <summary>The owner's connection string for the database that <paramref name="appConnectionString"/> names.</summary>
    public static string OwnerFor(string appConnectionString) =>
        new NpgsqlConnectionStringBuilder(PostgresOwner) { Database = new NpgsqlConnectionStringBuilder(appConnectionString).Database }.ConnectionString;

    /// <summary>Creates an empty database owned by the owner role; the server migrates it on start. Returns the app role's connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var owner = new NpgsqlConnectionStringBuilder(PostgresOwner);
        await using (var connection = OwnerConnection())
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER \"{owner.Username}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// An unpooled owner connection for the rare administrative statements: a pooled one may be a connection the
    /// fault tests' PostgreSQL restart already ended ("terminating connection due to administrator command").
    /// </summary>
    private static NpgsqlConnection OwnerConnection() =>
        new(new NpgsqlConnectionStringBuilder(PostgresOwner) { Pooling = false }.ConnectionString);

    public static async Task DropDatabaseAsync(string name)
    {
        await using var connection = OwnerConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Takes a test's own database away as an outage would look to the server (every connection dropped, new
    /// ones refused) or gives it back; other tests' databases are untouched.
    /// </summary>
    public static async Task SetDatabaseReachableAsync(string name, bool reachable)
    {
        await using var connection = OwnerConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(reachable ? "true" : "false")}", connection);
        await command.ExecuteNonQueryAsync();
        if (!reachable)
        {
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection);
            terminate.Parameters.AddWithValue("name", name);
            await terminate.ExecuteScalarAsync();
        }
    }

    /// <summary>A key prefix no other test uses, so each cluster has its own queue, presence and backplane.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A random tag of digits for a person's name in a test. Hex would not do: moderation reads digits inside words
    /// as letters, and one name in a few thousand ("be90…" = "bego") is rightly refused.
    /// </summary>
    public static string NameTag(int digits = 6) =>
        System.Security.Cryptography.RandomNumberGenerator.GetInt32((int)Math.Pow(10, digits - 1), (int)Math.Pow(10, digits)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
