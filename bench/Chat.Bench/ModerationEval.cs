using System.Globalization;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;

namespace Chat.Bench;

/// <summary>
/// Precision, recall and F1 of the engine on the evaluation data beside the repository (<c>../shared/eval</c>),
/// with the category mapping of its README. The data is read, never copied; the command prints figures and the
/// false positives with their normalised text so they can be explained.
/// </summary>
internal static class ModerationEval
{
    public static int Run(string? directory)
    {
        directory ??= DefaultDirectory();
        if (directory is null || !Directory.Exists(directory))
        {
            Console.WriteLine($"SKIPPED: no evaluation data at '{directory ?? "../shared/eval"}' (expected beside the repository); nothing measured.");
            return 0;
        }

        var engine = new ModerationEngine(Lexicon.Compile(LexiconProvider.BuiltIn()));
        var csv = Path.Combine(directory, "id-abusive-train.csv");
        if (File.Exists(csv))
        {
            var rows = ReadTweets(csv);
            Console.WriteLine($"id-abusive-train.csv: {rows.Count} tweets");
            var verdicts = rows.Select(r => engine.Evaluate(r.Text, SenderRole.Visitor)).ToList();
            // Abuse is what clause 6 withholds, plus vulgar sexual words (the dataset labels those Abusive too).
            bool Abuse(ModerationVerdict v, bool withFlags) =>
                (withFlags || v.Action >= ModerationAction.Mask) && v.Categories.Any(c => c is ModerationCategories.StaffAbuse or ModerationCategories.Pornografi);
            bool Sara(ModerationVerdict v) => v.Categories.Contains(ModerationCategories.Sara);
            Report("abuse = Abusive (withheld)", rows, verdicts, r => r.Labels[1], v => Abuse(v, false));
            Report("abuse = Abusive (withheld or flagged)", rows, verdicts, r => r.Labels[1], v => Abuse(v, true));
            Report("abuse = Abusive or HS_Individual (withheld)", rows, verdicts, r => r.Labels[1] || r.Labels[2], v => Abuse(v, false));
            Report("SARA strict = HS_Religion or HS_Race", rows, verdicts, r => r.Labels[4] || r.Labels[5], Sara);
            Report("SARA broad = HS_Religion or HS_Race or HS_Group", rows, verdicts, r => r.Labels[3] || r.Labels[4] || r.Labels[5], Sara);
            FalsePositives(engine, rows.Where(r => !r.Labels[1]).Select(r => r.Text), "not Abusive but withheld as abuse", v => Abuse(v, false));
            FalsePositives(engine, rows.Where(r => !r.Labels[4] && !r.Labels[5]).Select(r => r.Text), "not HS_Religion/HS_Race but SARA", Sara);
        }

        var lines = Path.Combine(directory, "chat-lines");
        if (Directory.Exists(lines))
        {
            var toxic = ReadLines(Path.Combine(lines, "toxic"));
            var normal = ReadLines(Path.Combine(lines, "normal"));
            Console.WriteLine($"chat-lines: {toxic.Count} toxic, {normal.Count} normal");
            var all = toxic.Select(t => (Text: t, Toxic: true)).Concat(normal.Select(t => (Text: t, Toxic: false))).ToList();
            var verdicts = all.Select(a => engine.Evaluate(a.Text, SenderRole.Visitor)).ToList();
            Report("toxic (withheld)", all, verdicts, a => a.Toxic, v => v.Action >= ModerationAction.Mask);
            Report("toxic (withheld or flagged)", all, verdicts, a => a.Toxic, v => v.Action >= ModerationAction.Flag);
            FalsePositives(engine, normal, "normal but withheld", v => v.Action >= ModerationAction.Mask);
        }

        return 0;
    }

    private static void Report<T>(string name, IReadOnlyList<T> rows, IReadOnlyList<ModerationVerdict> verdicts, Func<T, bool> truth, Func<ModerationVerdict, bool> predicted)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var t = truth(rows[i]);
            var p = predicted(verdicts[i]);
            tp += t && p ? 1 : 0;
            fp += !t && p ? 1 : 0;
            fn += t && !p ? 1 : 0;
        }

        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-50} P {precision:0.000}  R {recall:0.000}  F1 {f1:0.000}  (tp {tp}, fp {fp}, fn {fn})"));
    }

    private static void FalsePositives(ModerationEngine engine, IEnumerable<string> texts, string what, Func<ModerationVerdict, bool> predicted)
    {
        var reasons = new Dictionary<string, int>();
        foreach (var text in texts)
        {
            var trace = new ModerationTrace();
            var v = engine.Evaluate(text, SenderRole.Visitor, trace);
            if (!predicted(v))
            {
                continue;
            }

            foreach (var reason in trace.Reasons)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        Console.WriteLine($"  most frequent reasons for {what}:");
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(15))
        {
            Console.WriteLine($"    {count,5}  {reason}");
        }
    }

    private static List<(string Text, bool[] Labels)> ReadTweets(string path)
    {
        var rows = new List<(string, bool[])>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length < 13)
            {
                continue;
            }

            var labels = parts[^12..].Select(p => p.Trim() == "1").ToArray();
            var text = string.Join(',', parts[..^12]).Replace("\\n", " ", StringComparison.Ordinal);
            rows.Add((text, labels));
        }

        return rows;
    }

    private static List<string> ReadLines(string folder) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).SelectMany(File.ReadLines).Where(l => l.Trim().Length > 0)] : [];

    private static string? DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chat.sln")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "eval");
            }
        }

        return null;
    }
}
