using System.Globalization;
using Chat.Server.Infrastructure;
using Chat.Server.Moderation;
using Chat.Server.Moderation.Learning;

namespace Chat.Server.Commands;

/// <summary>
/// <c>Chat.Server moderate train [--corpus DIR] [--chat-lines DIR|none] [--database CONNECTION] [--out FILE] [--force]</c>:
/// trains the learned layer from the labelled corpus, the chat-lines folder and (when a database is given, or
/// <c>Database__ConnectionString</c> is set) the supervisors' labelled examples; prints held-out precision and recall
/// per category for the model in force and the new one, and writes the new model only when it does not do worse.
/// </summary>
internal static class ModerateTrainCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepositoryRoot();
        var corpus = Option(args, "--corpus") ?? (root is null ? null : Path.Combine(root, "Chat.Server", "Moderation", "Corpus"));
        var chatLines = Option(args, "--chat-lines") ?? SharedChatLines(root);
        var output = Option(args, "--out") ?? (root is null ? null : Path.Combine(root, "Chat.Server", "Moderation", "Model", "moderation.model"));
        var database = Option(args, "--database") ?? Environment.GetEnvironmentVariable("Database__ConnectionString");
        var bits = int.TryParse(Option(args, "--bits"), CultureInfo.InvariantCulture, out var b) ? b : ModelTrainer.DefaultBits;
        if (corpus is null || !Directory.Exists(corpus) || output is null)
        {
            await Console.Error.WriteLineAsync("moderate train: corpus folder not found; run from the repository or pass --corpus DIR and --out FILE");
            return 2;
        }

        var examples = CorpusReader.ReadCorpus(corpus);
        var sources = new List<string> { $"corpus {examples.Count}" };
        if (chatLines is not null && chatLines != "none" && Directory.Exists(chatLines))
        {
            var lines = CorpusReader.ReadChatLines(chatLines);
            examples.AddRange(lines);
            sources.Add($"chat-lines {lines.Count}");
        }

        if (!string.IsNullOrWhiteSpace(database))
        {
            await using var db = ChatDataSource.Create(database);
            var labelled = await ExampleStore.ReadAllAsync(db, CancellationToken.None);
            examples.AddRange(labelled);
            sources.Add($"review decisions {labelled.Count}");
        }

        Console.WriteLine($"examples: {string.Join(", ", sources)}");
        foreach (var part in Enum.GetValues<CorpusPart>())
        {
            var inPart = examples.Where(e => e.Part == part).ToList();
            Console.WriteLine($"  {part,-10} {inPart.Count,6}: " + string.Join(", ", inPart.GroupBy(e => e.Label).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        }

        var l1 = float.TryParse(Option(args, "--l1"), CultureInfo.InvariantCulture, out var l1Value) ? l1Value : ModelTrainer.DefaultL1;
        var l2 = float.TryParse(Option(args, "--l2"), CultureInfo.InvariantCulture, out var l2Value) ? l2Value : ModelTrainer.DefaultL2;
        var model = ModelTrainer.Train(examples, string.Join(", ", sources), bits, l1, l2, Console.Out);
        var heldOut = examples.Where(e => e.Part == CorpusPart.HeldOut).ToList();
        LearnedModel? old = null;
        try
        {
            old = File.Exists(output) ? LearnedModel.Read(File.OpenRead(output)) : null;
        }
        catch (FormatException e)
        {
            Console.WriteLine($"model in force cannot be read ({e.Message}); it is replaced");
        }

        var newScore = Report("new model " + model.Version, model, heldOut);
        var oldScore = old is null ? ((double F1, double Benign)?)null : Report("model in force " + old.Version, old, heldOut);
        var better = oldScore is not { } o || (newScore.F1 >= o.F1 - 0.0005 && newScore.Benign <= o.Benign + 0.0005);
        if (!better && !args.Contains("--force"))
        {
            Console.WriteLine("the new model does worse on the held-out part; the model in force is kept (--force writes it anyway)");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var bytes = model.Write();
        await File.WriteAllBytesAsync(output, bytes);
        Console.WriteLine($"wrote {output} ({bytes.Length:N0} bytes, model {model.Version})");
        return 0;
    }

    /// <summary>Prints per-category figures of the model alone on the held-out part; returns the mean F1 and the benign withheld share.</summary>
    private static (double F1, double Benign) Report(string name, LearnedModel model, List<CorpusExample> heldOut)
    {
        Console.WriteLine($"{name}, held-out part ({heldOut.Count} examples; model alone, withheld = block threshold):");
        var scores = ModelTrainer.Measure(model, heldOut);
        foreach (var s in scores)
        {
            var thresholds = model.Categories.First(c => c.Name == s.Category);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {s.Category,-12} P {s.Precision:0.000}  R {s.Recall:0.000}  F1 {s.F1:0.000}  (tp {s.TruePositives}, fp {s.FalsePositives}, fn {s.FalseNegatives}; flag ≥ {thresholds.FlagAt:0.00}, block ≥ {thresholds.BlockAt:0.00})"));
        }

        var benign = ModelTrainer.BenignWithheld(model, heldOut);
        var f1 = scores.Average(s => s.F1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  mean F1 {f1:0.000}; benign withheld {benign:P2}"));
        return (f1, benign);
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>The MIT-licensed chat-lines folder of the evaluation data beside the repository (the nearest <c>shared/eval</c> above it).</summary>
    private static string? SharedChatLines(string? root)
    {
        for (var dir = root is null ? null : new DirectoryInfo(root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "eval", "chat-lines");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chat.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
