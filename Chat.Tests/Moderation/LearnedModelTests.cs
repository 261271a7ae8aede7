using Chat.Server.Hubs.Contracts;
using Chat.Server.Moderation;
using Chat.Server.Moderation.Learning;

namespace Chat.Tests.Moderation;

/// <summary>The learned layer without services: training, the model file, and how its score joins the verdict.</summary>
public sealed class LearnedModelTests
{
    private static readonly Lexicon Lexicon = Lexicon.Compile(LexiconProvider.BuiltIn());

    [Fact]
    public void TrainingIsDeterministicTheSameCorpusGivesTheSameModelBytes()
    {
        // A small slice (every 12th example) keeps the suite fast; the split and folds still apply.
        var examples = CorpusReader.ReadCorpus(CorpusDirectory()).Where((_, i) => i % 16 == 0).ToList();
        examples.Count.Should().BeInRange(300, 1000);

        var first = ModelTrainer.Train(examples, "test", bits: 12).Write();
        var second = ModelTrainer.Train(examples, "test", bits: 12).Write();

        second.Should().Equal(first);
        var read = LearnedModel.Read(new MemoryStream(first));
        read.Categories.Select(c => c.Name).Should().Equal(ModerationCategories.All);
        read.Write().Should().Equal(first, "reading and writing a model keeps every byte");
        var changed = ModelTrainer.Train(examples.Skip(1).ToList(), "test", bits: 12).Write();
        changed.Should().NotEqual(first, "other examples give other weights");
    }

    [Fact]
    public void TheCorpusMeetsItsSizeAndIsSplitByFamilySoNoVariantOfAHeldOutLineIsTrainedOn()
    {
        var examples = CorpusReader.ReadCorpus(CorpusDirectory());
        var clean = examples.Where(e => !e.Evasion).ToList();
        clean.Count.Should().BeGreaterThanOrEqualTo(2000);
        clean.Count(e => e.Label == CorpusExample.Benign).Should().BeGreaterThanOrEqualTo(600);
        foreach (var category in ModerationCategories.All)
        {
            clean.Count(e => e.Label == category).Should().BeGreaterThanOrEqualTo(150, category);
        }

        examples.GroupBy(e => e.Family).Should().OnlyContain(g => g.Select(e => e.Part).Distinct().Count() == 1);
        examples.Count(e => e.Part == CorpusPart.HeldOut).Should().BeInRange(examples.Count / 10, examples.Count * 3 / 10);
        examples.Where(e => e.Evasion).Should().Contain(e => e.Text.Contains('.') || e.Text.Any(char.IsDigit) || e.Text.Any(c => c >= 'а' && c <= 'я'));
        CorpusReader.Evade("tolong jangan bohong").Should().Be(CorpusReader.Evade("tolong jangan bohong"));
    }

    [Fact]
    public void AModelScoreAloneIsAFlagAndBlocksWithItsCategoryAndClauseBesideABelievableRole()
    {
        var model = ModelFor("zebra ungu menari", ModerationCategories.Penipuan);
        var engine = new ModerationEngine(Lexicon, model);
        var trace = new ModerationTrace();

        var alone = engine.Evaluate("Zebra ungu menari", SenderRole.Visitor, trace);

        alone.Action.Should().Be(ModerationAction.Flag, "a score no role supports goes to review, not to a block");
        alone.Categories.Should().Equal(ModerationCategories.Penipuan);
        alone.DeliveredText.Should().Be("Zebra ungu menari");
        trace.Reasons.Should().ContainSingle(r => r.StartsWith("model PENIPUAN Block", StringComparison.Ordinal));

        var supported = engine.Evaluate("zebra ungu menari, silakan transfer", SenderRole.Visitor);

        supported.Action.Should().Be(ModerationAction.Block);
        supported.Categories.Should().Equal(ModerationCategories.Penipuan);
        supported.Clause.Should().Be("1");
        supported.Explanation.Should().Contain("penipuan").And.Contain("1");
        supported.DeliveredText.Should().BeNull();

        engine.Evaluate("dia bilang zebra ungu menari, silakan transfer", SenderRole.Visitor).Action.Should().Be(ModerationAction.Flag,
            "a quotation lowers the model's finding like any other");
        engine.Evaluate("zebra ungu menari, silakan transfer", SenderRole.Agent).Action.Should().Be(ModerationAction.Allow,
            "staff messages (canned answers, asking for a name or user ID) are not scored by the model");
        engine.Evaluate("jadwal pembukaan penawaran kapan ya", SenderRole.Visitor).Action.Should().Be(ModerationAction.Allow);
        new ModerationEngine(Lexicon, null).Evaluate("Zebra ungu menari, silakan transfer", SenderRole.Visitor).Action.Should().Be(ModerationAction.Allow,
            "without the model nothing in the lexicons names this sentence");
    }

