using Chat.Server.Audit;
using Chat.Server.Infrastructure;

namespace Chat.Server.Commands;

/// <summary>
/// <c>Chat.Server audit verify</c>: recomputes the audit log's hash chain. Prints <c>audit chain ok: N entries</c> and
/// exits 0, or names the first entry that does not match and exits 1.
/// </summary>
internal static class AuditCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["verify"])
        {
            await Console.Error.WriteLineAsync("usage: Chat.Server audit verify");
            return 2;
        }

        await using var app = CommandHost.Build(b => b.AddAudit());
        var result = await app.Services.GetRequiredService<AuditLog>().VerifyAsync();
        if (result.BrokenAt is null)
        {
            Console.WriteLine($"audit chain ok: {result.Entries} entries");
            return 0;
        }

        await Console.Error.WriteLineAsync($"audit chain broken: {result.Problem} ({result.Entries} entries before it are intact)");
        return 1;
    }
}
