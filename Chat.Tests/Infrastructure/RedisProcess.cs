using System.Diagnostics;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// A Redis of a test's own (the repository's redis.conf, ACL users like scripts/services.sh makes, a free port and
/// a data folder with the append-only file), for tests that stop and restart Redis without touching anyone else's.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string folder;
    private readonly string appPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string adminPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private Process? process;

    private RedisProcess(string folder, int port)
    {
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The app's user, as Chat.Server's <c>Redis:Configuration</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port},user=chat,password={appPassword},abortConnect=false";

    public string AdminConfiguration => $"127.0.0.1:{Port},user=admin,password={adminPassword},abortConnect=false";

    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess(Directory.CreateTempSubdirectory("chat-redis-").FullName, ServerProcess.FreePort());
        await File.WriteAllTextAsync(Path.Combine(redis.folder, "users.acl"),
            $"user default off\nuser chat on >{redis.appPassword} ~* &* +@all -@dangerous +info +role\nuser admin on >{redis.adminPassword} ~* &* +@all\n");
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts Redis (again) on the same port and data folder: what was written to the append-only file comes back.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            Path.Combine(ServerCommand.RepositoryRoot, "redis.conf"), "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--dir", folder, "--aclfile", Path.Combine(folder, "users.acl"), "--daemonize", "no", "--logfile", Path.Combine(folder, "redis.log"),
        })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    await using var probe = await ConnectionMultiplexer.ConnectAsync(AdminConfiguration + ",connectTimeout=1000");
                    return probe.IsConnected && (await probe.GetDatabase().PingAsync()) > TimeSpan.Zero;
                }
                catch (RedisConnectionException)
                {
                    return false;
                }
                catch (RedisServerException e) when (e.Message.StartsWith("LOADING", StringComparison.Ordinal))
                {
                    // Up, but still reading its append-only file: not ready yet.
                    return false;
                }
            },
            up => up,
            $"Redis on port {Port}",
            TimeSpan.FromSeconds(30));
    }

    /// <summary>SHUTDOWN as an operator's restart does it (the append-only file is flushed); waits for the process to end.</summary>
    public async Task StopAsync()
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        try
        {
            await using var admin = await ConnectionMultiplexer.ConnectAsync(AdminConfiguration);
            await admin.GetDatabase().ExecuteAsync("SHUTDOWN");
        }
        catch (RedisConnectionException)
        {
            // The connection drops as Redis goes away: that is the shutdown working.
        }

        using var bound = new CancellationTokenSource(Wait.Timeout);
        await process.WaitForExitAsync(bound.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
