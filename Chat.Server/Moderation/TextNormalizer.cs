using System.Runtime.CompilerServices;

namespace Chat.Server.Moderation;

/// <summary>
/// Normalised text for matching, with a map from every normalised character back to the span of original
/// characters it came from (for masking). Words are separated by exactly one space and the text starts and
/// ends with a space, so lexicon patterns express word boundaries with spaces; the end of a sentence is a
/// <see cref="ClauseBreak"/> between two spaces. Letters spelled apart ("s l o t", "k.a.m.p.r.e.t") are joined
/// into one word, and every such run and every word that punctuation split ("anj.ing", "bang-sat") is also
/// recorded as a <see cref="Region"/> that the engine scans once more without word boundaries, so "slotgacor" or
/// "anjingkamu" still name their parts. One pass plus one pass per token: linear in the input. Instances are
/// scratch buffers, reused per thread.
/// </summary>
internal sealed class NormalizedText
{
    /// <summary>Marks the end of a sentence or clause in the normalised text; no pattern contains it.</summary>
    public const char ClauseBreak = '|';

    // Digits inside words read as letters: g0bl0k, 4nj1ng, k0nt0l, b4ngs4t.
    private const string Leet = "oizeasgtbg";

    // Punctuation inside a word ("anj.ing"): separates like a space, but the word still counts as one for regions.
    private const char Soft = '\u0001';

    // Longest punctuation-split word scanned as one region, and its longest piece; a word with two pieces longer
    // than three letters ("lpse.tanahlautkab.go.id", "dokumen-penawaran") is an address or a compound, not an evasion.
    private const int MaxSoftRegion = 24;
    private const int MaxPiece = 8;

    // Folded input characters, then the normalised output.
    private Spanned<char> atoms = new(256);
    private Spanned<char> output = new(256);

    // A run of one-character words ("a n j i n g", "k 4 f 1 r") waiting to be joined.
    private Spanned<char> run = new(64);

    private Region[] regions = new Region[8];

    public int Length => output.Count;

    public ReadOnlySpan<char> Chars => output.Item.AsSpan(0, Length);

    /// <summary>Parts of the output (start inclusive, end exclusive) that are one word spelled apart.</summary>
    public ReadOnlySpan<Region> Regions => regions.AsSpan(0, RegionCount);

    public int RegionCount { get; private set; }

    /// <summary>First original index of normalised character <paramref name="i"/>.</summary>
    public int Start(int i) => output.Start[i];

    /// <summary>One past the last original index of normalised character <paramref name="i"/>.</summary>
    public int End(int i) => output.End[i];

    public override string ToString() => new(Chars);

    public void Normalize(string text)
    {
        Fold(text);
        output.Clear();
        run.Clear();
        RegionCount = 0;
        Emit(' ', 0, 0);

        // Folding is done: the atoms do not change below, so the loops read them through locals.
        var source = atoms.Item;
        var count = atoms.Count;
        var i = 0;
        while (i < count)
        {
            var c = source[i];
            if (!IsWordChar(c))
            {
                if (c == ClauseBreak)
                {
                    FlushRun();
                    Break(atoms.Start[i]);
                }

                i++;
                continue;
            }

            var end = i + 1;
            var hasLetter = IsLetter(c);
            while (end < count && (IsWordChar(source[end]) || (IsLeetSymbol(source[end]) && end + 1 < count && IsWordChar(source[end + 1]))))
            {
                hasLetter |= IsLetter(source[end]);
                end++;
            }

            Token(i, end, hasLetter);
            i = end;
        }

        FlushRun();
        var last = atoms.Count == 0 ? 0 : atoms.End[atoms.Count - 1];
        Emit(' ', last, last);
        FindSplitWords(text);
    }

    private void Token(int from, int to, bool hasLetter)
    {
        var length = to - from;
        if (length == 1 && (hasLetter || IsDigitOrLeet(atoms.Item[from])))
        {
            run.Add(atoms.Item[from], atoms.Start[from], atoms.End[from]);
            return;
        }

        FlushRun();
        Separate(atoms.Start[from]);
        // Emit for each character, with the output's arrays in locals (room made first, a separating space included).
        output.EnsureCapacity(Length + length + 1);
        var source = atoms.Item;
        var items = output.Item;
        var ends = output.End;
        var n = output.Count;
        var leetEnd = hasLetter ? LeetEnd(from, to) : from;
        for (var k = from; k < to; k++)
        {
            var c = source[k];
            if (k == leetEnd && k > from && items[n - 1] != ' ')
            {
                // The number after a word is a word of its own: "be90839398" reads "be 90839398".
                items[n] = ' ';
                output.Start[n] = atoms.Start[k];
                ends[n] = atoms.Start[k];
                n++;
            }

            if (k < leetEnd)
            {
                if (c == '2' && k == to - 1 && length >= 3 && IsLetter(source[k - 1]))
                {
                    // Reduplication shorthand: kata2 = kata-kata; the word itself is what matters.
                    continue;
                }

                c = AsLetter(c);
            }

            // Repeated letters collapse (anjiiing = anjing); the kept letter's span grows to cover them.
            if (c == items[n - 1] && (IsLetter(c) || c == ' '))
            {
                ends[n - 1] = atoms.End[k];
                continue;
            }

            items[n] = c;
            output.Start[n] = atoms.Start[k];
            ends[n] = atoms.End[k];
            n++;
        }

        output.Count = n;
    }

