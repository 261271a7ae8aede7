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

    /// <summary>The test mail server (smtp4dev from scripts/mail.sh): SMTP, and IMAP with the users "helpdesk" and "kotak".</summary>
    public static int SmtpPort { get; } = int.Parse(Environment.GetEnvironmentVariable("CHAT_TEST_SMTP_PORT") ?? "2535", System.Globalization.CultureInfo.InvariantCulture);

    public static int ImapPort { get; } = int.Parse(Environment.GetEnvironmentVariable("CHAT_TEST_IMAP_PORT") ?? "1153", System.Globalization.CultureInfo.InvariantCulture);

    public static string MailPassword { get; } = Environment.GetEnvironmentVariable("CHAT_TEST_MAIL_PASSWORD") ?? string.Empty;

    /// <summary>A key prefix no other test uses, so each cluster has its own queue, presence and backplane.</summary>
    /// <summary>Creates an empty database owned by the test role; the server migrates it on start.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(Postgres);
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER \"{builder.Username}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        builder.Database = name;
        return builder.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}
