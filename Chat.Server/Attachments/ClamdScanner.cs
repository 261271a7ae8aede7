using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Chat.Server.Attachments;

/// <summary>
/// ClamAV's daemon over TCP with the INSTREAM command: the file goes in length-prefixed chunks (big-endian uint32,
/// ended by a zero length) and clamd answers <c>stream: OK</c> or <c>stream: NAME FOUND</c>. clamd's own
/// StreamMaxLength must be at least <see cref="AttachmentOptions.MaxFileBytes"/>, or it answers "size limit exceeded".
/// </summary>
public sealed class ClamdScanner(IOptions<AttachmentOptions> options, ILogger<ClamdScanner> logger) : IMalwareScanner
{
    public bool Enabled => true;

    public async Task<ScanVerdict> ScanAsync(Stream content, CancellationToken ct)
    {
        var o = options.Value;
        var (host, port) = ParseAddress(o.ClamdAddress!);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.ScanTimeout);
        string reply;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            await using var stream = client.GetStream();
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), timeout.Token);
            var buffer = new byte[64 * 1024];
            var prefix = new byte[4];
            int read;
            while ((read = await content.ReadAsync(buffer, timeout.Token)) > 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)read);
                await stream.WriteAsync(prefix, timeout.Token);
                await stream.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
            }

            BinaryPrimitives.WriteUInt32BigEndian(prefix, 0);
            await stream.WriteAsync(prefix, timeout.Token);
            reply = await ReadReplyAsync(stream, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning(e, "clamd at {Address} did not answer", o.ClamdAddress);
            throw new MalwareScannerUnavailableException("clamd did not answer.", e);
        }

        // "stream: OK", "stream: Eicar-Test-Signature FOUND", or "... ERROR".
        var body = reply.StartsWith("stream: ", StringComparison.Ordinal) ? reply["stream: ".Length..] : reply;
        if (body == "OK")
        {
            return new ScanVerdict(true, null);
        }

        if (body.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            return new ScanVerdict(false, body[..^" FOUND".Length]);
        }

        logger.LogWarning("clamd refused the scan: {Reply}", reply);
        throw new MalwareScannerUnavailableException("clamd: " + reply);
    }

    private static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken ct)
    {
        var reply = new MemoryStream();
        var buffer = new byte[256];
        int read;
        while (reply.Length < 4096 && (read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            reply.Write(buffer, 0, read);
            if (buffer[read - 1] == 0)
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(reply.ToArray()).TrimEnd('\0', '\n');
    }

    private static (string Host, int Port) ParseAddress(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (address[..colon], port)
            : (address, 3310);
    }
}