    // Where a token's digits stop reading as letters. Evasions put digits for letters one or two at a time, or for a
    // row of vowels ("5141an", "k405": 0 1 3 4 5 7). Three digits in a row with one that rarely stands for a letter
    // (2 6 8 9) are a number: inside a token they make it a code ("88e906fc3e"), and none of its digits is a letter;
    // at its end they are a number after a word (package code "be90839398") and a word of their own.
    private int LeetEnd(int from, int to)
    {
        var digits = 0;
        var number = false;
        for (var k = from; k < to; k++)
        {
            var c = atoms.Item[k];
            if (IsDigitOrLeet(c))
            {
                digits++;
                number |= c is '2' or '6' or '8' or '9';
                continue;
            }

            if (digits >= 3 && number)
            {
                return from;
            }

            digits = 0;
            number = false;
        }

        return digits >= 3 && number ? to - digits : to;
    }

    private void FlushRun()
    {
        if (run.Count == 0)
        {
            return;
        }

        // Three or more one-character words with at least two letters are a word spelled apart; fewer are
        // ordinary words ("di a") and digits alone are numbers ("1 2 3").
        var letters = 0;
        for (var k = 0; k < run.Count; k++)
        {
            letters += IsLetter(run.Item[k]) ? 1 : 0;
        }

        var join = run.Count >= 3 && letters >= 2;
        var first = -1;
        for (var k = 0; k < run.Count; k++)
        {
            if (!join || k == 0)
            {
                Separate(run.Start[k]);
                first = first < 0 ? Length : first;
            }

            Emit(join ? AsLetter(run.Item[k]) : run.Item[k], run.Start[k], run.End[k]);
        }

        if (join)
        {
            AddRegion(first, Length);
        }

        run.Clear();
    }

    /// <summary>
    /// Words of the output that were one word of the original text, split by punctuation ("anj.ing",
    /// "go.b.l.o.k"): two neighbouring words belong together when no white space lies between them in the
    /// original. Each gap of the original is read once: linear.
    /// </summary>
    private void FindSplitWords(string text)
    {
        var groupStart = -1;
        var pieces = 0;
        var longPieces = 0;
        var wordBegin = -1;
        var items = output.Item;
        for (var i = 1; i < Length; i++)
        {
            var c = items[i];
            if (c != ' ' && c != ClauseBreak)
            {
                wordBegin = wordBegin < 0 ? i : wordBegin;
                continue;
            }

            if (wordBegin < 0)
            {
                if (c == ClauseBreak)
                {
                    CloseSplitWord(groupStart, pieces, longPieces, i - 1);
                    groupStart = -1;
                    pieces = 0;
                    longPieces = 0;
                }

                continue;
            }

            // A word [wordBegin, i) ends here; does it continue the group?
            var joined = groupStart >= 0 && !WhiteSpaceBetween(text, output.End[groupEnd(groupStart, wordBegin)], output.Start[wordBegin]);
            if (!joined)
            {
                CloseSplitWord(groupStart, pieces, longPieces, wordBegin - 1);
                groupStart = wordBegin;
                pieces = 0;
                longPieces = 0;
            }

            pieces++;
            longPieces += i - wordBegin > MaxPiece ? 2 : i - wordBegin > 3 ? 1 : 0;
            wordBegin = -1;
            if (c == ClauseBreak)
            {
                CloseSplitWord(groupStart, pieces, longPieces, i - 1);
                groupStart = -1;
                pieces = 0;
                longPieces = 0;
            }
        }

        CloseSplitWord(groupStart, pieces, longPieces, Length - 1);

        // The last character of the word before the one starting at `begin` (one space back).
        static int groupEnd(int groupStart, int begin) => begin - 2;
    }

    private void CloseSplitWord(int start, int pieces, int longPieces, int end)
    {
        if (start >= 0 && pieces >= 2 && longPieces <= 1 && end - start <= MaxSoftRegion)
        {
            AddRegion(start, end);
        }
    }

    private static bool WhiteSpaceBetween(string text, int from, int to)
    {
        for (var k = from; k < to && k < text.Length; k++)
        {
            if (char.IsWhiteSpace(text[k]))
            {
                return true;
            }
        }

        return from >= to;
    }

    private void AddRegion(int start, int end)
    {
        if (RegionCount == regions.Length)
        {
            Array.Resize(ref regions, RegionCount * 2);
        }

        regions[RegionCount++] = new Region(start, end);
    }

