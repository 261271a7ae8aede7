using System.Text;

namespace Chat.Server.Security;

/// <summary>
/// Tidies text a person typed before it is stored (names, messages, notes, tickets, comments): NFC-normalised, with
/// bidirectional overrides and isolates (which can make "gpj.exe" display as "exe.jpg") and zero-width characters
/// (which hide words from moderation and make look-alike names) removed, then trimmed. Null when nothing is left.
/// </summary>
public static class HumanText
{
    public static string? Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var normalised = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var hidden = normalised.AsSpan().IndexOfAny(Hidden);
        if (hidden >= 0)
        {
            var builder = new StringBuilder(normalised.Length);
            foreach (var c in normalised)
            {
                if (!Hidden.Contains(c))
                {
                    builder.Append(c);
                }
            }

            normalised = builder.ToString();
        }

        var trimmed = normalised.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>Bidi embeddings, overrides, isolates and marks; zero-width space, joiners, word joiner, BOM, Mongolian vowel separator.</summary>
    private static readonly System.Buffers.SearchValues<char> Hidden = System.Buffers.SearchValues.Create(
        "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u200B\u200C\u200D\u2060\uFEFF\u180E");
}
