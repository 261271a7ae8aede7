namespace Chat.Server.Moderation;

/// <summary>
/// A multi-pattern matcher compiled to a full transition table (Aho-Corasick automaton): one table lookup per
/// input character, no backtracking, so the time is linear in the text plus the number of matches.
/// Patterns use the normalised alphabet: a-z, 0-9 and the word-boundary space; any other character in the text
/// moves to a symbol no pattern contains.
/// </summary>
internal sealed class AhoCorasick
{
    private const int Alphabet = 38;
    private const int Other = 37;

    // Row offset of the next state per (row, symbol); complemented when that state reports patterns.
    private readonly int[] next;
    private readonly int[] outputStart;
    private readonly int[] outputs;

    private AhoCorasick(int[] next, int[] outputStart, int[] outputs)
    {
        this.next = next;
        this.outputStart = outputStart;
        this.outputs = outputs;
    }

    public int States => outputStart.Length - 1;

    public static bool IsPatternChar(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9' or ' ';

    /// <summary>Builds the automaton; pattern i is reported as id i.</summary>
    public static AhoCorasick Build(IReadOnlyList<string> patterns)
    {
        var trie = new List<int[]> { NewRow() };
        var own = new List<List<int>?> { null };
        for (var p = 0; p < patterns.Count; p++)
        {
            var state = 0;
            foreach (var c in patterns[p])
            {
                var s = Symbol(c);
                if (s == Other)
                {
                    throw new ArgumentException($"Pattern '{patterns[p]}' has a character outside the normalised alphabet.", nameof(patterns));
                }

                if (trie[state][s] < 0)
                {
                    trie[state][s] = trie.Count;
                    trie.Add(NewRow());
                    own.Add(null);
                }

                state = trie[state][s];
            }

            (own[state] ??= []).Add(p);
        }

        var count = trie.Count;
        var next = new int[count * Alphabet];
        var fail = new int[count];
        var all = new List<int>[count];
        all[0] = own[0] ?? [];
        var queue = new Queue<int>();
        for (var s = 0; s < Alphabet; s++)
        {
            var child = trie[0][s];
            next[s] = child < 0 ? 0 : child;
            if (child > 0)
            {
                fail[child] = 0;
                queue.Enqueue(child);
            }
        }

        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            all[state] = [.. own[state] ?? [], .. all[fail[state]]];
            for (var s = 0; s < Alphabet; s++)
            {
                var child = trie[state][s];
                if (child < 0)
                {
                    next[(state * Alphabet) + s] = next[(fail[state] * Alphabet) + s];
                }
                else
                {
                    next[(state * Alphabet) + s] = child;
                    fail[child] = next[(fail[state] * Alphabet) + s];
                    queue.Enqueue(child);
                }
            }
        }

        var outputStart = new int[count + 1];
        var flat = new List<int>();
        for (var s = 0; s < count; s++)
        {
            outputStart[s] = flat.Count;
            flat.AddRange(all[s]);
        }

        outputStart[count] = flat.Count;

        // The scan follows row offsets (state × alphabet) rather than states, so each character costs a load and an
        // add; a state that reports patterns is stored complemented (negative), so the common step tests one sign.
        for (var e = 0; e < next.Length; e++)
        {
            var target = next[e];
            next[e] = outputStart[target + 1] > outputStart[target] ? ~(target * Alphabet) : target * Alphabet;
        }

        return new AhoCorasick(next, outputStart, [.. flat]);
    }

    /// <summary>
    /// Reports every occurrence as (pattern id, index of its last character). Returns the work done:
    /// one step per character plus one per reported match.
    /// </summary>
    public long Scan<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IMatchSink
    {
        var row = 0;
        long steps = text.Length;
        var table = next;
        for (var i = 0; i < text.Length; i++)
        {
            row = table[row + Symbol(text[i])];
            if (row >= 0)
            {
                continue;
            }

            row = ~row;
            var state = row / Alphabet;
            var from = outputStart[state];
            var to = outputStart[state + 1];
            for (var o = from; o < to; o++)
            {
                sink.Match(outputs[o], i);
                steps++;
            }
        }

        return steps;
    }

    private static readonly byte[] AsciiSymbols = BuildAsciiSymbols();

    private static int Symbol(char c) => c < 128 ? AsciiSymbols[c] : Other;

    private static byte[] BuildAsciiSymbols()
    {
        var table = new byte[128];
        for (var c = 0; c < 128; c++)
        {
            table[c] = (byte)SymbolOf((char)c);
        }

        return table;
    }

    private static int SymbolOf(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= '0' and <= '9' => 26 + (c - '0'),
        ' ' => 36,
        _ => Other,
    };

    private static int[] NewRow()
    {
        var row = new int[Alphabet];
        Array.Fill(row, -1);
        return row;
    }
}

/// <summary>Receives matches from <see cref="AhoCorasick.Scan{TSink}"/> without allocating a delegate.</summary>
internal interface IMatchSink
{
    void Match(int pattern, int lastIndex);
}
