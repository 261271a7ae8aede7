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
internal sealed partial class ModerationEngine(Func<Lexicon> lexicon, Func<Learning.LearnedModel?>? model = null)
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
        Span<ModerationAction> learned = stackalloc ModerationAction[ModerationCategories.All.Count];
        var anyLearned = Learned(learned, norm.Chars, trace);
        if (s.Hits == 0 && !anyLearned && text.IndexOf('.') < 0)
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

        JoinLearned(best, learned);
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
}
