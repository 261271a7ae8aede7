using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Moderation;

internal enum EntryKind : byte
{
    Term,
    Group,
    Allow,
}

/// <summary>What one lexicon pattern means. Lead/Trail are the boundary spaces around the word(s); Group is the role a term also plays; Why names its explanation.</summary>
internal readonly record struct Entry(EntryKind Kind, int Category, ModerationAction Action, int Group, int Lead, int Trail, int Length, string? Why = null);

/// <summary>
/// A rule over roles: every group in <see cref="All"/> present in one clause (or anywhere, when
/// <see cref="WholeMessage"/>), none in <see cref="None"/> anywhere. With <see cref="Near"/>, one word of each lies within
/// that many words; and no word of <see cref="Rivals"/> sits nearer to the rule's other words than the word of
/// <see cref="RivalFor"/> does (on a tie, the one before wins): the roles found together are about each other, not
/// about a rival ("maaf pak, saya bodoh" names the writer; "helpdesk paling bodoh yang pernah saya temui" the reader).
/// <see cref="Why"/> names the explanation.
/// </summary>
internal sealed record Rule(string Name, int Category, ModerationAction Action, SenderRole? Role, UInt128 All, UInt128 None, UInt128 Mask, int Near, bool WholeMessage, string? Why)
{
    public UInt128 Rivals { get; init; }

    public UInt128 RivalFor { get; init; }
}

/// <summary>Where a frame (report, quotation, question, negation, the writer speaking of themselves) applies.</summary>
internal enum FrameScope : byte
{
    /// <summary>Its own clause only.</summary>
    Clause,

    /// <summary>Its clause and every later one ("saya dapat pesan: …").</summary>
    Following,

    /// <summary>The whole message ("…, apakah ini penipuan?").</summary>
    Message,
}

/// <summary>
/// A frame lowers every finding of <see cref="Categories"/> (a bit per category) where it applies to a flag at most;
/// it does not apply in a clause that also holds a group of <see cref="Unless"/>, and when <see cref="On"/> names roles,
/// it lowers only findings that involve one of them (the writer calling themselves stupid lowers an insult, not a threat).
/// </summary>
internal readonly record struct Frame(int Group, FrameScope Scope, int Categories, UInt128 Unless, UInt128 On);

/// <summary>
/// Lexicons compiled into one automaton. Source format (one file per theme, <c>Moderation/Lexicons/*.lex</c>):
/// <code>
/// # comment
/// [term STAFF_ABUSE mask]        following lines are terms of that category and action (flag|mask|block)
/// [term STAFF_ABUSE mask insult] terms that also play a role (a group named insult) in rules
/// [group you]                    following lines are members of a named group (a role) used by rules; [role you]
///                                is the same. Attributes: "break" (the words end a clause: tapi, namun);
///                                "frame" or "frame=clause|following|message" with "only=CAT,CAT" and "unless=GROUP"
///                                and "on=GROUP,GROUP" (lowers findings, of those roles only when on= is given, to a
///                                flag where it applies; default scope following)
/// [rule PENIPUAN block agent why=credential]
///                                following lines: "all: g1 g2" (together in one clause), "none: g3" (anywhere),
///                                "mask: g1", "near: 3" (within 3 words), "rival: g4 for g1" (with near: no word of g4
///                                nearer to the other roles' words than g1's word; on a tie the one before wins),
///                                "scope: message" (anywhere in the message);
///                                optional role visitor|agent; why= names the explanation (ModerationWhy* strings)
/// [allow]                        phrases that cancel any term or group word they overlap ("jenis kelamin")
/// </code>
/// A line is one term or phrase, written like user text and normalised the same way. Word boundaries:
/// <c>kata</c> whole word, <c>kata*</c> word beginning (katanya), <c>*kata</c> word ending, <c>*kata*</c> anywhere.
/// Several terms may share a line separated by <c>|</c>.
/// </summary>
internal sealed class Lexicon
{
    /// <summary>Pseudo-group set when the message has a link that is not an official government address.</summary>
    public const string ExternalLinkGroup = "extlink";

