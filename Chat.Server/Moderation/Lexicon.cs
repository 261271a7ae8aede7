using Chat.Server.Hubs.Contracts;

namespace Chat.Server.Moderation;

internal enum EntryKind : byte
{
    Term,
    Group,
    Allow,
}

/// <summary>What one lexicon pattern means. Lead/Trail are the boundary spaces around the word(s) in the pattern.</summary>
internal readonly record struct Entry(EntryKind Kind, int Category, ModerationAction Action, int Group, int Lead, int Trail, int Length);

/// <summary>A co-occurrence rule: every group in <see cref="All"/> present, none in <see cref="None"/>.</summary>
internal sealed record Rule(string Name, int Category, ModerationAction Action, SenderRole? Role, ulong All, ulong None, ulong Mask, int Near);

/// <summary>
/// Lexicons compiled into one automaton. Source format (one file per theme, <c>Moderation/Lexicons/*.lex</c>):
/// <code>
/// # comment
/// [term STAFF_ABUSE mask]        following lines are terms of that category and action (flag|mask|block)
/// [group you]                    following lines are members of a named group used by rules
/// [rule PENIPUAN block agent]    following lines: "all: g1 g2", "none: g3", "mask: g1", "near: 3" (all groups within
///                                3 words of each other); optional role visitor|agent
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

    private Lexicon(AhoCorasick matcher, Entry[] entries, int[] entryStart, Rule[] rules, string[] groups, string[] patterns)
    {
        Patterns = patterns;
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

    /// <summary>Compiles named sources (file name → text); throws <see cref="FormatException"/> with file and line on errors.</summary>
    public static Lexicon Compile(IEnumerable<KeyValuePair<string, string>> sources)
    {
        var groups = new List<string> { ExternalLinkGroup };
        var patternIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var perPattern = new List<List<Entry>>();
        var pendingRules = new List<(string File, int Line, string Name, int Category, ModerationAction Action, SenderRole? Role, List<string> All, List<string> None, List<string> Mask, int[] Near)>();
        var normalizer = new NormalizedText();

        foreach (var (file, text) in sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var section = Section.None;
            var category = -1;
            var action = ModerationAction.Flag;
            var group = -1;
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
                        case ["term", var c, var a]:
                            section = Section.Term;
                            category = Category(c, file, lineNo);
                            action = Action(a, file, lineNo);
                            break;
                        case ["group", var name]:
                            section = Section.Group;
                            group = GroupIndex(groups, name);
                            break;
                        case ["rule", var c, var a, .. var rest]:
                            section = Section.Rule;
                            SenderRole? role = rest switch
                            {
                                [] or ["any"] => null,
                                ["visitor"] => SenderRole.Visitor,
                                ["agent"] => SenderRole.Agent,
                                _ => throw Error(file, lineNo, "rule role must be visitor, agent or any"),
                            };
                            pendingRules.Add((file, lineNo, $"{file}:{lineNo}", Category(c, file, lineNo), Action(a, file, lineNo), role, [], [], [], [0]));
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
                        rule.Near[0] = int.TryParse(line[(colon + 1)..].Trim(), out var near) && near > 0 ? near : throw Error(file, lineNo, "near: takes a number of words");
                        continue;
                    }

                    var target = colon < 0 ? null : line[..colon].Trim() switch
                    {
                        "all" => rule.All,
                        "none" => rule.None,
                        "mask" => rule.Mask,
                        _ => null,
                    };
                    (target ?? throw Error(file, lineNo, "rule lines are 'all: …', 'none: …' or 'mask: …'")).AddRange(names);
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

                    perPattern[id].Add(section switch
                    {
                        Section.Term => new Entry(EntryKind.Term, category, action, -1, lead, trail, length),
                        Section.Group => new Entry(EntryKind.Group, -1, ModerationAction.Flag, group, lead, trail, length),
                        _ => new Entry(EntryKind.Allow, -1, ModerationAction.Allow, -1, lead, trail, length),
                    });
                }
            }
        }

        if (groups.Count > 64)
        {
            throw new FormatException("At most 64 groups are supported.");
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

            return new Rule(r.Name, r.Category, r.Action, r.Role, Bits(r.All, groups, r), Bits(r.None, groups, r), Bits(r.Mask, groups, r), r.Near[0]);
        }).ToArray();

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
        return new Lexicon(AhoCorasick.Build(patterns), [.. entries], entryStart, rules, [.. groups], patterns);
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

    private static ulong Bits(List<string> names, List<string> groups, (string File, int Line, string Name, int Category, ModerationAction Action, SenderRole? Role, List<string> All, List<string> None, List<string> Mask, int[] Near) rule)
    {
        ulong bits = 0;
        foreach (var name in names)
        {
            var index = groups.IndexOf(name);
            if (index < 0)
            {
                throw Error(rule.File, rule.Line, $"unknown group '{name}'");
            }

            bits |= 1UL << index;
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

    private enum Section
    {
        None,
        Term,
        Group,
        Rule,
        Allow,
    }
}
