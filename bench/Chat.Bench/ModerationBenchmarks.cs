using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;

namespace Chat.Bench;

/// <summary>
/// Per-message cost of the moderation engine against a naive baseline: one compiled Regex alternation of the same
/// words (whole words) over the lower-cased text, which sees no evasions. Messages are typical helpdesk text with
/// one masked insult, so both find something.
/// </summary>
[MemoryDiagnoser]
public class ModerationBenchmarks
{
    private const string Sentence = "Selamat siang pak, saya dari CV Maju Jaya di Pelaihari, upload dokumen penawaran paket jalan desa Takisung gagal terus, ";

    private ModerationEngine engine = null!;
    private ModerationEngine withModel = null!;
    private Regex naive = null!;
    private string text = string.Empty;
    private string normalized = string.Empty;
    private float[] probabilities = [];
    private Chat.Server.Moderation.Learning.LearnedModel model = null!;
    private readonly NormalizedText scratchText = new();

    [Params(50, 200, 2000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var lexicon = Lexicon.Compile(LexiconProvider.BuiltIn());
        engine = new ModerationEngine(lexicon);
        withModel = new ModerationEngine(lexicon, Chat.Server.Moderation.Learning.ModelProvider.BuiltIn());
        var words = lexicon.Patterns.Select(p => p.Trim()).Distinct().OrderByDescending(w => w.Length).Select(Regex.Escape);
        naive = new Regex(@"\b(?:" + string.Join('|', words) + @")\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        var body = string.Concat(Enumerable.Repeat(Sentence, (Length / Sentence.Length) + 1));
        text = "dasar goblok, " + body[..(Length - 14)];
        model = Chat.Server.Moderation.Learning.ModelProvider.BuiltIn()!;
        probabilities = new float[model.Categories.Count];
        var norm = new NormalizedText();
        norm.Normalize(text);
        normalized = norm.ToString();
    }

    [Benchmark(Baseline = true)]
    public int NaiveRegex() => naive.Count(text.ToLowerInvariant());

    [Benchmark]
    public ModerationAction Engine() => engine.Evaluate(text, SenderRole.Visitor).Action;

    /// <summary>Every layer on: lexicons, rules, links and the learned model.</summary>
    [Benchmark]
    public ModerationAction EngineWithModel() => withModel.Evaluate(text, SenderRole.Visitor).Action;

    /// <summary>The normaliser alone (folding, words spelled apart, clauses, regions): the largest share of the engine.</summary>
    [Benchmark]
    public int Normalize()
    {
        scratchText.Normalize(text);
        return scratchText.Length;
    }

    /// <summary>The learned model alone: hashed n-grams of the normalised text and one weight row per n-gram.</summary>
    [Benchmark]
    public float ModelScore()
    {
        model.Score(normalized, probabilities);
        return probabilities[0];
    }
}
