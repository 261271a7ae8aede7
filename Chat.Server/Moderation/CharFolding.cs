using System.Globalization;
using System.Text;

namespace Chat.Server.Moderation;

/// <summary>
/// Folds one character to what the matcher compares: compatibility form (NFKD), no diacritics, lower case,
/// look-alike letters from Cyrillic and Greek mapped to Latin. Built once for the whole BMP so the hot path is
/// a table lookup; characters outside the BMP (mathematical alphabets, emoji) go through the slow path.
/// </summary>
internal static class CharFolding
{
    /// <summary>The character disappears (zero-width, joiners, combining marks, variation selectors).</summary>
    public const char Drop = '\0';

    /// <summary>The character folds to more than one character; see <see cref="Expand"/>.</summary>
    public const char Multi = '\uFFFF';

    private static readonly char[] Single = new char[0x10000];
    private static readonly Dictionary<char, string> Expansions = [];

    // Letters that render like Latin ones, after lower-casing. Kept small and visual: only shapes a reader
    // would take for the Latin letter in a chat bubble.
    // Upper case first: a capital Greek Nu reads as N although its lower case reads as v.
    private const string LookAlikePairs =
        "АaВbЕeЅsІiЈjКkМmНhОoРpСcТtУyХxΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧx" +
        "аaвbгrеeёeіiїiјjкkмmнhоoпnрpсcтtуyхxьbѕsԁdɡgɩiոnսuһhԛqԝwαaβbγyεeηnιiκkνvοoρpτtυuχxωwϲcϳjℓl" +
        "иnяrшwщwчyъbɑaıiłløođdħhŧtǝeəeɛeʀrʏyɪiᴀaʙbᴄcᴅdᴇeɢgʜhᴊjᴋkʟlᴍmɴnᴏoᴘpʀrᴛtᴜuᴠvᴡwᴢz";

    // Characters that render as nothing or as blank space but are letters or symbols to Unicode (Hangul fillers,
    // the blank Braille pattern, the Mongolian vowel separator): read as a space so they cannot glue or hide words.
    private const string Blanks = "\u115F\u1160\u3164\uFFA0\u2800\u180E\u2028\u2029";

    static CharFolding()
    {
        var lookAlike = new Dictionary<char, char>();
        for (var i = 0; i + 1 < LookAlikePairs.Length; i += 2)
        {
            lookAlike[LookAlikePairs[i]] = LookAlikePairs[i + 1];
        }

        for (var c = 0; c < 0x10000; c++)
        {
            var ch = (char)c;
            if (char.IsSurrogate(ch))
            {
                Single[c] = ' ';
                continue;
            }

            if (Blanks.Contains(ch, StringComparison.Ordinal))
            {
                Single[c] = ' ';
                continue;
            }

            var folded = Fold(ch.ToString(), lookAlike);
            Single[c] = folded.Length switch
            {
                0 => Drop,
                1 => folded[0],
                _ => Multi,
            };
            if (folded.Length > 1)
            {
                Expansions[ch] = folded;
            }
        }
    }

    public static char Map(char c) => Single[c];

    public static string Expand(char c) => Expansions[c];

    /// <summary>The slow path for a surrogate pair (e.g. 𝐚𝐧𝐣𝐢𝐧𝐠 from the mathematical alphabets).</summary>
    public static string FoldPair(char high, char low) => Fold(new string([high, low]), null);

    private static string Fold(string s, Dictionary<char, char>? lookAlike)
    {
        if (s.Length == 1 && s[0] < 0x80)
        {
            return Classify(char.ToLowerInvariant(s[0])).ToString();
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(s, 0);
        if (category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Control)
        {
            return category == UnicodeCategory.Control ? " " : string.Empty;
        }

        string decomposed;
        try
        {
            decomposed = s.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            return " ";
        }

        var sb = new StringBuilder(decomposed.Length);
        foreach (var d in decomposed)
        {
            var dc = CharUnicodeInfo.GetUnicodeCategory(d);
            if (dc is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format)
            {
                continue;
            }

            char lower;
            if (d >= 0x80 && (lookAlike is null ? LookAlikeSlow(d) : lookAlike.GetValueOrDefault(d, d)) is var shape && shape != d)
            {
                lower = shape;
            }
            else
            {
                lower = char.ToLowerInvariant(d);
                if (lower >= 0x80)
                {
                    lower = lookAlike is null ? LookAlikeSlow(lower) : lookAlike.GetValueOrDefault(lower, lower);
                }
            }

            sb.Append(lower < 0x80 ? Classify(lower) : char.IsLetter(lower) ? lower : ' ');
        }

        return sb.ToString();
    }

    private static char LookAlikeSlow(char c)
    {
        for (var i = 0; i + 1 < LookAlikePairs.Length; i += 2)
        {
            if (LookAlikePairs[i] == c)
            {
                return LookAlikePairs[i + 1];
            }
        }

        return c;
    }

    /// <summary>ASCII: letters and digits stay; '@' and '$' stay for leetspeak; everything else separates words.</summary>
    private static char Classify(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '@' or '$' ? c : ' ';
}
