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
        await using (var connection = new NpgsqlConnection(owner.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER \"{owner.Username}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresOwner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A key prefix no other test uses, so each cluster has its own queue, presence and backplane.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}
