using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Moderation;

internal sealed partial class ModerationEngine
{
    /// <summary>A term match that survived the allowed phrases: its entry and normalised span [From, To].</summary>
    private readonly record struct TermHit(int Entry, int From, int To);

    /// <summary>Per-thread buffers so an evaluation allocates nothing unless it has to mask.</summary>
    private sealed class Scratch
    {
        /// <summary>No clause holds the rule's roles.</summary>
        public const int NoClause = -1;

        /// <summary>A finding without a place in the text (a link): lowered by a frame anywhere.</summary>
        public const int AnyClause = -2;

        public NormalizedText Text { get; } = new();

        public ModerationAction[] Best { get; } = new ModerationAction[ModerationCategories.All.Count];

        public string?[] Why { get; } = new string?[ModerationCategories.All.Count];

        public int Hits => hits.Count;

        public UInt128 MessagePresence { get; private set; }

        public ReadOnlySpan<TermHit> TermFindings => terms.AsSpan(0, termCount);

        public ReadOnlySpan<int> TouchedClauses => touched.AsSpan(0, touchedCount);

        private Spanned<int> hits = new(64);

        private TermHit[] terms = new TermHit[16];
        private int termCount;

        private Spanned<int> groupSpans = new(16);

        private int[] allowFrom = new int[8];
        private int[] allowTo = new int[8];
        private int allows;

        private int[] coverage = new int[256];
        private int[] clauseOf = new int[256];
        private UInt128[] presence = new UInt128[16];
        private int[] loweredIn = new int[16];
        private int[] touched = new int[16];
        private int touchedCount;
        private int clauses;
        private int messageFrames;
        private int anyFrame;
        private readonly int[] followingFrom = new int[32];
        private Frame[] frames = [];

        private char[] region = new char[64];
        private int[] regionAt = new int[64];

        private bool[] masked = new bool[256];
        private bool anyMask;
        private int[] words = new int[256];
        private int wordsFor = -1;
        private readonly int[] lastSeen = new int[Lexicon.MaxRoles];
        private bool[] rivalAt = new bool[64];
        private int rivalWords;

        public void Reset(Lexicon lex)
        {
            frames = lex.Frames;
            hits.Clear();
            termCount = 0;
            groupSpans.Clear();
            allows = 0;
            for (var t = 0; t < touchedCount; t++)
            {
                presence[touched[t]] = 0;
                loweredIn[touched[t]] = 0;
            }

            touchedCount = 0;
            clauses = 0;
            MessagePresence = 0;
            messageFrames = 0;
            anyFrame = 0;
            Array.Fill(followingFrom, int.MaxValue);
            Array.Clear(Best);
            Array.Clear(Why);
            wordsFor = -1;
            anyMask = false;
        }

        public void AddHit(int pattern, int from, int to) => hits.Add(pattern, from, to);

        /// <summary>
        /// Matches the region's letters once more with the spaces removed and without word boundaries, so that the
        /// parts of a word spelled apart ("slotgacor", "go blok") are found. Returns the work done.
        /// </summary>
        public long ScanRegion(Lexicon lex, NormalizedText norm, Region r)
        {
            var n = 0;
            if (region.Length < r.End - r.Start)
            {
                region = new char[Math.Max(r.End - r.Start, region.Length * 2)];
                regionAt = new int[region.Length];
            }

            for (var i = r.Start; i < r.End; i++)
            {
                if (norm.Chars[i] != ' ')
                {
                    region[n] = norm.Chars[i];
                    regionAt[n++] = i;
                }
            }

            var sink = new RegionSink(this, lex, regionAt);
            return lex.CoreMatcher.Scan(region.AsSpan(0, n), ref sink);
        }

        /// <summary>
        /// The one pass over every match's lexicon entries: allowed phrases, terms and role words are sorted apart,
        /// then terms and role words inside an allowed phrase are dropped (prefix sums: O(1) each).
        /// </summary>
        public void Sort(Lexicon lex, int length)
        {
            for (var h = 0; h < Hits; h++)
            {
                var pattern = hits.Item[h];
                for (var e = lex.EntryStart[pattern]; e < lex.EntryStart[pattern + 1]; e++)
                {
                    var entry = lex.Entries[e];
                    switch (entry.Kind)
                    {
                        case EntryKind.Allow:
                            Add(ref allowFrom, ref allowTo, allows++, hits.Start[h], hits.End[h]);
                            break;
                        case EntryKind.Term:
                            if (termCount == terms.Length)
                            {
                                Array.Resize(ref terms, termCount * 2);
                            }

                            terms[termCount++] = new TermHit(e, hits.Start[h], hits.End[h]);
                            break;
                        default:
                            AddGroupHit(entry.Group, hits.Start[h], hits.End[h]);
                            break;
                    }
                }
            }

            if (allows == 0)
            {
                return;
            }

            BuildCoverage(length);
            var kept = 0;
            for (var t = 0; t < termCount; t++)
            {
                if (!Covered(terms[t].From, terms[t].To))
                {
                    terms[kept++] = terms[t];
                }
            }

            termCount = kept;
            kept = 0;
            for (var g = 0; g < groupSpans.Count; g++)
            {
                if (!Covered(groupSpans.Start[g], groupSpans.End[g]))
                {
                    groupSpans.Item[kept] = groupSpans.Item[g];
                    groupSpans.Start[kept] = groupSpans.Start[g];
                    groupSpans.End[kept] = groupSpans.End[g];
                    kept++;
                }
            }

            groupSpans.Count = kept;
        }