    /// <summary>
    /// Pseudo-group set, for the rules of one category, when the learned layer scores the message at or above that
    /// category's block threshold. Rules pair it with the roles that make the score believable ("identity model").
    /// </summary>
    public const string LearnedGroup = "model";

    /// <summary>
    /// Roles (pseudo-roles included) a lexicon set may name: a rule's and a frame's roles are one bit each in a
    /// <see cref="UInt128"/>, so a clause's roles and a rule's test stay two machine words and no allocation.
    /// </summary>
    public const int MaxRoles = 128;

    /// <summary>Words spelled apart are matched again without boundaries; shorter cores are too often inside other words.</summary>
    private const int MinCore = 4;

    private Lexicon(AhoCorasick matcher, Entry[] entries, int[] entryStart, Rule[] rules, string[] groups, string[] patterns, Frame[] frames, UInt128 breaks)
    {
        Patterns = patterns;
        Frames = frames;
        BreakGroups = breaks;
        PatternFrom = new int[patterns.Length];
        PatternTrail = new int[patterns.Length];
        var cores = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var p = 0; p < patterns.Length; p++)
        {
            var e = entries[entryStart[p]];
            PatternFrom[p] = e.Length - 1 - e.Lead;
            PatternTrail[p] = e.Trail;
            var core = patterns[p].Replace(" ", string.Empty, StringComparison.Ordinal);
            if (core.Length >= MinCore)
            {
                if (!cores.TryGetValue(core, out var list))
                {
                    cores[core] = list = [];
                }

                list.Add(p);
            }
        }

