using System.Globalization;
using Chat.Server.Attachments;
using Chat.Server.Audit;
using Chat.Server.Infrastructure;
using Chat.Server.Retention;

namespace Chat.Server.Commands;

/// <summary><c>retention [--dry-run]</c>: anonymises visitors past the retention period now, or reports what it would change.</summary>
internal static class RetentionCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ([] or ["--dry-run"]))
        {
            await Console.Error.WriteLineAsync("usage: Chat.Server retention [--dry-run]");
            return 2;
        }

        var dryRun = args is ["--dry-run"];
        await using var app = CommandHost.Build(b => b.AddAudit().AddAttachments().AddRetention(schedule: false));
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        var r = await app.Services.GetRequiredService<RetentionStore>().ApplyAsync(dryRun, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(dryRun ? "dry run, nothing changed: would anonymise" : "anonymised")} {r.Visitors} visitors with activity before {r.Cutoff:yyyy-MM-dd}: " +
            $"{r.Conversations} conversations, {r.Messages} messages (text {(r.TextRemoved ? "removed" : "kept")}), {r.Tickets} tickets, {r.Files} files; {r.Held} held by an open disclosure request"));
        return 0;
    }
}