        /// <summary>
        /// Splits the text into clauses (sentence ends marked by the normaliser, and words of break groups such as
        /// "tapi"), then records which roles each clause holds and where each frame applies. Linear in the text
        /// plus the role words.
        /// </summary>
        public void BuildClauses(Lexicon lex, ReadOnlySpan<char> text)
        {
            if (clauseOf.Length < text.Length + 1)
            {
                clauseOf = new int[Math.Max(text.Length + 1, clauseOf.Length * 2)];
            }

            Array.Clear(clauseOf, 0, text.Length + 1);
            for (var g = 0; g < groupSpans.Count; g++)
            {
                if ((lex.BreakGroups & (UInt128.One << groupSpans.Item[g])) != 0)
                {
                    clauseOf[groupSpans.Start[g]]++;
                }
            }

            var clause = 0;
            for (var i = 0; i < text.Length; i++)
            {
                clause += clauseOf[i] + (text[i] == NormalizedText.ClauseBreak ? 1 : 0);
                clauseOf[i] = clause;
            }

            clauses = clause + 1;
            if (presence.Length < clauses)
            {
                presence = new UInt128[Math.Max(clauses, presence.Length * 2)];
                loweredIn = new int[presence.Length];
                touched = new int[presence.Length];
            }

            for (var g = 0; g < groupSpans.Count; g++)
            {
                var c = clauseOf[groupSpans.Start[g]];
                if (presence[c] == 0)
                {
                    touched[touchedCount++] = c;
                }

                presence[c] |= UInt128.One << groupSpans.Item[g];
                MessagePresence |= UInt128.One << groupSpans.Item[g];
            }

            for (var f = 0; f < frames.Length; f++)
            {
                var frame = frames[f];
                var bit = UInt128.One << frame.Group;
                if ((MessagePresence & bit) == 0)
                {
                    continue;
                }

                for (var t = 0; t < touchedCount; t++)
                {
                    var c = touched[t];
                    if ((presence[c] & bit) == 0 || (presence[c] & frame.Unless) != 0)
                    {
                        continue;
                    }

                    anyFrame |= 1 << f;
                    switch (frame.Scope)
                    {
                        case FrameScope.Message:
                            messageFrames |= 1 << f;
                            break;
                        case FrameScope.Clause:
                            loweredIn[c] |= 1 << f;
                            break;
                        default:
                            followingFrom[f] = Math.Min(followingFrom[f], c);
                            break;
                    }
                }
            }
        }

        public int ClauseOf(int position) => clauseOf[position];

        public UInt128 Presence(int clause) => presence[clause];