    [Theory]
    [InlineData("kamu?")]
    [InlineData("foto")]
    [InlineData("halo kamu")]
    [InlineData("kirim foto")]
    public void OneOrTwoWordsAreJudgedByTheLexiconsAloneNotByAModelScore(string text)
    {
        var engine = new ModerationEngine(Lexicon, ModelFor(text, ModerationCategories.StaffAbuse));
        var trace = new ModerationTrace();

        var verdict = engine.Evaluate(text, SenderRole.Visitor, trace);

        verdict.Action.Should().Be(ModerationAction.Allow, "a score over one or two words means nothing");
        trace.Reasons.Should().NotContain(r => r.StartsWith("model ", StringComparison.Ordinal));
        var longer = text + " sekarang juga";
        var scored = new ModerationTrace();
        new ModerationEngine(Lexicon, ModelFor(longer, ModerationCategories.StaffAbuse)).Evaluate(longer, SenderRole.Visitor, scored);
        scored.Reasons.Should().Contain(r => r.StartsWith("model STAFF_ABUSE", StringComparison.Ordinal), "from three words on a message is scored");
    }

    [Fact]
    public void TheShippedModelWithholdsNoStaffSideHelpdeskPhrase()
    {
        var engine = new ModerationEngine(Lexicon, ModelProvider.BuiltIn());
        string[] staff =
        [
            "nama Anda siapa ya, dan dari perusahaan mana?",
            "mohon sebutkan user ID Anda agar kami cek",
            "/reset: silakan buka halaman login, klik Lupa Password, isi user ID dan email terdaftar, lalu ikuti tautan yang dikirim",
            "petugas LPSE tidak pernah meminta password atau kode OTP Anda, jangan berikan kepada siapa pun",
        ];

        foreach (var line in staff)
        {
            engine.Evaluate(line, SenderRole.Agent).Action.Should().Be(ModerationAction.Allow, line);
        }
    }

