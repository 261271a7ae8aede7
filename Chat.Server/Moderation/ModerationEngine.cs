using System.Collections.Concurrent;
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
/// The text verdict: normalise, match every lexicon pattern in one pass (plus one pass over words spelled apart),
/// sort the matches into terms and roles, drop those inside allowed phrases, apply the rules over roles clause by
/// clause and the link checks, lower what a frame (report, quotation, question, self) covers, then decide.
/// Stateless and thread-safe; the lexicon can be swapped at any time (reload) and each evaluation uses the one it
/// started with.
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
        var verdict = EvaluateCore(text ?? string.Empty, role, out facts, trace);

        // A huge input (only possible outside the chat's length limit) must not pin its buffers to the thread.
        if (text?.Length > 16_384)
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
        s.Reset(lex);

        var steps = Match(lex, s, norm);
        if (trace is not null)
        {
            trace.MatcherSteps = steps;
            trace.NormalizedLength = norm.Length;
            trace.Normalized = norm.ToString();
        }

        facts = new TextFacts(0, Hash(norm.Chars), norm.Length);
        Span<ModerationAction> learned = stackalloc ModerationAction[ModerationCategories.All.Count];
        var anyLearned = role == SenderRole.Visitor && Learned(learned, norm.Chars, trace);
        if (s.Hits == 0 && !anyLearned && text.IndexOf('.') < 0)
        {
            return ModerationVerdict.Allow(text);
        }

        s.Sort(lex, norm.Length);
        s.BuildClauses(lex, norm.Chars);

        foreach (var term in s.TermFindings)
        {
            var entry = lex.Entries[term.Entry];
            var roles = entry.Group >= 0 ? UInt128.One << entry.Group : UInt128.Zero;
            Consider(s, entry.Category, entry.Action, s.ClauseOf(term.From), roles, entry.Why, term.From, term.To, norm);
            trace?.Reasons.Add($"term {ModerationCategories.All[entry.Category]} {entry.Action}: {new string(norm.Chars[term.From..(term.To + 1)])}");
        }

        var links = LinkScanner.Scan(text);
        facts = facts with { Links = links.Links };
        if (links.LookAlike)
        {
            // A look-alike address has no clause of its own: only a frame anywhere ("is this link real?") lowers it.
            Consider(s, ModerationCategories.IndexOf(ModerationCategories.Penipuan), ModerationAction.Block, Scratch.AnyClause, 0, "lookalike", -1, -1, norm);
            trace?.Reasons.Add("link posing as LPSE/SPSE/LKPP/INAPROC");
        }

        var extlink = links.External > 0 ? UInt128.One << lex.ExternalLinkBit : UInt128.Zero;
        var learnedBit = UInt128.One << lex.LearnedBit;
        var pseudo = (UInt128.One << lex.ExternalLinkBit) | learnedBit;
        foreach (var rule in lex.Rules)
        {
            var present = extlink | (anyLearned && learned[rule.Category] == ModerationAction.Block ? learnedBit : UInt128.Zero);
            if ((rule.Role is null || rule.Role == role) && FiresIn(s, rule, present, pseudo, norm) is var clause && clause != Scratch.NoClause)
            {
                Consider(s, rule.Category, rule.Action, clause, rule.All, rule.Why, -1, -1, norm);
                trace?.Reasons.Add($"rule {rule.Name}{(s.Lowered(clause, rule.Category, rule.All) ? " (lowered by a frame)" : string.Empty)}");
                if (rule.Action == ModerationAction.Mask && !s.Lowered(clause, rule.Category, rule.All))
                {
                    s.MaskGroups(rule.Mask, rule.WholeMessage ? Scratch.AnyClause : clause, norm);
                }
            }
        }

        JoinLearned(s.Best, learned);
        return Decide(text, s);
    }

    /// <summary>The clause in which the rule's roles come together (the first one not lowered by a frame), or none.</summary>
    /// <remarks><paramref name="present"/> holds the pseudo-groups of the whole message (a link, the model's score), <paramref name="pseudo"/> all of them.</remarks>
    private static int FiresIn(Scratch s, Rule rule, UInt128 present, UInt128 pseudo, NormalizedText norm)
    {
        var message = s.MessagePresence | present;
        if ((message & rule.All) != rule.All || (message & rule.None) != 0)
        {
            return Scratch.NoClause;
        }

        if (rule.Near > 0 && !s.Near(rule.All & ~pseudo, rule.Near, norm.Chars, rule.Rivals, rule.RivalFor))
        {
            return Scratch.NoClause;
        }

        if (rule.WholeMessage)
        {
            // Roles anywhere in the message; a frame over the clause of any of them ("saya goblok, maaf mbak": the
            // writer of themselves) lowers the finding.
            foreach (var clause in s.TouchedClauses)
            {
                if ((s.Presence(clause) & rule.All) != 0 && s.Lowered(clause, rule.Category, rule.All))
                {
                    return clause;
                }
            }

            return s.LastClauseOf(rule.All);
        }

        var found = Scratch.NoClause;
        foreach (var clause in s.TouchedClauses)
        {
            if (((s.Presence(clause) | present) & rule.All) == rule.All)
            {
                if (!s.Lowered(clause, rule.Category, rule.All))
                {
                    return clause;
                }

                found = found == Scratch.NoClause ? clause : found;
            }
        }

        return found;
    }

    /// <summary>
    /// One finding joins the decision: a term, a rule over roles, a link check (and, from a learned scorer, a
    /// category score turned into an action). A frame that covers the finding's clause lowers it to a flag; a mask
    /// is remembered only when the finding still masks.
    /// </summary>
    private static void Consider(Scratch s, int category, ModerationAction action, int clause, UInt128 roles, string? why, int from, int to, NormalizedText norm)
    {
        if (action > ModerationAction.Flag && s.Lowered(clause, category, roles))
        {
            action = ModerationAction.Flag;
        }

        if (action > s.Best[category])
        {
            s.Best[category] = action;
            s.Why[category] = why;
        }
        else if (action == s.Best[category] && s.Why[category] is null)
        {
            s.Why[category] = why;
        }

        if (action == ModerationAction.Mask && from >= 0)
        {
            s.MaskSpan(norm.Start(from), norm.End(to));
        }
    }

    /// <summary>
    /// The decision step: the strongest action over all findings wins; its category names the clause of the
    /// policy and its explanation (the most specific reason a finding gave, such as a threat or a bribe).
    /// </summary>
    private static ModerationVerdict Decide(string text, Scratch s)
    {
        var action = ModerationAction.Allow;
        var mask = 0;
        var clauseCategory = -1;
        for (var c = 0; c < s.Best.Length; c++)
        {
            if (s.Best[c] == ModerationAction.Allow)
            {
                continue;
            }

            mask |= 1 << c;
            if (s.Best[c] > action)
            {
                action = s.Best[c];
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
        return new ModerationVerdict(action, CategorySets[mask], ModerationCategories.Clause(category), delivered, Explanation(action, clauseCategory, s.Why[clauseCategory]));
    }

    private static long Match(Lexicon lex, Scratch s, NormalizedText norm)
    {
        var sink = new HitSink(s, lex);
        var steps = lex.Matcher.Scan(norm.Chars, ref sink);
        foreach (var region in norm.Regions)
        {
            steps += s.ScanRegion(lex, norm, region);
        }

        return steps;
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

    // Stored explanations are in the neutral language and never change at run time: formatted once per combination.
    private static readonly ConcurrentDictionary<(ModerationAction, int, string?), string> Explanations = new();

    private static string Explanation(ModerationAction action, int category, string? why) =>
        Explanations.GetOrAdd((action, category, why), static key =>
        {
            var (action, category, why) = key;
            var name = ModerationCategories.All[category];
            var what = why is not null && Text.Stored("ModerationWhy" + char.ToUpperInvariant(why[0]) + why[1..]) is var specific && !specific.StartsWith("ModerationWhy", StringComparison.Ordinal)
                ? specific
                : Text.Stored("ModerationCategory" + name.Replace("_", string.Empty, StringComparison.Ordinal));
            return Text.Stored("Moderation" + action, what, ModerationCategories.Clause(name));
        });

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

    private readonly struct HitSink(Scratch s, Lexicon lex) : IMatchSink
    {
        public void Match(int pattern, int lastIndex) => s.AddHit(pattern, lastIndex - lex.PatternFrom[pattern], lastIndex - lex.PatternTrail[pattern]);
    }
}
