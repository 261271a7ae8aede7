using Chat.Server.Hubs.Contracts;
using Chat.Server.Resources;

namespace Chat.Server.Moderation;

/// <summary>Facts about a message for the behavioural checks.</summary>
internal readonly record struct TextFacts(int Links, ulong NormalizedHash, int NormalizedLength);

/// <summary>Work counters of one evaluation, for tests that check the engine stays linear.</summary>
internal sealed class ModerationTrace
{
    public long MatcherSteps { get; set; }

    public int NormalizedLength { get; set; }

    public string Normalized { get; set; } = string.Empty;

    public List<string> Reasons { get; } = [];
}

/// <summary>
/// The text verdict: normalise, match every lexicon pattern in one pass, drop matches inside allowed phrases,
/// apply co-occurrence rules and link checks, then pick the strongest action. Stateless and thread-safe; the
/// lexicon can be swapped at any time (reload) and each evaluation uses the one it started with.
/// </summary>
internal sealed class ModerationEngine(Func<Lexicon> lexicon)
{
    [ThreadStatic]
    private static Scratch? scratch;

    private static readonly string[][] CategorySets = BuildCategorySets();

    public ModerationEngine(Lexicon lexicon)
        : this(() => lexicon)
    {
    }

    public ModerationVerdict Evaluate(string text, SenderRole role, ModerationTrace? trace = null) => Evaluate(text, role, out _, trace);

    /// <summary>Also reports what behavioural checks need: links and a hash of the normalised text (repeats).</summary>
    public ModerationVerdict Evaluate(string text, SenderRole role, out TextFacts facts, ModerationTrace? trace = null)
    {
        var verdict = EvaluateCore(text, role, out facts, trace);

        // A huge input (only possible outside the chat's length limit) must not pin its buffers to the thread.
        if (text.Length > 16_384)
        {
            scratch = null;
        }

        return verdict;
    }

    private ModerationVerdict EvaluateCore(string text, SenderRole role, out TextFacts facts, ModerationTrace? trace)
    {
        var lex = lexicon();
        var s = scratch ??= new Scratch();
        var norm = s.Text;
        norm.Normalize(text);
        s.Reset();

        var sink = new HitSink(s, lex.PatternHasAllow);
        var steps = lex.Matcher.Scan(norm.Chars, ref sink);
        if (trace is not null)
        {
            trace.MatcherSteps = steps;
            trace.NormalizedLength = norm.Length;
            trace.Normalized = norm.ToString();
        }

        facts = new TextFacts(0, Hash(norm.Chars), norm.Length);
        if (s.Hits == 0 && text.IndexOf('.') < 0)
        {
            return ModerationVerdict.Allow(text);
        }

        if (s.HasAllow)
        {
            s.BuildCoverage(lex, norm.Length);
        }

        Span<ModerationAction> best = stackalloc ModerationAction[ModerationCategories.All.Count];
        ulong present = 0;
        for (var h = 0; h < s.Hits; h++)
        {
            var pattern = s.HitPattern[h];
            var last = s.HitLast[h];
            for (var e = lex.EntryStart[pattern]; e < lex.EntryStart[pattern + 1]; e++)
            {
                var entry = lex.Entries[e];
                if (entry.Kind == EntryKind.Allow)
                {
                    continue;
                }

                var from = last - entry.Length + 1 + entry.Lead;
                var to = last - entry.Trail;
                if (s.HasAllow && s.Covered(from, to))
                {
                    continue;
                }

                if (entry.Kind == EntryKind.Group)
                {
                    present |= 1UL << entry.Group;
                    s.AddGroupHit(entry.Group, from);
                    continue;
                }

                Raise(best, entry.Category, entry.Action);
                trace?.Reasons.Add($"term {ModerationCategories.All[entry.Category]} {entry.Action}: {new string(norm.Chars[from..(to + 1)])}");
                if (entry.Action == ModerationAction.Mask)
                {
                    s.MaskSpan(norm.Start(from), norm.End(to));
                }
            }
        }

        var links = LinkScanner.Scan(text);
        facts = facts with { Links = links.Links };
        if (links.LookAlike)
        {
            Raise(best, ModerationCategories.IndexOf(ModerationCategories.Penipuan), ModerationAction.Block);
            trace?.Reasons.Add("link posing as LPSE/SPSE");
        }

        if (links.External > 0)
        {
            present |= 1UL << lex.ExternalLinkBit;
        }

        foreach (var rule in lex.Rules)
        {
            if ((rule.Role is null || rule.Role == role) && (present & rule.All) == rule.All && (present & rule.None) == 0
                && (rule.Near == 0 || s.Near(rule.All & ~(1UL << lex.ExternalLinkBit), rule.Near, norm.Chars)))
            {
                Raise(best, rule.Category, rule.Action);
                trace?.Reasons.Add($"rule {rule.Name}");
                if (rule.Action == ModerationAction.Mask)
                {
                    MaskGroups(s, lex, rule.Mask, norm);
                }
            }
        }

        return Verdict(text, best, s);
    }