    private void Break(int at)
    {
        if (output.Item[Length - 1] == ClauseBreak || (Length >= 2 && output.Item[Length - 2] == ClauseBreak))
        {
            return;
        }

        Separate(at);
        output.Add(ClauseBreak, at, at);
    }

    private void Separate(int at)
    {
        if (output.Item[Length - 1] != ' ')
        {
            Emit(' ', at, at);
        }
    }

    private void Emit(char c, int start, int end)
    {
        // Repeated letters collapse (anjiiing = anjing); the kept letter's span grows to cover them.
        if (Length > 0 && c == output.Item[Length - 1] && (IsLetter(c) || c == ' '))
        {
            output.End[Length - 1] = end;
            return;
        }

        output.Add(c, start, end);
    }

    private void Fold(string text)
    {
        atoms.Clear();
        var letters = 0;

        // Words since the last clause end: a comma ends a clause only between two stretches of two words or more,
        // so a vocative or an interjection ("admin, …", "goblok, admin ini") stays in the clause it speaks to.
        var words = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (c is >= 'A' and <= 'Z')
                {
                    words += letters == 0 ? 1 : 0;
                    AddAtom((char)(c + 32), i, i + 1);
                    letters++;
                }
                else if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '@' or '$')
                {
                    words += letters == 0 ? 1 : 0;
                    AddAtom(c, i, i + 1);
                    letters++;
                }
                else
                {
                    var separator = c == ' ' ? ' ' : c == ',' && words >= 2 && letters >= 2 && WordsAhead(text, i + 1) >= 2 ? ClauseBreak : Separator(text, i, letters);
                    AddAtom(separator, i, i + 1);
                    words = separator == ClauseBreak ? 0 : words;
                    letters = 0;
                }

                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                foreach (var f in CharFolding.FoldPair(c, text[i + 1]))
                {
                    AddAtom(f, i, i + 2);
                }

                i++;
                letters++;
                continue;
            }

            var mapped = CharFolding.Map(c);
            if (mapped == CharFolding.Drop)
            {
                continue;
            }

            words += letters == 0 && mapped != ' ' ? 1 : 0;
            letters = mapped == ' ' ? 0 : letters + 1;
            if (mapped == CharFolding.Multi)
            {
                foreach (var f in CharFolding.Expand(c))
                {
                    AddAtom(f, i, i + 1);
                }
            }
            else
            {
                AddAtom(mapped, i, i + 1);
            }
        }
    }

    /// <summary>
    /// ASCII punctuation: white space separates words; '!', '?', ';' and line breaks end a clause, and so does a
    /// full stop after a word of three or more characters followed by white space ("Jl. A. Yani" and "500.000"
    /// are not sentence ends); any other mark inside a word separates softly. Commas are decided in
    /// <see cref="Fold"/>: "saya goblok, maaf mbak" is two clauses (the writer's word about themselves and the
    /// greeting), "Rp 1,5 juta" and "admin, kamu …" are not split.
    /// </summary>
    private static char Separator(string text, int i, int lettersBefore)
    {
        var c = text[i];
        var atEnd = i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]);
        return c switch
        {
            '\n' or '\r' or '!' or '?' or ';' => ClauseBreak,
            '.' when atEnd && lettersBefore >= 3 => ClauseBreak,
            ' ' or '\t' or '\f' or '\v' => ' ',
            _ when atEnd || i == 0 || char.IsWhiteSpace(text[i - 1]) => ' ',
            _ => Soft,
        };
    }

    /// <summary>
    /// Words (up to two) between a comma at <paramref name="from"/> − 1 and the next punctuation mark. Stops at that
    /// mark, so every character is looked at by one comma at most: linear.
    /// </summary>
    private static int WordsAhead(string text, int from)
    {
        if (from >= text.Length || !char.IsWhiteSpace(text[from]))
        {
            return 0;
        }

        var words = 0;
        var inWord = false;
        for (var i = from; i < text.Length && words < 2; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    words++;
                    inWord = true;
                }
            }
            else if (char.IsWhiteSpace(c) && c is not ('\n' or '\r'))
            {
                inWord = false;
            }
            else if (c is ',' or '.' or '!' or '?' or ';' or '\n' or '\r')
            {
                break;
            }
        }

        return words;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddAtom(char c, int start, int end) => atoms.Add(c, start, end);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordChar(char c) => c is not (' ' or '@' or '$' or Soft or ClauseBreak);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char AsLetter(char c) => c switch
    {
        >= '0' and <= '9' => Leet[c - '0'],
        '@' => 'a',
        '$' => 's',
        _ => c,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLeetSymbol(char c) => c is '@' or '$';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigitOrLeet(char c) => c is >= '0' and <= '9';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLetter(char c) => c is >= 'a' and <= 'z' || (c >= 0x80 && c != CharFolding.Multi);
}

/// <summary>A stretch of normalised text [Start, End) that is one word spelled apart.</summary>
internal readonly record struct Region(int Start, int End);
