namespace Chat.Server.Moderation;

/// <summary>What the links in a message look like.</summary>
internal readonly record struct LinkReport(int Links, int External, bool LookAlike);

/// <summary>
/// Finds web addresses in one linear pass over the original text (no regex) and tells official government
/// addresses (*.go.id, inaproc.id) from look-alikes that borrow an LPSE/SPSE name on another domain.
/// </summary>
internal static class LinkScanner
{
    private static readonly string[] Brands = ["lpse", "spse", "inaproc", "lkpp", "eproc", "tanahlaut", "ekatalog", "katalog"];

    private static readonly string[] Tlds =
    [
        "id", "com", "net", "org", "info", "xyz", "site", "online", "top", "link", "ly", "me", "co", "io", "click", "web", "app",
        "store", "shop", "vip", "biz", "live", "cc", "tk", "ml", "ga", "cf", "gq", "icu", "club", "pro", "asia", "my", "sg",
    ];

    public static LinkReport Scan(string text)
    {
        // Every address has a dot (Host); most chat messages have none, and one vectorised search says so.
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            return default;
        }

        int links = 0, external = 0;
        var lookAlike = false;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsBreak(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !IsBreak(text[i]))
            {
                i++;
            }

            if (i > start && Host(text.AsSpan(start, i - start)) is { Length: > 0 } host)
            {
                links++;
                var official = IsOfficial(host);
                if (!official)
                {
                    external++;
                    lookAlike |= BorrowsBrand(host);
                }
            }
        }

        return new LinkReport(links, external, lookAlike);
    }

    private static readonly bool[] AsciiBreaks = [.. Enumerable.Range(0, 128).Select(c => IsBreakSlow((char)c))];

    private static bool IsBreak(char c) => c < 128 ? AsciiBreaks[c] : IsBreakSlow(c);

    private static bool IsBreakSlow(char c) => char.IsWhiteSpace(c) || c is '"' or '\'' or '<' or '>' or '(' or ')' or ',' or '|';

    /// <summary>The host name when the token looks like a web address, folded (lower case, look-alike letters to Latin).</summary>
    private static string? Host(ReadOnlySpan<char> token)
    {
        if (token.IndexOf('.') < 0)
        {
            return null;
        }

        var scheme = token.IndexOf("://", StringComparison.Ordinal);
        var hasScheme = scheme > 0;
        if (hasScheme)
        {
            token = token[(scheme + 3)..];
        }

        var end = token.IndexOfAny('/', '?', '#');
        if (end >= 0)
        {
            token = token[..end];
        }

        var at = token.LastIndexOf('@');
        if (at >= 0)
        {
            // user@host (an email address is not a link; a URL with credentials is).
            if (!hasScheme)
            {
                return null;
            }

            token = token[(at + 1)..];
        }

        var colon = token.IndexOf(':');
        if (colon >= 0)
        {
            token = token[..colon];
        }

        token = token.TrimEnd(".!?;:");
        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0 || lastDot == token.Length - 1)
        {
            return null;
        }

        Span<char> folded = token.Length <= 256 ? stackalloc char[token.Length] : new char[token.Length];
        for (var k = 0; k < token.Length; k++)
        {
            var c = token[k];
            var f = c < 0x80 ? char.ToLowerInvariant(c) : CharFolding.Map(c);
            folded[k] = f is CharFolding.Drop or CharFolding.Multi ? '?' : f;
        }

        var tld = folded[(lastDot + 1)..].ToString();
        var wellFormedTld = Array.IndexOf(Tlds, tld) >= 0;
        if (!hasScheme && !wellFormedTld && !folded.StartsWith("www."))
        {
            return null;
        }

        return folded.ToString();
    }

    private static bool IsOfficial(string host) =>
        host.EndsWith(".go.id", StringComparison.Ordinal) || host is "inaproc.id" || host.EndsWith(".inaproc.id", StringComparison.Ordinal);

    private static bool BorrowsBrand(string host)
    {
        Span<char> letters = host.Length <= 256 ? stackalloc char[host.Length] : new char[host.Length];
        var n = 0;
        foreach (var c in host)
        {
            letters[n++] = c switch
            {
                '0' => 'o',
                '1' => 'l',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                _ => c,
            };
        }

        var key = letters[..n];
        var compact = new string(key).Replace("-", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal);
        foreach (var brand in Brands)
        {
            if (compact.Contains(brand, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // Official-looking suffixes on other domains: lpse.go.id.example.com, go-id.site.
        return compact.Contains("goid", StringComparison.Ordinal);
    }
}
