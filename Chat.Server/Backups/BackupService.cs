using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Chat.Server.Audit;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Chat.Server.Backups;

/// <summary>What a restore did.</summary>
public enum RestoreOutcome
{
    Restored,
    RefusedNotEmpty,
    Failed,
}

/// <summary>
/// Makes a backup: pg_dump in custom format (a consistent snapshot that takes only ACCESS SHARE locks, so chat traffic
/// goes on), read back with <c>pg_restore --list</c>, checksummed, recorded and audited; Redis's append-only file is
/// rewritten and copied alongside; old generations are rotated out. Restores a dump into an empty database.
/// </summary>
public sealed class BackupService(
    BackupStore store,
    AuditLog audit,
    IOptions<RedisOptions> redisOptions,
    IOptions<BackupOptions> options,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    ILogger<BackupService> logger)
{
    private PostgresTools Tools => new(database.Value.OwnerConnectionString, options.Value.PostgresBinDir);

    public async Task<BackupRun> CreateAsync(string kind, CancellationToken ct)
    {
        var o = options.Value;
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var name = $"chat-{started.UtcDateTime:yyyyMMdd-HHmmss-fff}-{kind}";
        var dump = Path.Combine(o.Folder, name + ".dump");
        var partial = dump + ".partial";
        var run = new BackupRun { Id = Guid.CreateVersion7(), StartedAt = started, FinishedAt = started, Kind = kind, Ok = false };
        try
        {
            Directory.CreateDirectory(o.Folder);
            var dumped = await Tools.RunAsync("pg_dump", ["--format=custom", "--compress=6", "--file", partial], withDatabase: true, ct);
            if (!dumped.Ok)
            {
                throw new BackupException("pg_dump failed: " + dumped.Error.Trim());
            }

            var listed = await Tools.RunAsync("pg_restore", ["--list", partial], withDatabase: false, ct);
            if (!listed.Ok || !listed.Output.Contains("TABLE DATA", StringComparison.Ordinal))
            {
                throw new BackupException("pg_restore --list could not read the dump back: " + listed.Error.Trim());
            }

            File.Move(partial, dump);
            var sha = await Sha256Async(dump, ct);
            await File.WriteAllTextAsync(dump + ".sha256", $"{sha}  {Path.GetFileName(dump)}\n", ct);
            var redisFile = await SnapshotRedisAsync(Path.Combine(o.Folder, name + "-redis-aof.zip"), ct);
            run = run with
            {
                Ok = true,
                File = Path.GetFileName(dump),
                SizeBytes = new FileInfo(dump).Length,
                Sha256 = sha,
                RedisFile = redisFile.File,
                Error = redisFile.Problem,
                FinishedAt = started + clock.Elapsed,
            };
        }
        catch (Exception e) when (e is BackupException or IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }

            logger.LogError(e, "Backup {Backup} failed", name);
            run = run with { Error = e.Message, FinishedAt = started + clock.Elapsed };
        }

        await store.RecordAsync(run, ct);
        if (run.Ok)
        {
            logger.LogInformation("Backup {File} written: {Size} bytes in {Duration} ms, sha256 {Sha}", run.File, run.SizeBytes, clock.ElapsedMilliseconds, run.Sha256);
            await RotateAsync(ct);
        }

        return run;
    }

    /// <summary>The kind the schedule makes now: the first good backup of each ISO week (UTC) is weekly.</summary>
    public async Task<string> ScheduledKindAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var monday = (now - now.TimeOfDay).AddDays(-(((int)now.DayOfWeek + 6) % 7));
        return options.Value.KeepWeekly > 0 && !await store.HasWeeklySinceAsync(monday, ct) ? "weekly" : "daily";
    }

    public async Task<BackupStatus> StatusAsync(CancellationToken ct)
    {
        var last = await store.NewestAsync(okOnly: false, scheduledOnly: false, ct);
        var good = last is { Ok: true } ? last : await store.NewestAsync(okOnly: true, scheduledOnly: false, ct);
        var maxAge = options.Value.EffectiveMaxAge;
        var goodAt = good?.FinishedAt;
        return new BackupStatus(last?.ToRecord(), goodAt, maxAge, goodAt is null || time.GetUtcNow() - goodAt > maxAge);
    }

    /// <summary>
    /// Restores <paramref name="file"/> into the configured database. Refuses a database that already has tables unless
    /// <paramref name="force"/> (then the dump's objects are dropped and recreated). Migrations and grants run afterwards.
    /// </summary>
    public async Task<(RestoreOutcome Outcome, string Message)> RestoreAsync(string file, bool force, Migrator migrator, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            return (RestoreOutcome.Failed, $"no such file: {file}");
        }

        var sha = await Sha256Async(file, ct);
        if (File.Exists(file + ".sha256") && !(await File.ReadAllTextAsync(file + ".sha256", ct)).StartsWith(sha, StringComparison.Ordinal))
        {
            return (RestoreOutcome.Failed, $"checksum mismatch: {file} is not the file that was backed up (sha256 {sha})");
        }

        var listed = await Tools.RunAsync("pg_restore", ["--list", file], withDatabase: false, ct);
        if (!listed.Ok)
        {
            return (RestoreOutcome.Failed, "not a readable pg_dump archive: " + listed.Error.Trim());
        }

        int tables;
        await using (var connection = new NpgsqlConnection(database.Value.OwnerConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var count = new NpgsqlCommand("SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public'", connection);
            tables = (int)(await count.ExecuteScalarAsync(ct))!;
        }

        if (tables > 0 && !force)
        {
            return (RestoreOutcome.RefusedNotEmpty, $"database {Tools.Database} is not empty ({tables} tables); restore into an empty database, or pass --force to replace what the dump contains");
        }

        var clock = Stopwatch.StartNew();
        string[] args = tables > 0
            ? ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", "--clean", "--if-exists", file]
            : ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", file];
        var restored = await Tools.RunAsync("pg_restore", args, withDatabase: true, ct);
        if (!restored.Ok)
        {
            return (RestoreOutcome.Failed, "pg_restore failed: " + restored.Error.Trim());
        }

        await migrator.MigrateAsync(ct);
        await audit.AppendAsync(AuditEntry.Operator("backup.restore", null, new { file = Path.GetFileName(file), sha256 = sha, force, seconds = Math.Round(clock.Elapsed.TotalSeconds, 1) }), ct);
        return (RestoreOutcome.Restored, string.Create(CultureInfo.InvariantCulture, $"restored {Path.GetFileName(file)} into {Tools.Database} in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    private async Task RotateAsync(CancellationToken ct)
    {
        var o = options.Value;
        foreach (var (kind, keep) in new[] { ("daily", o.KeepDaily), ("weekly", o.KeepWeekly), ("manual", o.KeepManual) })
        {
            foreach (var old in await store.BeyondAsync(kind, keep, ct))
            {
                foreach (var path in new[] { old.File, old.File + ".sha256", old.RedisFile })
                {
                    if (!string.IsNullOrEmpty(path) && File.Exists(Path.Combine(o.Folder, path)))
                    {
                        File.Delete(Path.Combine(o.Folder, path));
                    }
                }

                await store.MarkRemovedAsync(old, time.GetUtcNow(), ct);
                logger.LogInformation("Backup {File} rotated out ({Kind}, keeping {Keep})", old.File, kind, keep);
            }
        }
    }

    /// <summary>
    /// Rewrites Redis's append-only file (BGREWRITEAOF) and zips its folder. Needs the folder to be readable from here
    /// and the app user to be allowed BGREWRITEAOF (else the current files are copied as they are); a problem is
    /// reported on the backup record but does not fail the PostgreSQL backup, which holds everything that must survive.
    /// </summary>
    private async Task<(string? File, string? Problem)> SnapshotRedisAsync(string target, CancellationToken ct)
    {
        try
        {
            // A connection of its own with admin commands allowed (and, when configured, an admin user): the app's
            // connection neither needs nor should have CONFIG and BGREWRITEAOF.
            await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisSnapshotRestore.AdminConfiguration(options.Value, redisOptions.Value));
            var server = redis.GetServers().FirstOrDefault(s => s.IsConnected) ?? throw new BackupException("Redis is not connected");
            var dir = options.Value.RedisDataDir;
            if (string.IsNullOrWhiteSpace(dir))
            {
                var found = await server.ConfigGetAsync("dir");
                dir = found.Length > 0 ? found[0].Value : throw new BackupException("Redis did not tell its data folder; set Backups:RedisDataDir");
            }

            var aof = Path.Combine(dir, "appendonlydir");
            if (!Directory.Exists(aof))
            {
                throw new BackupException($"no append-only folder at {aof}");
            }

            string? note = null;
            try
            {
                await server.ExecuteAsync("BGREWRITEAOF");
                for (var i = 0; i < 600 && (await server.InfoAsync("persistence")).SelectMany(g => g).Any(p => p.Key is "aof_rewrite_in_progress" or "aof_rewrite_scheduled" && p.Value != "0"); i++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
                }
            }
            catch (Exception e) when (e is RedisServerException or RedisCommandException)
            {
                note = "Redis AOF copied without a rewrite: " + e.Message;
            }

            File.Delete(target);
            ZipFile.CreateFromDirectory(aof, target, CompressionLevel.Optimal, includeBaseDirectory: true);
            return (Path.GetFileName(target), note);
        }
        catch (Exception e) when (e is BackupException or RedisException or RedisCommandException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Redis AOF not snapshotted: {Reason}", e.Message);
            return (null, "Redis AOF not snapshotted: " + e.Message);
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}

/// <summary>A backup step that failed, with a message for the operator.</summary>
public sealed class BackupException(string message) : Exception(message);
