namespace Chat.Server.Hubs.Contracts;

/// <summary>The help topics a chat is routed by. Ids are stable; names are shown to people.</summary>
public static class Topics
{
    /// <summary>Akun &amp; Registrasi.</summary>
    public const string Account = "akun";

    /// <summary>Kendala Teknis SPSE.</summary>
    public const string Technical = "teknis";

    /// <summary>Proses Pengadaan.</summary>
    public const string Procurement = "pengadaan";

    /// <summary>Lainnya.</summary>
    public const string Other = "lainnya";

    /// <summary>Every topic id, in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [Account, Technical, Procurement, Other];

    /// <summary>True when <paramref name="topic"/> is a known topic id.</summary>
    public static bool IsKnown(string? topic) => topic is not null && All.Contains(topic, StringComparer.Ordinal);
}
