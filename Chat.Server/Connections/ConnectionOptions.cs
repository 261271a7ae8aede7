using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Connections;

public sealed class ConnectionOptions
{
    public const string Section = "Connections";

    /// <summary>
    /// Visitor connections one instance holds before refusing more with <c>overloaded</c> (HTTP 503 and Retry-After).
    /// 0 = automatic: the process's open-file limit less <see cref="FileHeadroom"/>, so that a crowd never takes the
    /// descriptors that PostgreSQL, Redis, staff connections and log files need.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxVisitorConnections { get; set; }

    /// <summary>Open files kept free of visitor connections when the cap is automatic.</summary>
    [Range(100, 100_000)]
    public int FileHeadroom { get; set; } = 2000;

    /// <summary>
    /// Open files no connection of any kind may take (Kestrel closes a connection at once past the open-file limit
    /// less this): the process's database and Redis connections, its log and data files, and the runtime itself
    /// (the JIT maps executable memory through a file descriptor, and without one the process ends "Out of memory").
    /// Visitors' HTTP keep-alive connections and staff connections are not in the visitor cap; this covers them.
    /// </summary>
    [Range(100, 100_000)]
    public int ReservedFiles { get; set; } = 1000;

    /// <summary>The wait a refused widget is told before connecting again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
