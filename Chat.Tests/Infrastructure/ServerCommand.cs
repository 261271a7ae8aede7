using System.Diagnostics;

namespace Chat.Tests.Infrastructure;

/// <summary>Runs the built Chat.Server.dll with a command-line verb, as an operator would, against the test services.</summary>
public static class ServerCommand
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWithInputAsync(environment, null, args);

    /// <summary>As <see cref="RunAsync"/>, writing <paramref name="input"/> to the command's standard input first.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(IReadOnlyDictionary<string, string> environment, string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Environment for a command against the database <paramref name="appConnectionString"/> names.</summary>
    public static Dictionary<string, string> For(string appConnectionString, string prefix) => new()
    {
        ["Redis__Configuration"] = TestServices.Redis,
        ["Redis__KeyPrefix"] = prefix,
        ["Database__ConnectionString"] = appConnectionString,
        ["Database__MigrationConnectionString"] = TestServices.OwnerFor(appConnectionString),
        ["Backups__RedisConfiguration"] = TestServices.RedisAdmin,
        ["DataProtection__CertificatePath"] = TestServices.KeyRingCertificate.Path,
        ["DataProtection__CertificatePassword"] = TestServices.KeyRingCertificate.Password,
    };

    public static string ServerDll { get; } = FindServerDll();

    /// <summary>The folder holding Chat.sln (deploy/ and scripts/ live there).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chat.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Chat.sln not found above the test binaries.");
    }

    /// <summary>
    /// Chat.Server's own build output, so that its own appsettings.json is beside it: the test folder holds the
    /// console's appsettings.json as well, and which of the two is copied there last is not defined.
    /// </summary>
    private static string FindServerDll()
    {
        var bin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var own = Path.Combine(FindRepositoryRoot(), "Chat.Server", "bin", bin.Parent!.Name, bin.Name, "Chat.Server.dll");
        return File.Exists(own) ? own : throw new InvalidOperationException($"Chat.Server is not built: {own} is missing.");
    }
}
