namespace Chat.Server.Commands;

/// <summary>
/// The server's command-line verbs. <c>dotnet Chat.Server.dll</c> with no verb (or only <c>--options</c>) serves;
/// a first argument that is not an option must be a known verb, otherwise the usage is printed and the exit code is 2,
/// so a typo in a deployment script never starts a web server by accident.
/// </summary>
internal static class CommandDispatcher
{
    private static readonly Dictionary<string, (string Usage, Func<string[], Task<int>> Run)> Verbs = new(StringComparer.Ordinal)
    {
        ["moderate"] = ("moderate [--agent] [--lexicons DIR]                   check lines from stdin, one JSON verdict per line", ModerateCommand.RunAsync),
        ["staff"] = ("staff add USERNAME agent|supervisor NAME              create a staff account or reset its password", StaffCommand.RunAsync),
        ["audit"] = ("audit verify                                          check the audit log's hash chain", AuditCommand.RunAsync),
        ["backup"] = ("backup create|list|restore FILE [--force] [--redis]   PostgreSQL and Redis backups", BackupCommand.RunAsync),
        ["retention"] = ("retention [--dry-run]                                 anonymise visitors past the retention period", RetentionCommand.RunAsync),
    };

    /// <summary>True when the arguments name a verb (or something that should have been one) rather than host options.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(string[] args)
    {
        if (Verbs.TryGetValue(args[0], out var verb))
        {
            return await verb.Run(args[1..]);
        }

        await Console.Error.WriteLineAsync(args[0] is "help" ? string.Empty : $"unknown command: {args[0]}");
        await WriteUsageAsync(Console.Error);
        return 2;
    }

    public static async Task WriteUsageAsync(TextWriter writer)
    {
        await writer.WriteLineAsync("usage: dotnet Chat.Server.dll [COMMAND] [--urls URL] [--Section:Key=value ...]");
        await writer.WriteLineAsync("without a command the server starts. Commands:");
        foreach (var (_, (usage, _)) in Verbs)
        {
            await writer.WriteLineAsync("  " + usage);
        }
    }
}
