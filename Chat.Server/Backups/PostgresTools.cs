using System.Diagnostics;
using Npgsql;

namespace Chat.Server.Backups;

/// <summary>Runs pg_dump and pg_restore of the server's own major version against the owner's connection.</summary>
public sealed class PostgresTools(string connectionString, string? binDir)
{
    private readonly NpgsqlConnectionStringBuilder target = new(connectionString);

    public string Database => target.Database ?? throw new InvalidOperationException("The connection string names no database.");

    /// <summary>The folder of the client tools for the server's major version (e.g. /usr/lib/postgresql/15/bin).</summary>
    public async Task<string> BinDirAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(binDir))
        {
            return binDir;
        }

        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(ct);
        var major = connection.PostgreSqlVersion.Major;
        var dir = $"/usr/lib/postgresql/{major}/bin";
        return File.Exists(Path.Combine(dir, "pg_dump"))
            ? dir
            : throw new InvalidOperationException($"pg_dump for PostgreSQL {major} is not in {dir}; install postgresql-client-{major} or set Backups:PostgresBinDir.");
    }

    public async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args, bool withDatabase, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Path.Combine(await BinDirAsync(ct), tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (withDatabase)
        {
            foreach (var arg in (string[])["--host", target.Host ?? "127.0.0.1", "--port", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "--username", target.Username ?? string.Empty, "--dbname", Database, "--no-password"])
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (!string.IsNullOrEmpty(target.Password))
        {
            start.Environment["PGPASSWORD"] = target.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolResult(process.ExitCode, await output, await error);
    }
}

public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public bool Ok => ExitCode == 0;
}
