using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Chat.Server.Moderation.Learning;

/// <summary>Precision and recall of one category on a set of examples, and how many benign lines it withheld.</summary>
internal readonly record struct CategoryScore(string Category, int TruePositives, int FalsePositives, int FalseNegatives, int BenignWithheld, int Benign)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// Trains the learned layer with ML.NET: per category, L-BFGS logistic regression (one thread, fixed seed, so the same
/// examples always give the same weights) over the hashed n-grams of <see cref="NgramFeatures"/>, fitted on the
/// training part. Thresholds are chosen on out-of-fold scores (five folds by family); the held-out part is only measured. The weights and
/// biases are copied out of the ML.NET model into a <see cref="LearnedModel"/>: nothing of ML.NET runs when messages
/// are scored. Only the training command uses this class.
/// </summary>
internal static class ModelTrainer
{
    public const int DefaultBits = 16;
    public const float DefaultL1 = 0.002f;
    public const float DefaultL2 = 0.01f;

    /// <summary>At most this share of the validation slice's benign lines may reach the block threshold of a category.</summary>
    private const double BlockBenignBudget = 0.003;

    /// <summary>At most this share of benign validation lines may reach the flag threshold.</summary>
    private const double FlagBenignBudget = 0.01;

    /// <summary>Number of folds (by family) whose out-of-fold scores choose the thresholds.</summary>
    public const int Folds = 5;