        var coreList = cores.Keys.ToArray();
        CoreMatcher = AhoCorasick.Build(coreList);
        CorePatterns = [.. coreList.Select(c => cores[c].ToArray())];
        CoreLength = [.. coreList.Select(c => c.Length)];
        Matcher = matcher;
        Entries = entries;
        EntryStart = entryStart;
        Rules = rules;
        Groups = groups;
        PatternCount = patterns.Length;
        PatternHasAllow = new bool[patterns.Length];
        for (var p = 0; p < patterns.Length; p++)
        {
            for (var e = entryStart[p]; e < entryStart[p + 1]; e++)
            {
                PatternHasAllow[p] |= entries[e].Kind == EntryKind.Allow;
            }
        }
    }

    public bool[] PatternHasAllow { get; }

    /// <summary>A match of pattern p ending at i covers [i - PatternFrom[p], i - PatternTrail[p]] (boundary spaces excluded).</summary>
    public int[] PatternFrom { get; }

    public int[] PatternTrail { get; }

    /// <summary>Patterns without their spaces, matched inside words spelled apart ("slotgacor", "anjingkamu").</summary>
    public AhoCorasick CoreMatcher { get; }

    /// <summary>The patterns of core c, and its length.</summary>
    public int[][] CorePatterns { get; }

    public int[] CoreLength { get; }

    public Frame[] Frames { get; }

    /// <summary>Groups whose words end a clause (tapi, namun, sedangkan).</summary>
    public UInt128 BreakGroups { get; }

    public AhoCorasick Matcher { get; }

    /// <summary>Entries of pattern p are Entries[EntryStart[p]..EntryStart[p + 1]].</summary>
    public Entry[] Entries { get; }

    public int[] EntryStart { get; }

    public Rule[] Rules { get; }

    public string[] Groups { get; }

    public int PatternCount { get; }

    /// <summary>The compiled patterns (normalised, with boundary spaces).</summary>
    public IReadOnlyList<string> Patterns { get; }

    public int ExternalLinkBit => Array.IndexOf(Groups, ExternalLinkGroup);

    public int LearnedBit => Array.IndexOf(Groups, LearnedGroup);

    /// <summary>Compiles named sources (file name → text); throws <see cref="FormatException"/> with file and line on errors.</summary>
    public static Lexicon Compile(IEnumerable<KeyValuePair<string, string>> sources)
    {
        var groups = new List<string> { ExternalLinkGroup, LearnedGroup };
        var patternIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var perPattern = new List<List<Entry>>();
        var pendingRules = new List<PendingRule>();
        var pendingFrames = new List<(string File, int Line, int Group, FrameScope Scope, int Categories, string? Unless, string? On)>();
        var breakGroups = new List<int>();
        var normalizer = new NormalizedText();

        foreach (var (file, text) in sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var section = Section.None;
            var category = -1;
            var action = ModerationAction.Flag;
            var group = -1;
            var termRole = -1;
            string? termWhy = null;
            var lineNo = 0;
            foreach (var raw in text.Split('\n'))
            {
                lineNo++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                if (line[0] == '[')
                {
                    var head = line.Trim('[', ']').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    switch (head)
                    {
                        case ["term", var c, var a, .. var rest]:
                            section = Section.Term;
                            category = Category(c, file, lineNo);
                            action = Action(a, file, lineNo);
                            termWhy = Attribute(rest, "why");
                            var roles = rest.Where(r => !r.Contains('=', StringComparison.Ordinal)).ToArray();
                            termRole = roles.Length switch
                            {
                                0 => -1,
                                1 => GroupIndex(groups, roles[0]),
                                _ => throw Error(file, lineNo, "a term section plays at most one role"),
                            };
                            break;
                        case ["group" or "role", var name, .. var attributes]:
                            section = Section.Group;
                            group = GroupIndex(groups, name);
                            GroupAttributes(attributes, group, file, lineNo, pendingFrames, breakGroups);
                            break;
                        case ["rule", var c, var a, .. var rest]:
                            section = Section.Rule;
                            var plain = rest.Where(r => !r.Contains('=', StringComparison.Ordinal)).ToArray();
                            SenderRole? role = plain switch
                            {
                                [] or ["any"] => null,
                                ["visitor"] => SenderRole.Visitor,
                                ["agent"] => SenderRole.Agent,
                                _ => throw Error(file, lineNo, "rule role must be visitor, agent or any"),
                            };
                            pendingRules.Add(new PendingRule(file, lineNo, Category(c, file, lineNo), Action(a, file, lineNo), role, Attribute(rest, "why")));
                            break;
                        case ["allow"]:
                            section = Section.Allow;
                            break;
                        default:
                            throw Error(file, lineNo, $"unknown section '{line}'");
                    }

                    continue;
                }

                if (section == Section.Rule)
                {
                    var rule = pendingRules[^1];
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    var names = colon < 0 ? [] : line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (colon > 0 && line[..colon].Trim() == "near")
                    {
                        rule.Near = int.TryParse(line[(colon + 1)..].Trim(), out var near) && near > 0 ? near : throw Error(file, lineNo, "near: takes a number of words");
                        continue;
                    }

                    if (colon > 0 && line[..colon].Trim() == "rival")
                    {
                        var at = Array.IndexOf(names, "for");
                        if (at < 1 || at == names.Length - 1)
                        {
                            throw Error(file, lineNo, "rival: names the rival roles, then 'for' and the rule's roles they compete with");
                        }

                        rule.Rival.AddRange(names[..at]);
                        rule.RivalFor.AddRange(names[(at + 1)..]);
                        continue;
                    }

                    if (colon > 0 && line[..colon].Trim() == "scope")
                    {
                        rule.WholeMessage = line[(colon + 1)..].Trim() switch
                        {
                            "message" => true,
                            "clause" => false,
                            _ => throw Error(file, lineNo, "scope: is clause or message"),
                        };
                        continue;
                    }

                    var target = colon < 0 ? null : line[..colon].Trim() switch
                    {
                        "all" => rule.All,
                        "none" => rule.None,
                        "mask" => rule.Mask,
                        _ => null,
                    };
                    (target ?? throw Error(file, lineNo, "rule lines are 'all: …', 'none: …', 'mask: …', 'rival: …', 'near: N' or 'scope: …'")).AddRange(names);
                    continue;
                }

                if (section == Section.None)
                {
                    throw Error(file, lineNo, "a term outside any section");
                }

                foreach (var term in line.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var (pattern, lead, trail, length) = Pattern(term, normalizer, file, lineNo);
                    if (!patternIds.TryGetValue(pattern, out var id))
                    {
                        id = perPattern.Count;
                        patternIds[pattern] = id;
                        perPattern.Add([]);
                    }

                    var entry = section switch
                    {
                        Section.Term => new Entry(EntryKind.Term, category, action, termRole, lead, trail, length, termWhy),
                        Section.Group => new Entry(EntryKind.Group, -1, ModerationAction.Flag, group, lead, trail, length),
                        _ => new Entry(EntryKind.Allow, -1, ModerationAction.Allow, -1, lead, trail, length),
                    };
                    if (!perPattern[id].Contains(entry))
                    {
                        perPattern[id].Add(entry);
                    }

                    if (section == Section.Term && termRole >= 0 && new Entry(EntryKind.Group, -1, ModerationAction.Flag, termRole, lead, trail, length) is var role
                        && !perPattern[id].Contains(role))
                    {
                        perPattern[id].Add(role);
                    }
                }
            }
        }

        if (groups.Count > MaxRoles)
        {
            throw new FormatException($"The lexicons name {groups.Count} roles; at most {MaxRoles} are supported.");
        }

        var rules = pendingRules.Select(r =>
        {
            if (r.All.Count == 0)
            {
                throw Error(r.File, r.Line, "a rule needs at least one group in 'all:'");
            }

            if (r.Action == ModerationAction.Mask && r.Mask.Count == 0)
            {
                throw Error(r.File, r.Line, "a masking rule names the groups to hide in 'mask:'");
            }

            if (r.Rival.Count > 0 && r.Near == 0)
            {
                throw Error(r.File, r.Line, "'rival:' compares distances: the rule needs 'near: N'");
            }

            if (r.RivalFor.Except(r.All).FirstOrDefault() is { } stranger)
            {
                throw Error(r.File, r.Line, $"'rival: … for {stranger}': {stranger} is not one of the rule's 'all:' roles");
            }

            return new Rule(r.Name, r.Category, r.Action, r.Role, Bits(r.All, groups, r.File, r.Line), Bits(r.None, groups, r.File, r.Line),
                Bits(r.Mask, groups, r.File, r.Line), r.Near, r.WholeMessage, r.Why)
            {
                Rivals = Bits(r.Rival, groups, r.File, r.Line),
                RivalFor = Bits(r.RivalFor, groups, r.File, r.Line),
            };
        }).ToArray();
        var frames = pendingFrames.Select(f => new Frame(f.Group, f.Scope, f.Categories,
            f.Unless is null ? 0 : Bits([.. f.Unless.Split(',')], groups, f.File, f.Line), f.On is null ? 0 : Bits([.. f.On.Split(',')], groups, f.File, f.Line))).ToArray();
        if (frames.Length > 32)
        {
            throw new FormatException("At most 32 frames are supported.");
        }

        var breaks = breakGroups.Aggregate(UInt128.Zero, (bits, g) => bits | (UInt128.One << g));

        var patterns = new string[perPattern.Count];
        foreach (var (pattern, id) in patternIds)
        {
            patterns[id] = pattern;
        }

        var entryStart = new int[perPattern.Count + 1];
        var entries = new List<Entry>();
        for (var p = 0; p < perPattern.Count; p++)
        {
            entryStart[p] = entries.Count;
            entries.AddRange(perPattern[p]);
        }

        entryStart[^1] = entries.Count;
        return new Lexicon(AhoCorasick.Build(patterns), [.. entries], entryStart, rules, [.. groups], patterns, frames, breaks);
    }

    private static (string Pattern, int Lead, int Trail, int Length) Pattern(string term, NormalizedText normalizer, string file, int line)
    {
        var prefixAnywhere = term.StartsWith('*');
        var suffixAnywhere = term.EndsWith('*');
        normalizer.Normalize(term.Trim('*'));
        var core = normalizer.ToString().Trim();
        if (core.Length == 0 || !core.All(AhoCorasick.IsPatternChar))
        {
            throw Error(file, line, $"'{term}' normalises to '{core}', which has no letters or has letters outside a-z/0-9");
        }

        var lead = prefixAnywhere ? 0 : 1;
        var trail = suffixAnywhere ? 0 : 1;
        return ((lead == 1 ? " " : string.Empty) + core + (trail == 1 ? " " : string.Empty), lead, trail, core.Length + lead + trail);
    }

    private static string? Attribute(string[] attributes, string key) =>
        attributes.FirstOrDefault(a => a.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];

    private static void GroupAttributes(
        string[] attributes, int group, string file, int line, List<(string File, int Line, int Group, FrameScope Scope, int Categories, string? Unless, string? On)> frames, List<int> breaks)
    {
        var frame = attributes.FirstOrDefault(a => a == "frame" || a.StartsWith("frame=", StringComparison.Ordinal));
        foreach (var a in attributes)
        {
            if (a != "break" && a != frame && !a.StartsWith("only=", StringComparison.Ordinal) && !a.StartsWith("unless=", StringComparison.Ordinal) && !a.StartsWith("on=", StringComparison.Ordinal))
            {
                throw Error(file, line, $"unknown group attribute '{a}' (break, frame[=clause|following|message], only=CAT,CAT, unless=GROUP, on=GROUP)");
            }
        }

        if (attributes.Contains("break"))
        {
            breaks.Add(group);
        }

        if (frame is null)
        {
            return;
        }

        var scope = Attribute(attributes, "frame") switch
        {
            null or "following" => FrameScope.Following,
            "clause" => FrameScope.Clause,
            "message" => FrameScope.Message,
            _ => throw Error(file, line, "frame= is clause, following or message"),
        };
        var categories = Attribute(attributes, "only") is { } only
            ? only.Split(',').Aggregate(0, (bits, c) => bits | (1 << Category(c, file, line)))
            : (1 << ModerationCategories.All.Count) - 1;
        frames.Add((file, line, group, scope, categories, Attribute(attributes, "unless"), Attribute(attributes, "on")));
    }

    private static UInt128 Bits(List<string> names, List<string> groups, string file, int line)
    {
        var bits = UInt128.Zero;
        foreach (var name in names)
        {
            var index = groups.IndexOf(name);
            if (index < 0)
            {
                throw Error(file, line, $"unknown group '{name}'");
            }

            bits |= UInt128.One << index;
        }

        return bits;
    }

    private static int GroupIndex(List<string> groups, string name)
    {
        var index = groups.IndexOf(name);
        if (index >= 0)
        {
            return index;
        }

        groups.Add(name);
        return groups.Count - 1;
    }

    private static int Category(string name, string file, int line)
    {
        var index = ModerationCategories.IndexOf(name);
        return index >= 0 ? index : throw Error(file, line, $"unknown category '{name}'");
    }

    private static ModerationAction Action(string name, string file, int line) => name switch
    {
        "flag" => ModerationAction.Flag,
        "mask" => ModerationAction.Mask,
        "block" => ModerationAction.Block,
        _ => throw Error(file, line, $"action must be flag, mask or block, not '{name}'"),
    };

    private static FormatException Error(string file, int line, string message) => new($"{file}:{line}: {message}");

    private sealed class PendingRule(string file, int line, int category, ModerationAction action, SenderRole? role, string? why)
    {
        public string File { get; } = file;

        public int Line { get; } = line;

        public string Name { get; } = $"{file}:{line}";

        public int Category { get; } = category;

        public ModerationAction Action { get; } = action;

        public SenderRole? Role { get; } = role;

        public string? Why { get; } = why;

        public List<string> All { get; } = [];

        public List<string> None { get; } = [];

        public List<string> Mask { get; } = [];

        public List<string> Rival { get; } = [];

        public List<string> RivalFor { get; } = [];

        public int Near { get; set; }

        public bool WholeMessage { get; set; }
    }

    private enum Section
    {
        None,
        Term,
        Group,
        Rule,
        Allow,
    }
}
