using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Attachments;

/// <summary>
/// A real clamd for one test: its own folder, port and signature database. The official signatures need the
/// internet, so the database holds one body signature (<see cref="Marker"/>), which clamd matches like any other.
/// </summary>
public sealed class ClamdDaemon : IAsyncDisposable
{
    /// <summary>Bytes the test signature matches.</summary>
    public const string Marker = "CHAT-LPSE-TEST-MALWARE-7f3a";

    private readonly Process process;
    private readonly DirectoryInfo folder;

    private ClamdDaemon(Process process, DirectoryInfo folder, int port)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static async Task<ClamdDaemon> StartAsync()
    {
        var clamd = new[] { "/usr/sbin/clamd", "/usr/bin/clamd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("clamd is not installed (scripts/test.sh installs clamav-daemon).");
        var folder = Directory.CreateTempSubdirectory("chat-clamd-");
        var db = folder.CreateSubdirectory("db");
        await File.WriteAllTextAsync(Path.Combine(db.FullName, "chat-test.ndb"), $"ChatLpseTestSignature:0:*:{Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Marker))}\n");
        var port = FreePort();
        var config = Path.Combine(folder.FullName, "clamd.conf");
        await File.WriteAllTextAsync(config, $"""
            Foreground yes
            TCPSocket {port}
            TCPAddr 127.0.0.1
            DatabaseDirectory {db.FullName}
            TemporaryDirectory {folder.FullName}
            StreamMaxLength 20M
            LogFile {Path.Combine(folder.FullName, "clamd.log")}

            """);
        var process = Process.Start(new ProcessStartInfo(clamd, ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var daemon = new ClamdDaemon(process, folder, port);
        try
        {
            await Wait.UntilAsync(daemon.PingAsync, pong => pong, "clamd to answer PING", TimeSpan.FromSeconds(90));
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    /// <summary>A port nothing listens on (for "the scanner is down").</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        folder.Delete(recursive: true);
    }

    private async Task<bool> PingAsync()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException("clamd exited: " + await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync());
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            await using var stream = client.GetStream();
            await stream.WriteAsync("zPING\0"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
