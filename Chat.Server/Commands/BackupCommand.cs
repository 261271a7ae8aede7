using System.Globalization;
using Chat.Server.Audit;
using Chat.Server.Backups;
using Chat.Server.Infrastructure;

namespace Chat.Server.Commands;

/// <summary>
/// <c>backup create</c> (exit 0 when the dump was written and read back, 1 when not), <c>backup list</c>, and
/// <c>backup restore FILE [--force] [--redis]</c> (0 restored, 1 failed, 3 refused: the database or Redis is not empty).
/// FILE is a dump (with <c>--redis</c>, the Redis snapshot beside it is restored too) or a <c>…-redis-aof.zip</c>
/// alone. The command runs as the owner role (Database:MigrationConnectionString) with the server's configuration.
/// </summary>
internal static class BackupCommand
{
    private const string Usage = "usage: Chat.Server backup create | backup list | backup restore FILE [--force] [--redis]";

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args)
        {
            case ["create"]:
            {
                await using var app = Host();
                await app.Services.GetRequiredService<Migrator>().MigrateAsync();
                var run = await app.Services.GetRequiredService<BackupService>().CreateAsync("manual", CancellationToken.None);
                if (!run.Ok)
                {
                    await Console.Error.WriteLineAsync("backup failed: " + run.Error);
                    return 1;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"backup ok: {run.File} {run.SizeBytes} bytes sha256 {run.Sha256} in {(run.FinishedAt - run.StartedAt).TotalSeconds:0.0} s"));
                if (run.RedisFile is not null)
                {
                    Console.WriteLine("redis: " + run.RedisFile);
                }

                if (run.Error is not null)
                {
                    await Console.Error.WriteLineAsync("warning: " + run.Error);
                }

                return 0;
            }

            case ["list"]:
            {
                await using var app = Host();
                var runs = await app.Services.GetRequiredService<BackupStore>().ListAsync(includeRemoved: false, 200, CancellationToken.None);
                Console.WriteLine("started (UTC)         kind    result  size (bytes)  sha256            file");
                foreach (var r in runs)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.StartedAt:yyyy-MM-dd HH:mm:ss}   {r.Kind,-7} {(r.Ok ? "ok" : "FAILED"),-7} {r.SizeBytes,12}  {(r.Sha256 ?? "-")[..Math.Min(16, (r.Sha256 ?? "-").Length)],-16}  {r.File ?? r.Error}"));
                }

                return 0;
            }

            case ["restore", var file, .. var rest] when rest.All(a => a is "--force" or "--redis"):
                return await RestoreAsync(Path.GetFullPath(file), rest.Contains("--force"), rest.Contains("--redis"));

            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> RestoreAsync(string file, bool force, bool withRedis)
    {
        await using var app = Host();
        var redis = app.Services.GetRequiredService<RedisSnapshotRestore>();
        if (file.EndsWith(RedisSnapshotRestore.Suffix, StringComparison.Ordinal))
        {
            return await ReportAsync(await redis.RestoreAsync(file, force, CancellationToken.None));
        }

        var snapshot = RedisSnapshotRestore.SnapshotBeside(file);
        if (withRedis)
        {
            // Both targets are checked before either is touched: a refused Redis must not leave a restored database behind.
            if (!File.Exists(snapshot))
            {
                return await ReportAsync((RestoreOutcome.Failed, $"no Redis snapshot beside the dump: {snapshot} (the backup's record says why, see backup list)"));
            }

            if (await redis.CheckTargetAsync(force, CancellationToken.None) is { } refused)
            {
                return await ReportAsync(refused);
            }
        }

        var restored = await app.Services.GetRequiredService<BackupService>().RestoreAsync(file, force, app.Services.GetRequiredService<Migrator>(), CancellationToken.None);
        if (restored.Outcome != RestoreOutcome.Restored || !withRedis)
        {
            var code = await ReportAsync(restored);
            if (code == 0 && File.Exists(snapshot))
            {
                Console.WriteLine($"Redis not restored: its key ring seals sign-ins and two-factor secrets; run backup restore {snapshot} (see docs/OPERATIONS.md)");
            }

            return code;
        }

        Console.WriteLine(restored.Message);
        return await ReportAsync(await redis.RestoreAsync(snapshot, force, CancellationToken.None));
    }

    private static async Task<int> ReportAsync((RestoreOutcome Outcome, string Message) result)
    {
        if (result.Outcome == RestoreOutcome.Restored)
        {
            Console.WriteLine(result.Message);
        }
        else
        {
            await Console.Error.WriteLineAsync(result.Message);
        }

        return result.Outcome switch
        {
            RestoreOutcome.Restored => 0,
            RestoreOutcome.RefusedNotEmpty => 3,
            _ => 1,
        };
    }

    private static WebApplication Host() => CommandHost.Build(b => b.AddAudit().AddBackups(schedule: false));
}
