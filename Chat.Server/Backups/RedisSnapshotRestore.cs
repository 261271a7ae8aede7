using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Chat.Server.Audit;
using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Backups;

/// <summary>
/// Puts a backup's Redis snapshot (<c>…-redis-aof.zip</c>, the append-only folder) back. Redis is worth restoring
/// with the database: besides the queue and presence (which rebuild themselves from PostgreSQL and the agents'
/// heartbeats) it holds the data-protection key ring, and that key ring seals not only every sign-in but also the
/// staff's two-factor secrets and the sign-in codes waiting in the mail outbox, which are stored in PostgreSQL.
/// <list type="bullet">
/// <item>Into a running Redis: it must be empty (or <c>force</c>). A private <c>redis-server</c> on a loopback port
/// reads the snapshot, as Redis itself loads it, and every key goes over with <c>DUMP</c>/<c>RESTORE</c> and its
/// remaining time to live; keys of the same name are replaced.</item>
/// <item>Into a stopped Redis: the folder is unpacked into <c>Backups:RedisDataDir</c>, which must not already hold an
/// append-only folder (or <c>force</c>: the old one is moved aside); Redis loads it when it starts.</item>
/// </list>
/// </summary>
public sealed class RedisSnapshotRestore(
    AuditLog audit,
    IOptions<RedisOptions> redisOptions,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<RedisSnapshotRestore> logger)
{
    public const string Suffix = "-redis-aof.zip";

    private const string Folder = "appendonlydir";

    /// <summary>The snapshot a backup wrote beside <paramref name="dump"/>.</summary>
    public static string SnapshotBeside(string dump) =>
        Path.Combine(Path.GetDirectoryName(dump) ?? ".", Path.GetFileNameWithoutExtension(dump) + Suffix);

    /// <summary>The admin connection of backups and restores: a user allowed CONFIG, BGREWRITEAOF and RESTORE.</summary>
    internal static ConfigurationOptions AdminConfiguration(BackupOptions backup, RedisOptions redis)
    {
        var config = ConfigurationOptions.Parse(backup.RedisConfiguration ?? redis.Configuration);
        if (!string.IsNullOrEmpty(redis.TrustedCaPath))
        {
            config.TrustIssuer(redis.TrustedCaPath);
        }

        config.AllowAdmin = true;
        config.AbortOnConnectFail = false;
        return config;
    }

    /// <summary>Null when the configured Redis may receive the snapshot now; otherwise why not (refused or failed).</summary>
    public async Task<(RestoreOutcome Outcome, string Message)?> CheckTargetAsync(bool force, CancellationToken ct)
    {
        await using var redis = await ConnectAsync(ct);
        return await CheckAsync(redis, force, ct) is { Refusal: { } refusal } ? refusal : null;
    }

    public async Task<(RestoreOutcome Outcome, string Message)> RestoreAsync(string zip, bool force, CancellationToken ct)
    {
        if (!File.Exists(zip))
        {
            return (RestoreOutcome.Failed, $"no such file: {zip}");
        }

        string aofName;
        try
        {
            aofName = AofName(zip);
        }
        catch (InvalidDataException e)
        {
            return (RestoreOutcome.Failed, $"{Path.GetFileName(zip)} is not a Redis snapshot of a backup: {e.Message}");
        }

        try
        {
            await using var redis = await ConnectAsync(ct);
            var target = await CheckAsync(redis, force, ct);
            if (target.Refusal is { } refusal)
            {
                return refusal;
            }

            var clock = Stopwatch.StartNew();
            long keys = 0;
            string into, message;
            if (target.Server is { } server)
            {
                keys = await LoadIntoRunningAsync(zip, aofName, redis, server, ct);
                into = "running";
                message = string.Create(CultureInfo.InvariantCulture, $"restored {keys} Redis keys from {Path.GetFileName(zip)} in {clock.Elapsed.TotalSeconds:0.0} s");
            }
            else
            {
                var moved = UnpackIntoStopped(zip, force);
                into = "stopped";
                message = $"unpacked {Path.GetFileName(zip)} into {Path.Combine(DataDir!, Folder)} (appendfilename \"{aofName}\"){moved}; " +
                    "start Redis now: it loads the snapshot (the files must belong to the user Redis runs as)";
            }

            try
            {
                await audit.AppendAsync(AuditEntry.Operator("backup.restore.redis", null, new { file = Path.GetFileName(zip), into, keys, force }), ct);
            }
            catch (Npgsql.NpgsqlException e)
            {
                return (RestoreOutcome.Failed, message + "; but the audit entry could not be written: " + e.Message);
            }

            logger.LogInformation("Redis snapshot {File} restored into a {Into} Redis", Path.GetFileName(zip), into);
            return (RestoreOutcome.Restored, message);
        }
        catch (Exception e) when (e is RedisException or IOException or UnauthorizedAccessException or InvalidDataException or BackupException or System.ComponentModel.Win32Exception)
        {
            return (RestoreOutcome.Failed, "Redis not restored: " + e.Message);
        }
    }

    private string? DataDir => string.IsNullOrWhiteSpace(options.Value.RedisDataDir) ? null : options.Value.RedisDataDir;

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken ct)
    {
        var config = AdminConfiguration(options.Value, redisOptions.Value);
        config.ConnectRetry = 1;
        ct.ThrowIfCancellationRequested();
        return await ConnectionMultiplexer.ConnectAsync(config);
    }

    private sealed record Target(IServer? Server, (RestoreOutcome Outcome, string Message)? Refusal);

    private async Task<Target> CheckAsync(ConnectionMultiplexer redis, bool force, CancellationToken ct)
    {
        if (redis.GetServers().FirstOrDefault(s => s.IsConnected) is { } server)
        {
            var keys = CountKeys(await server.InfoAsync("keyspace"));
            return keys > 0 && !force
                ? new Target(server, (RestoreOutcome.RefusedNotEmpty, $"Redis at {server.EndPoint} holds {keys} keys; restore into an empty (or stopped) Redis, or pass --force to replace the keys the snapshot holds"))
                : new Target(server, null);
        }

        var endpoint = redis.GetEndPoints().FirstOrDefault();
        if (endpoint is not null && await AnswersAsync(endpoint, ct))
        {
            // Something listens there, but not to us: never unpack files under a Redis that is running.
            return new Target(null, (RestoreOutcome.Failed, $"Redis at {endpoint} answers but the connection failed ({redis.GetStatus().Trim()}); check Backups:RedisConfiguration"));
        }

        if (DataDir is null)
        {
            return new Target(null, (RestoreOutcome.Failed, $"Redis at {endpoint} is not reachable; start it, or set Backups:RedisDataDir to restore into it while it is stopped"));
        }

        var existing = Path.Combine(DataDir, Folder);
        return Directory.Exists(existing) && Directory.EnumerateFileSystemEntries(existing).Any() && !force
            ? new Target(null, (RestoreOutcome.RefusedNotEmpty, $"{existing} already holds an append-only file; pass --force to move it aside and unpack the snapshot"))
            : new Target(null, null);
    }

    private static long CountKeys(IGrouping<string, KeyValuePair<string, string>>[] info) =>
        info.SelectMany(g => g)
            .Where(p => p.Key.StartsWith("db", StringComparison.Ordinal))
            .Sum(p => p.Value.Split(',').Select(part => part.Split('=')).Where(kv => kv is ["keys", _]).Sum(kv => long.Parse(kv[1], CultureInfo.InvariantCulture)));

    private static async Task<bool> AnswersAsync(EndPoint endpoint, CancellationToken ct)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(endpoint, bound.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The append-only file's name (Redis's <c>appendfilename</c>), from the manifest in the snapshot.</summary>
    private static string AofName(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        var manifest = archive.Entries.FirstOrDefault(e => e.FullName.StartsWith(Folder + "/", StringComparison.Ordinal) && e.Name.EndsWith(".manifest", StringComparison.Ordinal))
            ?? throw new InvalidDataException($"no {Folder}/*.manifest in it");
        if (archive.Entries.Any(e => !e.FullName.StartsWith(Folder + "/", StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"it holds files outside {Folder}/");
        }

        return manifest.Name[..^".manifest".Length];
    }

    private string UnpackIntoStopped(string zip, bool force)
    {
        var existing = Path.Combine(DataDir!, Folder);
        var moved = string.Empty;
        if (Directory.Exists(existing) && Directory.EnumerateFileSystemEntries(existing).Any())
        {
            if (!force)
            {
                throw new BackupException($"{existing} already holds an append-only file");
            }

            var aside = existing + ".replaced-" + time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            Directory.Move(existing, aside);
            moved = $"; the old folder is now {aside}";
        }
        else if (Directory.Exists(existing))
        {
            Directory.Delete(existing);
        }

        ZipFile.ExtractToDirectory(zip, DataDir!);
        return moved;
    }

    /// <summary>Starts a private redis-server on the snapshot and copies every key into the configured Redis; the number of keys.</summary>
    private async Task<long> LoadIntoRunningAsync(string zip, string aofName, ConnectionMultiplexer target, IServer targetServer, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("chat-redis-restore-");
        Process? helper = null;
        try
        {
            ZipFile.ExtractToDirectory(zip, folder.FullName);
            var port = FreePort();
            var start = new ProcessStartInfo(options.Value.RedisServerPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "yes",
                         "--dir", folder.FullName, "--appendonly", "yes", "--appenddirname", Folder, "--appendfilename", aofName, "--appendfsync", "no",
                         "--save", string.Empty, "--daemonize", "no", "--logfile", Path.Combine(folder.FullName, "redis.log")])
            {
                start.ArgumentList.Add(arg);
            }

            try
            {
                helper = Process.Start(start) ?? throw new BackupException($"{options.Value.RedisServerPath} did not start");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new BackupException($"{options.Value.RedisServerPath} cannot be started ({e.Message}); install redis-server or set Backups:RedisServerPath");
            }

            helper.OutputDataReceived += (_, _) => { };
            helper.ErrorDataReceived += (_, _) => { };
            helper.BeginOutputReadLine();
            helper.BeginErrorReadLine();

            await using var source = await ReadyAsync(port, helper, folder.FullName, ct);
            var sourceServer = source.GetServer("127.0.0.1", port);
            long keys = 0;
            foreach (var db in (await sourceServer.InfoAsync("keyspace")).SelectMany(g => g).Where(p => p.Key.StartsWith("db", StringComparison.Ordinal)))
            {
                var index = int.Parse(db.Key[2..], CultureInfo.InvariantCulture);
                var from = source.GetDatabase(index);
                var to = target.GetDatabase(index);
                await foreach (var key in sourceServer.KeysAsync(index, pageSize: 1000).WithCancellation(ct))
                {
                    var payload = await from.KeyDumpAsync(key);
                    if (payload is null)
                    {
                        continue; // expired while copying
                    }

                    var ttl = await from.KeyTimeToLiveAsync(key);
                    var ms = ttl is { } left ? Math.Max(1L, (long)left.TotalMilliseconds) : 0L;
                    await to.ExecuteAsync("RESTORE", key, ms, payload, "REPLACE");
                    keys++;
                }
            }

            logger.LogInformation("Copied {Keys} keys into Redis at {EndPoint}", keys, targetServer.EndPoint);
            try
            {
                await source.GetDatabase().ExecuteAsync("SHUTDOWN", "NOSAVE");
            }
            catch (RedisConnectionException)
            {
                // The connection drops as the private server goes away.
            }

            return keys;
        }
        finally
        {
            if (helper is not null)
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await helper.WaitForExitAsync(bound.Token);
                }
                catch (OperationCanceledException)
                {
                    helper.Kill();
                }

                helper.Dispose();
            }

            folder.Delete(recursive: true);
        }
    }

    /// <summary>Connects to the private server once it has loaded the snapshot (it answers LOADING until then).</summary>
    private async Task<ConnectionMultiplexer> ReadyAsync(int port, Process helper, string folder, CancellationToken ct)
    {
        var config = new ConfigurationOptions { EndPoints = { { IPAddress.Loopback, port } }, AllowAdmin = true, AbortOnConnectFail = false, ConnectTimeout = 2000 };
        var deadline = time.GetUtcNow() + TimeSpan.FromMinutes(5);
        while (true)
        {
            if (helper.HasExited)
            {
                var log = Path.Combine(folder, "redis.log");
                throw new BackupException("redis-server could not load the snapshot: " +
                    (File.Exists(log) ? string.Join(" / ", (await File.ReadAllLinesAsync(log, ct)).TakeLast(3)) : $"exit code {helper.ExitCode}"));
            }

            ConnectionMultiplexer? redis = null;
            try
            {
                redis = await ConnectionMultiplexer.ConnectAsync(config);
                if (redis.IsConnected && await redis.GetDatabase().PingAsync() > TimeSpan.Zero)
                {
                    var ready = redis;
                    redis = null;
                    return ready;
                }
            }
            catch (RedisServerException e) when (e.Message.StartsWith("LOADING", StringComparison.Ordinal))
            {
                // Still reading the snapshot.
            }
            catch (RedisConnectionException)
            {
                // Not listening yet.
            }
            finally
            {
                if (redis is not null)
                {
                    await redis.DisposeAsync();
                }
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new BackupException("redis-server did not load the snapshot within 5 minutes");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