    [Fact]
    public void TheModelFileLoadsReloadsAndAFileThatDoesNotLoadLeavesTheModelInForce()
    {
        var folder = Directory.CreateTempSubdirectory("chat-model-");
        try
        {
            var path = Path.Combine(folder.FullName, "moderation.model");
            var first = ModelFor("kata pertama", ModerationCategories.Spam);
            File.WriteAllBytes(path, first.Write());
            using var provider = new ModelProvider(path, watch: false);
            provider.Current!.Version.Should().Be(first.Version);

            var second = ModelFor("kata kedua", ModerationCategories.Sara);
            File.WriteAllBytes(path, second.Write());
            provider.Reload()!.Version.Should().Be(second.Version);
            provider.Current!.Version.Should().Be(second.Version);

            File.WriteAllBytes(path, second.Write()[..40]);
            provider.Invoking(p => p.Reload()).Should().Throw<FormatException>().WithMessage("*truncated*");
            provider.Current!.Version.Should().Be(second.Version);
            File.WriteAllText(path, "not a model");
            provider.Invoking(p => p.Reload()).Should().Throw<FormatException>().WithMessage("*not a moderation model*");
            provider.Current!.Version.Should().Be(second.Version);

            using var off = new ModelProvider(path, enabled: false, watch: false);
            off.Current.Should().BeNull();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheShippedModelLoadsWithEveryCategoryAndSaneThresholds()
    {
        var model = ModelProvider.BuiltIn();
        model.Should().NotBeNull("the repository ships a trained model (moderate train)");
        model!.Categories.Select(c => c.Name).Should().Equal(ModerationCategories.All);
        model.Categories.Should().OnlyContain(c => c.FlagAt > 0 && c.BlockAt >= c.FlagAt && c.BlockAt <= 1);
    }

    /// <summary>A model that gives <paramref name="category"/> a high score to the features of <paramref name="phrase"/> and nothing else.</summary>
    private static LearnedModel ModelFor(string phrase, string category)
    {
        const int bits = 10;
        var norm = new Chat.Server.Moderation.NormalizedText();
        norm.Normalize(phrase);
        var sink = new FeatureCounts(new SortedDictionary<int, float>());
        NgramFeatures.Extract(norm.Chars, bits, ref sink);
        var categories = ModerationCategories.All.Select(c => new LearnedCategory(c, -6f, 0.5f, 0.8f)).ToList();
        var weights = new float[(1 << bits) * categories.Count];
        var k = ModerationCategories.IndexOf(category);
        foreach (var bucket in sink.Counts.Keys)
        {
            weights[(bucket * categories.Count) + k] = 3f;
        }

        return new LearnedModel(bits, categories, weights, "test");
    }

    private static string CorpusDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Chat.Server", "Moderation", "Corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Chat.Server/Moderation/Corpus");
    }

    [Fact]
    public void FeaturesAreTheOnesTheModelWasTrainedOnWhateverTheTextLength()
    {
        // Scoring hashes sixteen start positions at a time where the processor can; every length around the block
        // size, and text with letters outside ASCII, must give exactly the buckets of the plain definition.
        var random = new Random(8);
        const string Letters = "abcdefghijklmnopqrstuvwxyz0123456789 |é";
        for (var length = 0; length < 120; length++)
        {
            var text = new string([.. Enumerable.Range(0, length).Select(_ => Letters[random.Next(Letters.Length)])]);
            var counted = new FeatureCounts(new SortedDictionary<int, float>());
            var count = NgramFeatures.Extract(text, 16, ref counted);

            var expected = Reference(text, 16);
            count.Should().Be(expected.Values.Sum(), $"length {length}");
            counted.Counts.Should().BeEquivalentTo(expected.ToDictionary(e => e.Key, e => (float)e.Value), $"length {length}");
        }
    }

    /// <summary>The features as first written (ngram-c345-w12-v1): one running hash per start, then words and pairs.</summary>
    private static Dictionary<int, int> Reference(string text, int bits)
    {
        const uint Prime = 16777619, Basis = 2166136261;
        var mask = (1 << bits) - 1;
        var counts = new Dictionary<int, int>();
        void Add(uint h) => counts[(int)(Mix(h) & (uint)mask)] = counts.GetValueOrDefault((int)(Mix(h) & (uint)mask)) + 1;
        for (var i = 0; i + 3 <= text.Length; i++)
        {
            var h = Basis;
            for (var j = i; j < Math.Min(text.Length, i + 5); j++)
            {
                h = (h ^ text[j]) * Prime;
                if (j - i + 1 >= 3)
                {
                    Add(h ^ ((uint)(j - i + 1) * 0x9E3779B9u));
                }
            }
        }

        uint? previous = null;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var w = Basis;
            foreach (var c in word)
            {
                w = (w ^ c) * Prime;
            }

            Add(w ^ 0x85EBCA6Bu);
            if (previous is { } p)
            {
                Add((p * 31) ^ w ^ 0xC2B2AE35u);
            }

            previous = w;
        }

        return counts;

        static uint Mix(uint h)
        {
            h ^= h >> 16;
            h *= 0x85EBCA6B;
            h ^= h >> 13;
            h *= 0xC2B2AE35;
            h ^= h >> 16;
            return h;
        }
    }

    [Fact]
    public async Task VerdictsAndModelScoresAreTheSameOnAMachineWithoutVectorInstructions()
    {
        // The engine hashes n-grams and sums weight rows with AVX2 where the processor has it, and falls back to plain
        // loops elsewhere; the runtime's switches turn the instructions off, so the fallback is checked here too.
        var lines = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Moderation", "cases.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[3]).ToArray();
        var vector = await ModerateAsync(lines, new Dictionary<string, string>());
        var plain = await ModerateAsync(lines, new Dictionary<string, string> { ["DOTNET_EnableAVX"] = "0", ["DOTNET_EnableAVX2"] = "0" });

        vector.Should().HaveCount(lines.Length).And.Contain(v => v.Contains("(model ", StringComparison.Ordinal), "the model scored some of them");
        plain.Should().Equal(vector);
    }

    private static async Task<string[]> ModerateAsync(string[] lines, Dictionary<string, string> environment)
    {
        var (exit, output, _) = await Chat.Tests.Infrastructure.ServerCommand.RunWithInputAsync(environment, string.Join('\n', lines) + "\n", "moderate", "--explain");
        exit.Should().Be(0);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
