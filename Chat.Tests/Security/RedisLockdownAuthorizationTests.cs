using Chat.Tests.Infrastructure;
using StackExchange.Redis;

namespace Chat.Tests.Security;

/// <summary>
/// Redis as the scripts run it: no usable default user, the app's user may not run administrative or destructive
/// commands, and the data-protection key ring (which seals every token) is stored encrypted.
/// </summary>
public sealed class RedisLockdownAuthorizationTests
{
    [Fact]
    public async Task ClientWithoutCredentialsIsRefused()
    {
        var anonymous = ConfigurationOptions.Parse(TestServices.Redis);
        anonymous.User = null;
        anonymous.Password = null;
        anonymous.AbortOnConnectFail = false;
        anonymous.ConnectTimeout = 2000;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(anonymous);

        var ping = () => redis.GetDatabase().PingAsync();
        await ping.Should().ThrowAsync<RedisException>();
    }

    [Fact]
    public async Task WrongPasswordIsRefused()
    {
        var guessing = ConfigurationOptions.Parse(TestServices.Redis);
        guessing.Password = "tebakan";
        guessing.AbortOnConnectFail = false;
        guessing.ConnectTimeout = 2000;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(guessing);

        var ping = () => redis.GetDatabase().PingAsync();
        await ping.Should().ThrowAsync<RedisException>();
    }

    [Theory]
    [InlineData("FLUSHALL")]
    [InlineData("FLUSHDB")]
    [InlineData("CONFIG", "SET", "appendonly", "no")]
    [InlineData("CONFIG", "GET", "*")]
    [InlineData("KEYS", "*")]
    [InlineData("DEBUG", "SLEEP", "0")]
    [InlineData("SHUTDOWN", "NOSAVE")]
    [InlineData("ACL", "SETUSER", "default", "on", "nopass", "+@all")]
    [InlineData("MONITOR")]
    [InlineData("CLIENT", "KILL", "TYPE", "normal")]
    public async Task AppUserMayNotRunDangerousCommands(string command, params string[] args)
    {
        var app = ConfigurationOptions.Parse(TestServices.Redis);
        app.AllowAdmin = true;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(app);
        var db = redis.GetDatabase();
        (await db.PingAsync()).Should().BeGreaterThan(TimeSpan.Zero, "the app user itself is let in");

        var run = () => db.ExecuteAsync(command, args.Cast<object>().ToArray());
        // ACL answers NOPERM; DEBUG is refused even before the ACL check, as redis.conf leaves it disabled.
        (await run.Should().ThrowAsync<RedisServerException>()).Which.Message.Should().MatchRegex("NOPERM|not allowed");
    }

    [Fact]
    public async Task KeyRingInRedisIsNotPlaintext()
    {
        await using var cluster = await ChatCluster.StartAsync();
        var visitor = await cluster.RegisterVisitorAsync();
        visitor.Token.Should().NotBeNullOrEmpty();

        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var entries = await redis.GetDatabase().ListRangeAsync(cluster.Prefix + ":dataprotection");
        entries.Should().NotBeEmpty("issuing a token created a key");
        foreach (var entry in entries.Select(e => e.ToString()))
        {
            entry.Should().Contain("EncryptedData", "the key is encrypted with the certificate");
            entry.Should().NotContain("<masterKey", "the key material must not be readable");
        }
    }
}