    private static ulong Hash(ReadOnlySpan<char> chars)
    {
        // FNV-1a: enough to tell repeated messages apart, and cheap.
        var hash = 14695981039346656037UL;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static void Raise(Span<ModerationAction> best, int category, ModerationAction action)
    {
        if (action > best[category])
        {
            best[category] = action;
        }
    }

    private static void MaskGroups(Scratch s, Lexicon lex, ulong groups, NormalizedText norm)
    {
        for (var h = 0; h < s.Hits; h++)
        {
            var pattern = s.HitPattern[h];
            for (var e = lex.EntryStart[pattern]; e < lex.EntryStart[pattern + 1]; e++)
            {
                var entry = lex.Entries[e];
                if (entry.Kind == EntryKind.Group && (groups & (1UL << entry.Group)) != 0)
                {
                    var from = s.HitLast[h] - entry.Length + 1 + entry.Lead;
                    var to = s.HitLast[h] - entry.Trail;
                    if (!s.HasAllow || !s.Covered(from, to))
                    {
                        s.MaskSpan(norm.Start(from), norm.End(to));
                    }
                }
            }
        }
    }

    private static ModerationVerdict Verdict(string text, ReadOnlySpan<ModerationAction> best, Scratch s)
    {
        var action = ModerationAction.Allow;
        var mask = 0;
        var clauseCategory = -1;
        for (var c = 0; c < best.Length; c++)
        {
            if (best[c] == ModerationAction.Allow)
            {
                continue;
            }

            mask |= 1 << c;
            if (best[c] > action)
            {
                action = best[c];
                clauseCategory = c;
            }
        }

        if (action == ModerationAction.Allow)
        {
            return ModerationVerdict.Allow(text);
        }

        var category = ModerationCategories.All[clauseCategory];
        var delivered = action switch
        {
            ModerationAction.Block => null,
            ModerationAction.Mask => s.ApplyMask(text),
            _ => text,
        };
        return new ModerationVerdict(action, CategorySets[mask], ModerationCategories.Clause(category), delivered, Explanation(action, clauseCategory));
    }

    // Stored explanations are in the neutral language and never change at run time: formatted once per pair.
    private static readonly string?[,] Explanations = new string?[4, 5];

    private static string Explanation(ModerationAction action, int category) =>
        Explanations[(int)action, category] ??= Text.Stored("Moderation" + action,
            Text.Stored("ModerationCategory" + ModerationCategories.All[category].Replace("_", string.Empty, StringComparison.Ordinal)),
            ModerationCategories.Clause(ModerationCategories.All[category]));

    private static string[][] BuildCategorySets()
    {
        var n = ModerationCategories.All.Count;
        var sets = new string[1 << n][];
        for (var m = 0; m < sets.Length; m++)
        {
            sets[m] = [.. Enumerable.Range(0, n).Where(c => (m & (1 << c)) != 0).Select(c => ModerationCategories.All[c])];
        }

        return sets;
    }

    private readonly struct HitSink(Scratch s, bool[] hasAllow) : IMatchSink
    {
        public void Match(int pattern, int lastIndex)
        {
            s.AddHit(pattern, lastIndex);
            s.HasAllow |= hasAllow[pattern];
        }
    }

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
