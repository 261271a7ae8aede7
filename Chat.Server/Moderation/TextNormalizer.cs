namespace Chat.Server.Moderation;

/// <summary>
/// Normalised text for matching, with a map from every normalised character back to the span of original
/// characters it came from (for masking). Words are separated by exactly one space and the text starts and
/// ends with a space, so lexicon patterns express word boundaries with spaces. One pass plus one pass per
/// token: linear in the input. Instances are scratch buffers, reused per thread.
/// </summary>
internal sealed class NormalizedText
{
    // Digits inside words read as letters: g0bl0k, 4nj1ng, k0nt0l, b4ngs4t.
    private const string Leet = "oizeasgtbg";

    private char[] atomChar = new char[256];
    private int[] atomStart = new int[256];
    private int[] atomEnd = new int[256];
    private int atoms;

    private char[] chars = new char[256];
    private int[] starts = new int[256];
    private int[] ends = new int[256];

    // A run of one-letter words ("a n j i n g", "k.a.m.p.r.e.t") waiting to be joined.
    private char[] runChar = new char[64];
    private int[] runStart = new int[64];
    private int[] runEnd = new int[64];
    private int run;

    public int Length { get; private set; }

    public ReadOnlySpan<char> Chars => chars.AsSpan(0, Length);

    /// <summary>First original index of normalised character <paramref name="i"/>.</summary>
    public int Start(int i) => starts[i];

    /// <summary>One past the last original index of normalised character <paramref name="i"/>.</summary>
    public int End(int i) => ends[i];

    public override string ToString() => new(Chars);

    public void Normalize(string text)
    {
        Fold(text);
        Length = 0;
        run = 0;
        Emit(' ', 0, 0);
        var i = 0;
        while (i < atoms)
        {
            if (!IsWordAtom(i))
            {
                i++;
                continue;
            }

            var end = i + 1;
            var hasLetter = IsLetter(atomChar[i]);
            while (end < atoms && (IsWordAtom(end) || (IsLeetSymbol(atomChar[end]) && end + 1 < atoms && IsWordAtom(end + 1))))
            {
                hasLetter |= IsLetter(atomChar[end]);
                end++;
            }

            Token(i, end, hasLetter);
            i = end;
        }

        FlushRun();
        Emit(' ', atoms == 0 ? 0 : atomEnd[atoms - 1], atoms == 0 ? 0 : atomEnd[atoms - 1]);
    }

    private void Token(int from, int to, bool hasLetter)
    {
        var length = to - from;
        if (length == 1 && hasLetter)
        {
            AddToRun(atomChar[from], atomStart[from], atomEnd[from]);
            return;
        }

        FlushRun();
        Separate(atomStart[from]);
        for (var k = from; k < to; k++)
        {
            var c = atomChar[k];
            if (hasLetter)
            {
                if (c == '2' && k == to - 1 && length >= 3 && IsLetter(atomChar[k - 1]))
                {
                    // Reduplication shorthand: kata2 = kata-kata; the word itself is what matters.
                    continue;
                }

                c = c switch
                {
                    >= '0' and <= '9' => Leet[c - '0'],
                    '@' => 'a',
                    '$' => 's',
                    _ => c,
                };
            }

            Emit(c, atomStart[k], atomEnd[k]);
        }
    }

    private void AddToRun(char c, int start, int end)
    {
        if (run == runChar.Length)
        {
            Array.Resize(ref runChar, run * 2);
            Array.Resize(ref runStart, run * 2);
            Array.Resize(ref runEnd, run * 2);
        }

        runChar[run] = c;
        runStart[run] = start;
        runEnd[run] = end;
        run++;
    }

    private void FlushRun()
    {
        // Three or more one-letter words in a row are letters spelled apart; fewer are ordinary words ("di a").
        var join = run >= 3;
        for (var k = 0; k < run; k++)
        {
            if (!join || k == 0)
            {
                Separate(runStart[k]);
            }

            Emit(runChar[k], runStart[k], runEnd[k]);
        }

        run = 0;
    }

    private void Separate(int at)
    {
        if (chars[Length - 1] != ' ')
        {
            Emit(' ', at, at);
        }
    }

    private void Emit(char c, int start, int end)
    {
        // Repeated letters collapse (anjiiing = anjing); the kept letter's span grows to cover them.
        if (Length > 0 && c == chars[Length - 1] && (IsLetter(c) || c == ' '))
        {
            ends[Length - 1] = end;
            return;
        }

        if (Length == chars.Length)
        {
            Array.Resize(ref chars, Length * 2);
            Array.Resize(ref starts, Length * 2);
            Array.Resize(ref ends, Length * 2);
        }

        chars[Length] = c;
        starts[Length] = start;
        ends[Length] = end;
        Length++;
    }

    private void Fold(string text)
    {
        atoms = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                AddAtom(c is >= 'A' and <= 'Z' ? (char)(c + 32) : c is >= 'a' and <= 'z' or >= '0' and <= '9' or '@' or '$' ? c : ' ', i, i + 1);
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                foreach (var f in CharFolding.FoldPair(c, text[i + 1]))
                {
                    AddAtom(f, i, i + 2);
                }

                i++;
                continue;
            }

            var mapped = CharFolding.Map(c);
            if (mapped == CharFolding.Drop)
            {
                continue;
            }

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

    private void AddAtom(char c, int start, int end)
    {
        if (atoms == atomChar.Length)
        {
            Array.Resize(ref atomChar, atoms * 2);
            Array.Resize(ref atomStart, atoms * 2);
            Array.Resize(ref atomEnd, atoms * 2);
        }

        atomChar[atoms] = c;
        atomStart[atoms] = start;
        atomEnd[atoms] = end;
        atoms++;
    }

    private bool IsWordAtom(int i) => atomChar[i] is not (' ' or '@' or '$');

    private static bool IsLeetSymbol(char c) => c is '@' or '$';

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z' || (c >= 0x80 && c != CharFolding.Multi);
}
