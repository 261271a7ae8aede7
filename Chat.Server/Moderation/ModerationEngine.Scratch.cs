namespace Chat.Server.Moderation;

internal sealed partial class ModerationEngine
{
    /// <summary>Per-thread buffers so an evaluation allocates nothing unless it has to mask.</summary>
    private sealed class Scratch
    {
        public NormalizedText Text { get; } = new();

        public int[] HitPattern = new int[64];
        public int[] HitLast = new int[64];
        public int Hits;
        public bool HasAllow;
        private int[] coverage = new int[256];
        private bool[] masked = new bool[256];
        private bool anyMask;

        public void Reset()
        {
            Hits = 0;
            groupHits = 0;
            wordsFor = -1;
            HasAllow = false;
            anyMask = false;
        }

        private int[] groupHit = new int[16];
        private int[] groupHitAt = new int[16];
        private int groupHits;
        private int[] words = new int[256];
        private int wordsFor = -1;
        private readonly int[] lastSeen = new int[64];

        public void AddGroupHit(int group, int at)
        {
            if (groupHits == groupHit.Length)
            {
                Array.Resize(ref groupHit, groupHits * 2);
                Array.Resize(ref groupHitAt, groupHits * 2);
            }

            groupHit[groupHits] = group;
            groupHitAt[groupHits] = at;
            groupHits++;
        }

        /// <summary>
        /// True when one occurrence of every group in <paramref name="groups"/> lies within <paramref name="near"/> words:
        /// one pass over the group hits in text order, remembering the latest word of each group.
        /// </summary>
        public bool Near(ulong groups, int near, ReadOnlySpan<char> text)
        {
            if (wordsFor != text.Length)
            {
                if (words.Length < text.Length)
                {
                    words = new int[Math.Max(text.Length, words.Length * 2)];
                }

                var w = 0;
                for (var i = 0; i < text.Length; i++)
                {
                    w += text[i] == ' ' ? 1 : 0;
                    words[i] = w;
                }

                wordsFor = text.Length;
            }

            Array.Fill(lastSeen, int.MinValue / 2);
            for (var h = 0; h < groupHits; h++)
            {
                var g = groupHit[h];
                if ((groups & (1UL << g)) == 0)
                {
                    continue;
                }

                var word = words[groupHitAt[h]];
                lastSeen[g] = word;
                var oldest = int.MaxValue;
                for (var k = 0; k < 64; k++)
                {
                    if ((groups & (1UL << k)) != 0)
                    {
                        oldest = Math.Min(oldest, lastSeen[k]);
                    }
                }

                if (word - oldest <= near)
                {
                    return true;
                }
            }

            return false;
        }

        public void AddHit(int pattern, int last)
        {
            if (Hits == HitPattern.Length)
            {
                Array.Resize(ref HitPattern, Hits * 2);
                Array.Resize(ref HitLast, Hits * 2);
            }

            HitPattern[Hits] = pattern;
            HitLast[Hits] = last;
            Hits++;
        }

        /// <summary>Prefix sums of positions inside allowed phrases, so "is any of [from, to] covered" is O(1).</summary>
        public void BuildCoverage(Lexicon lex, int length)
        {
            if (coverage.Length < length + 2)
            {
                coverage = new int[Math.Max(length + 2, coverage.Length * 2)];
            }

            Array.Clear(coverage, 0, length + 2);
            for (var h = 0; h < Hits; h++)
            {
                var pattern = HitPattern[h];
                for (var e = lex.EntryStart[pattern]; e < lex.EntryStart[pattern + 1]; e++)
                {
                    var entry = lex.Entries[e];
                    if (entry.Kind == EntryKind.Allow)
                    {
                        coverage[HitLast[h] - entry.Length + 1 + entry.Lead]++;
                        coverage[HitLast[h] - entry.Trail + 1]--;
                    }
                }
            }

            // First the depth at each position, then how many positions up to i are covered.
            var depth = 0;
            var covered = 0;
            for (var i = 0; i <= length; i++)
            {
                depth += coverage[i];
                covered += depth > 0 ? 1 : 0;
                coverage[i] = covered;
            }
        }

        public bool Covered(int from, int to) => coverage[to] - (from > 0 ? coverage[from - 1] : 0) > 0;

        public void MaskSpan(int start, int end)
        {
            if (masked.Length < end)
            {
                Array.Resize(ref masked, Math.Max(end, masked.Length * 2));
            }

            if (!anyMask)
            {
                Array.Clear(masked);
                anyMask = true;
            }

            for (var i = start; i < end; i++)
            {
                masked[i] = true;
            }
        }

        public string ApplyMask(string text)
        {
            if (!anyMask)
            {
                return text;
            }

            return string.Create(text.Length, (text, masked), static (span, state) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    var c = state.text[i];
                    span[i] = i < state.masked.Length && state.masked[i] && !char.IsWhiteSpace(c) ? '*' : c;
                }
            });
        }
    }
}
