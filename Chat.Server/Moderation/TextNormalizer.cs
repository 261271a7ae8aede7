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

    // Folded input characters, then the normalised output.
    private SpannedChars atoms = new(256);
    private SpannedChars output = new(256);

    // A run of one-letter words ("a n j i n g", "k.a.m.p.r.e.t") waiting to be joined.
    private SpannedChars run = new(64);

    public int Length => output.Count;

    public ReadOnlySpan<char> Chars => output.Char.AsSpan(0, Length);

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
        Emit(' ', 0, 0);
        var i = 0;
        while (i < atoms.Count)
        {
            if (!IsWordAtom(i))
            {
                i++;
                continue;
            }

            var end = i + 1;
            var hasLetter = IsLetter(atoms.Char[i]);
            while (end < atoms.Count && (IsWordAtom(end) || (IsLeetSymbol(atoms.Char[end]) && end + 1 < atoms.Count && IsWordAtom(end + 1))))
            {
                hasLetter |= IsLetter(atoms.Char[end]);
                end++;
            }

            Token(i, end, hasLetter);
            i = end;
        }

        FlushRun();
        Emit(' ', atoms.Count == 0 ? 0 : atoms.End[atoms.Count - 1], atoms.Count == 0 ? 0 : atoms.End[atoms.Count - 1]);
    }

    private void Token(int from, int to, bool hasLetter)
    {
        var length = to - from;
        if (length == 1 && hasLetter)
        {
            AddToRun(atoms.Char[from], atoms.Start[from], atoms.End[from]);
            return;
        }

        FlushRun();
        Separate(atoms.Start[from]);
        for (var k = from; k < to; k++)
        {
            var c = atoms.Char[k];
            if (hasLetter)
            {
                if (c == '2' && k == to - 1 && length >= 3 && IsLetter(atoms.Char[k - 1]))
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

            Emit(c, atoms.Start[k], atoms.End[k]);
        }
    }

    private void AddToRun(char c, int start, int end) => run.Add(c, start, end);

    private void FlushRun()
    {
        // Three or more one-letter words in a row are letters spelled apart; fewer are ordinary words ("di a").
        var join = run.Count >= 3;
        for (var k = 0; k < run.Count; k++)
        {
            if (!join || k == 0)
            {
                Separate(run.Start[k]);
            }

            Emit(run.Char[k], run.Start[k], run.End[k]);
        }

        run.Clear();
    }

    private void Separate(int at)
    {
        if (output.Char[Length - 1] != ' ')
        {
            Emit(' ', at, at);
        }
    }

    private void Emit(char c, int start, int end)
    {
        // Repeated letters collapse (anjiiing = anjing); the kept letter's span grows to cover them.
        if (Length > 0 && c == output.Char[Length - 1] && (IsLetter(c) || c == ' '))
        {
            output.End[Length - 1] = end;
            return;
        }

        output.Add(c, start, end);
    }

    private void Fold(string text)
    {
        atoms.Clear();
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

    private void AddAtom(char c, int start, int end) => atoms.Add(c, start, end);

    private bool IsWordAtom(int i) => atoms.Char[i] is not (' ' or '@' or '$');

    private static bool IsLeetSymbol(char c) => c is '@' or '$';

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z' || (c >= 0x80 && c != CharFolding.Multi);
}
