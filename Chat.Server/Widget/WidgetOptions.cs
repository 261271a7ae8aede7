using System.Text.RegularExpressions;

namespace Chat.Server.Widget;

/// <summary>
/// The embeddable widget. <see cref="AllowedOrigins"/> is the allow-list of sites that may embed it: the loader stays
/// silent elsewhere, and the chat frame is served only to (and framed only by, via CSP frame-ancestors) these origins.
/// </summary>
public sealed partial class WidgetOptions
{
    public const string Section = "Widget";

    /// <summary>Exact origins ("https://lpse.tanahlautkab.go.id") or a host on any port ("http://localhost:*").</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Folder holding loader.js, app.js and app.css; defaults to wwwroot/widget.</summary>
    public string? AssetsPath { get; set; }

    /// <summary>Serve the demo LPSE page at /demo/ (off in production; the run script turns it on).</summary>
    public bool EnableDemo { get; set; }

    /// <summary>True when <paramref name="origin"/> matches an allowed origin (same rules as the loader's originAllowed).</summary>
    public bool Allows(string? origin) =>
        !string.IsNullOrEmpty(origin) && AllowedOrigins.Any(p => string.Equals(p, origin, StringComparison.Ordinal)
            || (p.EndsWith(":*", StringComparison.Ordinal)
                && (string.Equals(origin, p[..^2], StringComparison.Ordinal)
                    || (origin.StartsWith(p[..^1], StringComparison.Ordinal) && origin.Length > p.Length - 1 && origin[(p.Length - 1)..].All(char.IsAsciiDigit)))));

    /// <summary>Each entry must be a bare origin (scheme, host, optional port or "*"), as CSP frame-ancestors takes it.</summary>
    public static bool IsValidPattern(string? pattern) => pattern is not null && OriginPattern().IsMatch(pattern);

    [GeneratedRegex("^https?://[a-z0-9.-]+(:([0-9]{1,5}|\\*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex OriginPattern();
}
