using Chat.Server.Hubs.Contracts;
using Chat.Server.Infrastructure;
using Chat.Server.Resources;
using Microsoft.Extensions.Options;

namespace Chat.Server.Connections;

/// <summary>
/// Counts the visitor hub's live connections (a WebSocket or server-sent-events request lasts as long as its
/// connection) and refuses a new negotiate or connect past the cap before any hub work is done. Staff connections
/// are few and never refused here: agents must reach their visitors when the instance is full.
/// </summary>
public sealed class ConnectionCap
{
    private readonly int max;
    private int open;

    public ConnectionCap(IOptions<ConnectionOptions> options, ILogger<ConnectionCap> logger)
    {
        var o = options.Value;
        var files = OpenFileLimit();
        max = o.MaxVisitorConnections > 0 ? o.MaxVisitorConnections : Math.Max(100, (int)Math.Min(int.MaxValue, files - o.FileHeadroom));
        if (o.MaxVisitorConnections > files - o.ReservedFiles)
        {
            logger.LogWarning("Connections:MaxVisitorConnections {Max} is not below the open-file limit {Files}; connections past the limit fail uncleanly", max, files);
        }

        RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(o.RetryAfter.TotalSeconds));
    }

    public int Max => max;

    public int Open => Volatile.Read(ref open);

    public int RetryAfterSeconds { get; }

    public bool TryOpen()
    {
        if (Interlocked.Increment(ref open) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref open);
        return false;
    }

    public void Close() => Interlocked.Decrement(ref open);

    public bool Full => Volatile.Read(ref open) >= max;

    /// <summary>The soft RLIMIT_NOFILE from /proc/self/limits (Linux); a large number elsewhere.</summary>
    internal static long OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.TryParse(soft, out var n) ? n : int.MaxValue;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return int.MaxValue;
    }
}

public static class ConnectionCapExtensions
{
    public static WebApplicationBuilder AddConnectionCap(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConnectionOptions>().BindConfiguration(ConnectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ConnectionCap>();

        // Every TCP connection, not only the visitor hub's, stays below the open-file limit: past it the process
        // could not open a file, a database connection or the JIT's next code page.
        var reserved = (builder.Configuration.GetSection(ConnectionOptions.Section).Get<ConnectionOptions>() ?? new ConnectionOptions()).ReservedFiles;
        var files = ConnectionCap.OpenFileLimit();
        if (files < int.MaxValue)
        {
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = Math.Max(100, files - reserved));
        }

        return builder;
    }

    public static IApplicationBuilder UseConnectionCap(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/hubs/visitor", out var rest))
        {
            await next(context);
            return;
        }

        var cap = context.RequestServices.GetRequiredService<ConnectionCap>();
        var negotiate = rest.StartsWithSegments("/negotiate");
        // By header: the WebSocket feature is added later, inside the hub's own pipeline.
        var lasting = context.Request.Headers.Upgrade.Any(u => u?.Contains("websocket", StringComparison.OrdinalIgnoreCase) == true)
            || context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.Ordinal) == true);
        if (negotiate && cap.Full)
        {
            Refuse(cap);
        }

        if (!lasting)
        {
            await next(context);
            return;
        }

        if (!cap.TryOpen())
        {
            Refuse(cap);
        }

        try
        {
            await next(context);
        }
        finally
        {
            cap.Close();
        }
    });

    private static void Refuse(ConnectionCap cap) =>
        throw new ChatError(HubErrors.Overloaded, StatusCodes.Status503ServiceUnavailable, Text.Get("ConnectionsFull", cap.RetryAfterSeconds))
        {
            RetryAfterSeconds = cap.RetryAfterSeconds,
        };
}
