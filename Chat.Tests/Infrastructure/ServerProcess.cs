using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// A Chat.Server running as its own operating-system process (the built Chat.Server.dll on a real port), so that a
/// test can kill it with SIGKILL the way a crash or an out-of-memory kill would end it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServerProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public bool Running => !process.HasExited;

    /// <summary>
    /// Starts the server with the settings a <see cref="ChatCluster"/> uses (same Redis prefix, database and key
    /// ring) and waits until /health/ready answers.
    /// </summary>
    /// <paramref name="openFiles"/> runs it under that open-file limit (prlimit), as a deployment's ulimit would.
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int port = 0, int? openFiles = null)
    {
        port = port == 0 ? FreePort() : port;
        var start = new ProcessStartInfo(openFiles is null ? "dotnet" : "prlimit")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerCommand.ServerDll)!,
        };
        if (openFiles is { } files)
        {
            start.ArgumentList.Add($"--nofile={files}:{files}");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(ServerCommand.ServerDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DataProtection__CertificatePath"] = TestServices.KeyRingCertificate.Path;
        start.Environment["DataProtection__CertificatePassword"] = TestServices.KeyRingCertificate.Password;
        start.Environment["Backups__Enabled"] = "false";
        start.Environment["Backups__RedisConfiguration"] = TestServices.RedisAdmin;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        if (settings.TryGetValue("Database:ConnectionString", out var database) && database is not null && !settings.ContainsKey("Database:MigrationConnectionString"))
        {
            start.Environment["Database__MigrationConnectionString"] = TestServices.OwnerFor(database);
        }

        var server = new ServerProcess(Process.Start(start)!, port);
        server.process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>Waits until the instance says it is ready (Redis and PostgreSQL answer), within a bound.</summary>
    public async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Chat.Server on port {Port} exited with {process.ExitCode}: {Tail()}");
                }

                try
                {
                    return (await http.GetAsync("health/ready")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            ready => ready,
            $"Chat.Server on port {Port} to become ready",
            TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to clients; their connections simply break.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var bound = new CancellationTokenSource(Wait.Timeout);
        await process.WaitForExitAsync(bound.Token);
    }

    public string Tail()
    {
        lock (output)
        {
            var text = output.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
            if (output.Length > 64_000)
            {
                output.Remove(0, output.Length - 32_000);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
