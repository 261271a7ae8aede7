using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;

namespace Chat.Server.Email;

/// <summary>
/// The new text of an incoming mail: the plain part, or the HTML part reduced to text by MimeKit's tokenizer
/// (never rendered; quoted blocks, scripts and styles dropped), then cut at the reply marker, at a quote header
/// ("On … wrote:", "Pada … menulis:", Outlook's original-message block) and at the signature delimiter, with
/// quoted lines removed.
/// </summary>
public static partial class ReplyText
{
    public const int MaxLength = 4000;

    public static string Extract(MimeMessage message)
    {
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            text = HtmlToText(html);
        }

        return NewPart(text ?? string.Empty);
    }

    public static string NewPart(string text)
    {
        var kept = new List<string>();
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (Cut().IsMatch(line))
            {
                break;
            }

            if (line.StartsWith('>'))
            {
                continue;
            }

            kept.Add(line);
        }

        // "On … wrote:" often wraps onto two lines; drop a dangling header start left above the cut.
        while (kept.Count > 0 && (string.IsNullOrWhiteSpace(kept[^1]) || QuoteHeaderStart().IsMatch(kept[^1])))
        {
            kept.RemoveAt(kept.Count - 1);
        }

        var joined = BlankRuns().Replace(string.Join('\n', kept), "\n\n").Trim();
        var clean = new string([.. joined.Where(c => !char.IsControl(c) || c == '\n')]);
        return clean.Length <= MaxLength ? clean : clean[..(MaxLength - 1)] + "…";
    }

    public static string HtmlToText(string html)
    {
        var text = new StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var skipDepth = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.BlockQuote or HtmlTagId.Head:
                    if (!tag.IsEmptyElement)
                    {
                        skipDepth += tag.IsEndTag ? -1 : 1;
                        skipDepth = Math.Max(skipDepth, 0);
                    }

                    break;
                case HtmlTagToken tag when skipDepth == 0 && (tag.Id == HtmlTagId.Br || !tag.IsEndTag) && tag.Id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI
                    or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.Table or HtmlTagId.HR:
                    text.Append('\n');
                    break;
                case HtmlDataToken data when skipDepth == 0:
                    text.Append(Whitespace().Replace(data.Data, " "));
                    break;
            }
        }

        return string.Join('\n', text.ToString().Split('\n').Select(l => l.Trim()));
    }

    [GeneratedRegex(@"^(##- .* -##|-- ?|_{5,}|-{3,} ?(Original Message|Pesan Asli|Forwarded message|Pesan yang diteruskan) ?-{3,}|.*\b(wrote|menulis):|Dikirim dari .+|Sent from my .+|(From|Dari): .+<?[^@\s]+@[^@\s]+>?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Cut();

    [GeneratedRegex(@"^(On|Pada) .*\d{4}.*,", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeaderStart();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankRuns();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
