using System.Net;
using System.Net.Sockets;

namespace Chat.Tests.Infrastructure;

/// <summary>
/// A TCP relay on a free local port in front of one target port: one client's own network, which a test can cut.
/// <see cref="Drop"/> aborts every open connection (a reset, as when a laptop leaves the Wi-Fi) and refuses new ones
/// until <see cref="Restore"/>.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int target;
    private readonly Lock gate = new();
    private readonly List<(Socket Client, Socket Upstream)> open = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private bool down;
    private int cut;

    public TcpRelay(int targetPort)
    {
        target = targetPort;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Connections aborted by <see cref="Drop"/> or refused while down.</summary>
    public int Cut => Volatile.Read(ref cut);

    public void Drop()
    {
        List<(Socket, Socket)> aborted;
        lock (gate)
        {
            down = true;
            aborted = [.. open];
            open.Clear();
        }

        foreach (var (client, upstream) in aborted)
        {
            Abort(client);
            Abort(upstream);
            Interlocked.Increment(ref cut);
        }
    }

    public void Restore()
    {
        lock (gate)
        {
            down = false;
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            bool refuse;
            lock (gate)
            {
                refuse = down;
            }

            if (refuse)
            {
                Abort(client);
                Interlocked.Increment(ref cut);
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, target, stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            Abort(client);
            Abort(upstream);
            return;
        }

        lock (gate)
        {
            if (down)
            {
                Abort(client);
                Abort(upstream);
                return;
            }

            open.Add((client, upstream));
        }

        await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        lock (gate)
        {
            open.Remove((client, upstream));
        }

        client.Dispose();
        upstream.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut, or the other side went away.
        }
    }

    /// <summary>Closes with a reset (linger 0), not a polite FIN: the peer sees the connection aborted.</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Drop();
        await accepting;
        stopping.Dispose();
    }
}