        /// <summary>
        /// True when a frame lowers a finding of <paramref name="category"/> that involves the roles
        /// <paramref name="roles"/> in <paramref name="clause"/>.
        /// </summary>
        public bool Lowered(int clause, int category, UInt128 roles)
        {
            if (anyFrame == 0 || clause == NoClause)
            {
                return false;
            }

            for (var f = 0; f < frames.Length; f++)
            {
                var frame = frames[f];
                if ((anyFrame & (1 << f)) == 0 || (frame.Categories & (1 << category)) == 0 || (frame.On != 0 && (frame.On & roles) == 0))
                {
                    continue;
                }

                if (clause == AnyClause || (messageFrames & (1 << f)) != 0 || followingFrom[f] <= clause || (loweredIn[clause] & (1 << f)) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The last clause holding a word of any of <paramref name="groups"/>.</summary>
        public int LastClauseOf(UInt128 groups)
        {
            var last = 0;
            for (var g = 0; g < groupSpans.Count; g++)
            {
                if ((groups & (UInt128.One << groupSpans.Item[g])) != 0)
                {
                    last = Math.Max(last, clauseOf[groupSpans.Start[g]]);
                }
            }

            return last;
        }

        /// <summary>Masks the words of <paramref name="groups"/> in one clause (or all, for <see cref="AnyClause"/>).</summary>
        public void MaskGroups(UInt128 groups, int clause, NormalizedText norm)
        {
            for (var g = 0; g < groupSpans.Count; g++)
            {
                if ((groups & (UInt128.One << groupSpans.Item[g])) != 0 && (clause == AnyClause || clauseOf[groupSpans.Start[g]] == clause))
                {
                    MaskSpan(norm.Start(groupSpans.Start[g]), norm.End(groupSpans.End[g]));
                }
            }
        }

        /// <summary>
        /// True when one occurrence of every group in <paramref name="groups"/> lies within <paramref name="near"/> words
        /// and no word of <paramref name="rivals"/> sits nearer to the others than the word of <paramref name="rivalFor"/>:
        /// one pass over the group hits in text order, remembering the latest word of each group.
        /// </summary>
        public bool Near(UInt128 groups, int near, ReadOnlySpan<char> text, UInt128 rivals, UInt128 rivalFor)
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

            var anyRival = (MessagePresence & rivals) != 0 && MarkRivals(rivals, text.Length);
            for (var rest = groups; rest != 0; rest &= rest - 1)
            {
                lastSeen[(int)UInt128.TrailingZeroCount(rest)] = int.MinValue / 2;
            }

            for (var h = 0; h < groupSpans.Count; h++)
            {
                var g = groupSpans.Item[h];
                if ((groups & (UInt128.One << g)) == 0)
                {
                    continue;
                }

                var word = words[groupSpans.Start[h]];
                lastSeen[g] = word;
                var oldest = int.MaxValue;
                for (var rest = groups; rest != 0; rest &= rest - 1)
                {
                    oldest = Math.Min(oldest, lastSeen[(int)UInt128.TrailingZeroCount(rest)]);
                }

                if (word - oldest <= near && !(anyRival && RivalNearer(groups, rivalFor)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Marks the words that hold a word of <paramref name="rivals"/>; true when there is one.</summary>
        private bool MarkRivals(UInt128 rivals, int length)
        {
            var count = length == 0 ? 0 : words[length - 1] + 1;
            if (rivalAt.Length < count)
            {
                rivalAt = new bool[Math.Max(count, rivalAt.Length * 2)];
            }

            Array.Clear(rivalAt, 0, count);
            rivalWords = count;
            var any = false;
            for (var h = 0; h < groupSpans.Count; h++)
            {
                if ((rivals & (UInt128.One << groupSpans.Item[h])) != 0)
                {
                    for (var w = words[groupSpans.Start[h]]; w <= words[groupSpans.End[h]]; w++)
                    {
                        rivalAt[w] = true;
                        any = true;
                    }
                }
            }

            return any;
        }

        /// <summary>
        /// True when a rival word sits nearer to the latest word of one of the other groups than the latest word of
        /// <paramref name="rivalFor"/> does, or as near and before it: the subject comes first ("saya yang bodoh, mbak …"
        /// is the writer; "kamu yang bodoh, saya …" the reader; "saya rasa kamu tidak becus" the reader).
        /// </summary>
        private bool RivalNearer(UInt128 groups, UInt128 rivalFor)
        {
            for (var rest = groups & ~rivalFor; rest != 0; rest &= rest - 1)
            {
                var at = lastSeen[(int)UInt128.TrailingZeroCount(rest)];
                var target = int.MaxValue;
                for (var own = groups & rivalFor; own != 0; own &= own - 1)
                {
                    target = Math.Min(target, Math.Abs(lastSeen[(int)UInt128.TrailingZeroCount(own)] - at));
                }

                for (var d = 0; d <= target; d++)
                {
                    if (RivalAt(at - d) || (d < target && RivalAt(at + d)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool RivalAt(int word) => (uint)word < (uint)rivalWords && rivalAt[word];

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

        private static void Add(ref int[] from, ref int[] to, int index, int f, int t)
        {
            if (index == from.Length)
            {
                Array.Resize(ref from, index * 2);
                Array.Resize(ref to, index * 2);
            }

            from[index] = f;
            to[index] = t;
        }

        private void AddGroupHit(int group, int from, int to) => groupSpans.Add(group, from, to);

        /// <summary>Prefix sums of positions inside allowed phrases, so "is any of [from, to] covered" is O(1).</summary>
        private void BuildCoverage(int length)
        {
            if (coverage.Length < length + 2)
            {
                coverage = new int[Math.Max(length + 2, coverage.Length * 2)];
            }

            Array.Clear(coverage, 0, length + 2);
            for (var a = 0; a < allows; a++)
            {
                coverage[allowFrom[a]]++;
                coverage[allowTo[a] + 1]--;
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

        private bool Covered(int from, int to) => coverage[to] - (from > 0 ? coverage[from - 1] : 0) > 0;
    }

    private readonly struct RegionSink(Scratch s, Lexicon lex, int[] at) : IMatchSink
    {
        public void Match(int core, int lastIndex)
        {
            var from = at[lastIndex - lex.CoreLength[core] + 1];
            var to = at[lastIndex];
            foreach (var pattern in lex.CorePatterns[core])
            {
                s.AddHit(pattern, from, to);
            }
        }
    }
}
