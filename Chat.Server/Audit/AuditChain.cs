using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chat.Server.Audit;

/// <summary>
/// The one definition of an audit row's hash: SHA-256 over the previous row's hash (32 zero bytes for the first row)
/// followed by the UTF-8 of its canonical content, the fields joined by a line feed: id, time (UTC, microseconds,
/// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>), actor kind, actor id (empty when none), action, subject id (empty when none),
/// and the details as PostgreSQL prints the stored jsonb. Migration 0040 computes the same for rows older than the chain.
/// </summary>
public static class AuditChain
{
    public static readonly byte[] Genesis = new byte[32];

    public static byte[] Hash(byte[] previous, long id, DateTimeOffset at, string actorKind, Guid? actorId, string action, Guid? subjectId, string details)
    {
        var content = string.Join(
            '\n',
            id.ToString(CultureInfo.InvariantCulture),
            Timestamp(at),
            actorKind,
            actorId?.ToString() ?? string.Empty,
            action,
            subjectId?.ToString() ?? string.Empty,
            details);
        var bytes = new byte[previous.Length + Encoding.UTF8.GetByteCount(content)];
        previous.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(content, 0, content.Length, bytes, previous.Length);
        return SHA256.HashData(bytes);
    }

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>PostgreSQL keeps microseconds; the hash must be over what is stored.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }
}
