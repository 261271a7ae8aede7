using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chat.Server.Moderation.Learning;

/// <summary>Where an example falls in the split: trained on (thresholds chosen by folds inside it), or held out (never tuned on).</summary>
internal enum CorpusPart
{
    Training,
    HeldOut,
}

/// <summary>One labelled line. <see cref="Label"/> is <c>BENIGN</c> or a category; <see cref="Family"/> is what the split hashes.</summary>
internal sealed record CorpusExample(string Text, string Label, string Kind, string Family, string Source, bool Evasion)
{
    public const string Benign = "BENIGN";

    public CorpusPart Part => CorpusReader.PartOf(Family);
}

/// <summary>
/// Reads the labelled corpus (<c>Moderation/Corpus/*.tsv</c>, format in its README): expands <c>{a|b}</c> groups,
/// adds a variant with an opening or closing phrase people use in chat, and an evasion of each (spaced or dotted
/// letters, digits for letters, homoglyphs, repeated letters), all deterministic and all in the family of the line
/// they came from. Also reads the chat-lines folder and labelled examples from the review queue.
/// </summary>
internal static class CorpusReader
{
    public const int MaxVariants = 6;

    /// <summary>Percent of families held out.</summary>
    public const int HeldOutPercent = 20;

    private static readonly string[] Openers = ["permisi, ", "pak, ", "maaf kak, ", "halo admin, ", "min, ", "bu, ", "pian, ", "selamat siang, "];
    private static readonly string[] Closers = [" tolong ya", " terima kasih", " mohon dibantu", ", ditunggu", " ya pak", " lah", " kak", "!!"];

    /// <summary>Split by a hash of the family: buckets 0-19 of 100 held out, the rest training.</summary>
    public static CorpusPart PartOf(string family) =>
        BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(family)), 0) % 100 < HeldOutPercent ? CorpusPart.HeldOut : CorpusPart.Training;

    /// <summary>The cross-validation fold of a training family (another part of the same hash).</summary>
    public static int FoldOf(string family, int folds) => (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(family)), 4) % (uint)folds);

    /// <summary>Every example of the corpus folder, in file and line order.</summary>
    public static List<CorpusExample> ReadCorpus(string directory)
    {
        var examples = new List<CorpusExample>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.tsv").Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var parts = line.Split('\t');
                if (parts.Length != 3 || parts[2].Trim().Length == 0)
                {
                    throw new FormatException($"{Path.GetFileName(file)}:{number}: expected LABEL<TAB>KIND<TAB>text");
                }

                var label = parts[0].Trim();
                if (label != CorpusExample.Benign && ModerationCategories.IndexOf(label) < 0)
                {
                    throw new FormatException($"{Path.GetFileName(file)}:{number}: unknown label '{label}'");
                }

                var family = "corpus:" + parts[2];
                var source = Path.GetFileName(file) + ":" + number.ToString(CultureInfo.InvariantCulture);
                foreach (var variant in Expand(parts[2], file, number))
                {
                    var seed = Seed(variant);
                    var framed = (seed & 1) == 0 ? Openers[(int)((seed >> 1) % (ulong)Openers.Length)] + variant : variant + Closers[(int)((seed >> 1) % (ulong)Closers.Length)];
                    foreach (var text in new[] { variant, framed })
                    {
                        examples.Add(new CorpusExample(text, label, parts[1].Trim(), family, source, false));
                        examples.Add(new CorpusExample(Evade(text), label, parts[1].Trim(), family, source, true));
                    }
                }
            }
        }

        return examples;
    }

    /// <summary>chat-lines (MIT): <c>toxic/*</c> as staff abuse (insults and profanity), <c>normal/*</c> as benign; each line its own family.</summary>
    public static List<CorpusExample> ReadChatLines(string directory)
    {
        var examples = new List<CorpusExample>();
        foreach (var (folder, label) in new[] { ("toxic", ModerationCategories.StaffAbuse), ("normal", CorpusExample.Benign) })
        {
            var path = Path.Combine(directory, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
            {
                foreach (var line in File.ReadLines(file))
                {
                    var text = line.Trim();
                    if (text.Length > 0)
                    {
                        examples.Add(new CorpusExample(text, label, "chat-lines", "chat-lines:" + text, "chat-lines/" + folder, false));
                    }
                }
            }
        }

        return examples;
    }

    /// <summary>The variants of one line: the product of its <c>{a|b}</c> groups, at most <see cref="MaxVariants"/>, spread evenly.</summary>
    public static List<string> Expand(string template, string file = "", int line = 0)
    {
        var pieces = new List<string[]>();
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            if (open < 0)
            {
                pieces.Add([template[at..]]);
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"{Path.GetFileName(file)}:{line}: '{{' without '}}'");
            }

            pieces.Add([template[at..open]]);
            pieces.Add(template[(open + 1)..close].Split('|'));
            at = close + 1;
        }

        long total = 1;
        foreach (var piece in pieces)
        {
            total = Math.Min(total * piece.Length, 1_000_000);
        }

        var count = (int)Math.Min(total, MaxVariants);
        var variants = new List<string>(count);
        for (var v = 0; v < count; v++)
        {
            // Variant v takes index (v × total / count) of the product, read as a mixed-radix number.
            var index = v * total / count;
            var builder = new StringBuilder();
            var stride = total;
            foreach (var piece in pieces)
            {
                stride = Math.Max(1, stride / piece.Length);
                builder.Append(piece[(int)(index / stride % piece.Length)]);
            }

            variants.Add(builder.ToString());
        }

        return variants;
    }

    /// <summary>
    /// An evasion of <paramref name="text"/>: one of its longer words spaced ("b o d o h"), dotted, written with
    /// digits, with Cyrillic look-alikes or with a letter repeated; sometimes two of them. Deterministic.
    /// </summary>
    public static string Evade(string text)
    {
        var seed = Seed(text);
        var words = text.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 4 && words[i].All(char.IsLetter)).ToArray();
        if (candidates.Length == 0)
        {
            return text.ToUpperInvariant();
        }

        var kinds = 1 + (int)(seed % 2);
        for (var k = 0; k < kinds; k++)
        {
            var pick = candidates[(int)((seed >> (8 * (k + 1))) % (ulong)candidates.Length)];
            words[pick] = ((seed >> (4 + (8 * k))) % 5) switch
            {
                0 => string.Join(' ', words[pick].ToCharArray()),
                1 => string.Join('.', words[pick].ToCharArray()),
                2 => Replace(words[pick], "aioes", "41035"),
                3 => Replace(words[pick], "aeopcxy", "аеорсху"),
                _ => Repeat(words[pick]),
            };
        }

        return string.Join(' ', words);
    }

    private static string Replace(string word, string from, string to)
    {
        var chars = word.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var at = from.IndexOf(char.ToLowerInvariant(chars[i]), StringComparison.Ordinal);
            if (at >= 0)
            {
                chars[i] = to[at];
            }
        }

        return new string(chars);
    }

    private static string Repeat(string word)
    {
        var last = word.LastIndexOfAny(['a', 'i', 'u', 'e', 'o']);
        return last < 0 ? word + word[^1] + word[^1] : word[..(last + 1)] + new string(word[last], 3) + word[(last + 1)..];
    }

    private static ulong Seed(string text) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
}
