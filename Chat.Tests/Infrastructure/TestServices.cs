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

    /// <summary>A key prefix no other test uses, so each cluster has its own queue, presence and backplane.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}