    public static LearnedModel Train(IReadOnlyList<CorpusExample> examples, string trainedOn, int bits = DefaultBits, float l1 = DefaultL1, float l2 = DefaultL2,
        TextWriter? log = null)
    {
        var training = examples.Where(e => e.Part == CorpusPart.Training).ToList();
        var vectors = training.Select(e => Vector(e.Text, bits)).ToList();
        var folds = training.Select(e => CorpusReader.FoldOf(e.Family, Folds)).ToArray();
        var buckets = 1 << bits;
        var categories = ModerationCategories.All;
        var weights = new float[buckets * categories.Count];
        var learned = new List<LearnedCategory>(categories.Count);
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, buckets);
        for (var k = 0; k < categories.Count; k++)
        {
            var category = categories[k];
            var labels = training.Select(e => e.Label == category).ToArray();
            if (!labels.Any(l => l))
            {
                learned.Add(new LearnedCategory(category, -10f, 1.1f, 1.1f));
                continue;
            }

            // Out-of-fold probabilities: each fold scored by a model fitted on the others (no family on both sides).
            var outOfFold = new float[training.Count];
            for (var f = 0; f < Folds; f++)
            {
                var (foldWeights, foldBias) = Fit(ml, schema, vectors, labels, i => folds[i] != f, l1, l2);
                for (var i = 0; i < training.Count; i++)
                {
                    if (folds[i] == f)
                    {
                        outOfFold[i] = Probability(vectors[i], foldWeights, foldBias);
                    }
                }
            }

            var scores = training.Select((e, i) => (Score: outOfFold[i], Positive: labels[i], Benign: e.Label == CorpusExample.Benign)).ToList();
            var flagAt = Threshold(scores, FlagBenignBudget, 0.1f);
            var blockAt = Math.Max(flagAt, Threshold(scores, BlockBenignBudget, 0.2f));
            var (w, bias) = Fit(ml, schema, vectors, labels, _ => true, l1, l2);
            for (var b = 0; b < buckets; b++)
            {
                weights[(b * categories.Count) + k] = w[b];
            }

            learned.Add(new LearnedCategory(category, bias, flagAt, blockAt));
            if (log is not null)
            {
                int tp = scores.Count(s => s.Positive && s.Score >= blockAt), fp = scores.Count(s => !s.Positive && s.Score >= blockAt), positives = scores.Count(s => s.Positive);
                var benign = scores.Count(s => s.Benign && s.Score >= blockAt);
                log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"  {category,-12} cross-validated on the training part: P {(tp + fp == 0 ? 0 : (double)tp / (tp + fp)):0.000}  R {(double)tp / positives:0.000}  benign withheld {benign}; flag ≥ {flagAt:0.00}, block ≥ {blockAt:0.00}"));
            }
        }

        return new LearnedModel(bits, learned, weights, trainedOn);
    }

    private static (float[] Weights, float Bias) Fit(MLContext ml, SchemaDefinition schema, List<VBuffer<float>> vectors, bool[] labels, Func<int, bool> include, float l1, float l2)
    {
        var rows = new List<Row>();
        for (var i = 0; i < vectors.Count; i++)
        {
            if (include(i))
            {
                rows.Add(new Row { Label = labels[i], Features = vectors[i] });
            }
        }

        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L1Regularization = l1,
            L2Regularization = l2,
            NumberOfThreads = 1,
            OptimizationTolerance = 1e-6f,
            MaximumNumberOfIterations = 200,
        });
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(rows, schema)).Model.SubModel;
        return ([.. model.Weights], model.Bias);
    }

    /// <summary>Per category: withheld = the model alone reaches the category's block threshold.</summary>
    public static List<CategoryScore> Measure(LearnedModel model, IReadOnlyList<CorpusExample> examples)
    {
        var probabilities = new float[model.Categories.Count];
        var norm = new NormalizedText();
        var predicted = examples.Select(e =>
        {
            norm.Normalize(e.Text);
            model.Score(norm.Chars, probabilities);
            return model.Categories.Select((c, k) => probabilities[k] >= c.BlockAt).ToArray();
        }).ToList();
        var scores = new List<CategoryScore>();
        for (var k = 0; k < model.Categories.Count; k++)
        {
            var name = model.Categories[k].Name;
            int tp = 0, fp = 0, fn = 0, benignWithheld = 0, benign = 0;
            for (var i = 0; i < examples.Count; i++)
            {
                var truth = examples[i].Label == name;
                var p = predicted[i][k];
                tp += truth && p ? 1 : 0;
                fp += !truth && p ? 1 : 0;
                fn += truth && !p ? 1 : 0;
                if (examples[i].Label == CorpusExample.Benign)
                {
                    benign++;
                    benignWithheld += p ? 1 : 0;
                }
            }

            scores.Add(new CategoryScore(name, tp, fp, fn, benignWithheld, benign));
        }

        return scores;
    }

    /// <summary>The share of benign examples any category withholds (the model alone).</summary>
    public static double BenignWithheld(LearnedModel model, IReadOnlyList<CorpusExample> examples)
    {
        var probabilities = new float[model.Categories.Count];
        var norm = new NormalizedText();
        var benign = examples.Where(e => e.Label == CorpusExample.Benign).ToList();
        var withheld = benign.Count(e =>
        {
            norm.Normalize(e.Text);
            model.Score(norm.Chars, probabilities);
            return model.Categories.Where((c, k) => probabilities[k] >= c.BlockAt).Any();
        });
        return benign.Count == 0 ? 0 : (double)withheld / benign.Count;
    }

    /// <summary>The sparse feature vector of a text, exactly as <see cref="LearnedModel.Score"/> sees it.</summary>
    public static VBuffer<float> Vector(string text, int bits)
    {
        var norm = new NormalizedText();
        norm.Normalize(text);
        var sink = new FeatureCounts(new SortedDictionary<int, float>());
        var count = NgramFeatures.Extract(norm.Chars, bits, ref sink);
        var scale = count == 0 ? 0f : 1f / MathF.Sqrt(count);
        var indices = sink.Counts.Keys.ToArray();
        var values = sink.Counts.Values.Select(v => v * scale).ToArray();
        return new VBuffer<float>(1 << bits, indices.Length, values, indices);
    }

    private static float Probability(VBuffer<float> vector, float[] weights, float bias)
    {
        var dot = 0f;
        var indices = vector.GetIndices();
        var values = vector.GetValues();
        for (var i = 0; i < indices.Length; i++)
        {
            dot += weights[indices[i]] * values[i];
        }

        return LearnedModel.Sigmoid(bias + dot);
    }

    /// <summary>
    /// The lowest threshold (from <paramref name="floor"/> up, in steps of 0.01) at which benign validation lines stay
    /// within <paramref name="benignBudget"/> and at least four in five of what it catches is the category.
    /// </summary>
    private static float Threshold(List<(float Score, bool Positive, bool Benign)> scores, double benignBudget, float floor)
    {
        var benign = Math.Max(1, scores.Count(s => s.Benign));
        for (var t = floor; t < 0.995f; t += 0.01f)
        {
            var caught = scores.Where(s => s.Score >= t).ToList();
            var benignCaught = caught.Count(s => s.Benign);
            var precision = caught.Count == 0 ? 1 : (double)caught.Count(s => s.Positive) / caught.Count;
            if ((double)benignCaught / benign <= benignBudget && precision >= 0.8)
            {
                return MathF.Round(t, 2);
            }
        }

        return 0.99f;
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }
}
