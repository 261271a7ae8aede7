using System.Security.Cryptography;
using System.Text;

namespace Chat.Server.Moderation.Learning;

/// <summary>One category of the learned layer: its weights live in <see cref="LearnedModel"/>, interleaved.</summary>
internal sealed record LearnedCategory(string Name, float Bias, float FlagAt, float BlockAt);

/// <summary>
/// The learned layer: one logistic regression per category over <see cref="NgramFeatures"/>, trained by
/// <c>moderate train</c> and stored as a small versioned data file. Scoring is a dot product over the message's
/// hashed n-grams: no allocation, no ML library at run time. Weights are laid out bucket-major (all categories of a
/// bucket side by side), so one cache line serves every category of a feature.
/// </summary>
internal sealed class LearnedModel
{
    private static readonly byte[] Magic = "CHATLM01"u8.ToArray();

    [ThreadStatic]
    private static float[]? sums;

    private readonly float[] weights;

    public LearnedModel(int bits, IReadOnlyList<LearnedCategory> categories, float[] weights, string trainedOn)
    {
        if (bits is < 8 or > 24)
        {
            throw new FormatException($"model: bucket bits {bits} out of range 8-24");
        }

        if (weights.Length != (1 << bits) * categories.Count)
        {
            throw new FormatException("model: weight count does not match buckets × categories");
        }

        Bits = bits;
        Categories = categories;
        this.weights = weights;
        TrainedOn = trainedOn;
        CategoryIndex = [.. categories.Select(c => ModerationCategories.IndexOf(c.Name))];
        Version = Convert.ToHexStringLower(SHA256.HashData(Write()))[..12];
    }

    public int Bits { get; }

    public IReadOnlyList<LearnedCategory> Categories { get; }

    /// <summary>Index of each model category in <see cref="ModerationCategories.All"/> (-1 when the engine does not know it).</summary>
    public int[] CategoryIndex { get; }

    /// <summary>Short hash of the file's content: names the model in logs, traces and the REST status.</summary>
    public string Version { get; }

    /// <summary>What the model was trained from (free text written by the trainer).</summary>
    public string TrainedOn { get; }

    public float Weight(int bucket, int category) => weights[(bucket * Categories.Count) + category];

    /// <summary>Probability per category (in <see cref="Categories"/> order) for an already normalised text.</summary>
    public void Score(ReadOnlySpan<char> normalized, Span<float> probabilities)
    {
        var c = Categories.Count;
        var acc = sums ??= new float[16];
        if (acc.Length < c)
        {
            acc = sums = new float[c];
        }

        Array.Clear(acc, 0, c);
        var sink = new DotSink(weights, acc, c);
        var count = NgramFeatures.Extract(normalized, Bits, ref sink);
        var scale = count == 0 ? 0f : 1f / MathF.Sqrt(count);
        for (var k = 0; k < c; k++)
        {
            probabilities[k] = Sigmoid(Categories[k].Bias + (acc[k] * scale));
        }
    }

    public static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    /// <summary>The file: magic, feature version, bits, what it was trained on, then per category name, bias, thresholds and its non-zero weights.</summary>
    public byte[] Write()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(NgramFeatures.Version);
            w.Write(Bits);
            w.Write(TrainedOn);
            w.Write(Categories.Count);
            var buckets = 1 << Bits;
            for (var k = 0; k < Categories.Count; k++)
            {
                var category = Categories[k];
                w.Write(category.Name);
                w.Write(category.Bias);
                w.Write(category.FlagAt);
                w.Write(category.BlockAt);
                var nonZero = 0;
                for (var b = 0; b < buckets; b++)
                {
                    nonZero += Weight(b, k) != 0 ? 1 : 0;
                }

                w.Write(nonZero);
                for (var b = 0; b < buckets; b++)
                {
                    var value = Weight(b, k);
                    if (value != 0)
                    {
                        w.Write(b);
                        w.Write(value);
                    }
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a model file; throws <see cref="FormatException"/> with the reason when it is not one this build can use.</summary>
    public static LearnedModel Read(Stream stream)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new FormatException("model: not a moderation model file");
            }

            var features = r.ReadString();
            if (features != NgramFeatures.Version)
            {
                throw new FormatException($"model: trained on features '{features}', this build computes '{NgramFeatures.Version}' (run moderate train)");
            }

            var bits = r.ReadInt32();
            if (bits is < 8 or > 24)
            {
                throw new FormatException($"model: bucket bits {bits} out of range 8-24");
            }

            var trainedOn = r.ReadString();
            var count = r.ReadInt32();
            if (count is < 1 or > 16)
            {
                throw new FormatException($"model: {count} categories");
            }

            var buckets = 1 << bits;
            var weights = new float[buckets * count];
            var categories = new List<LearnedCategory>(count);
            for (var k = 0; k < count; k++)
            {
                var category = new LearnedCategory(r.ReadString(), r.ReadSingle(), r.ReadSingle(), r.ReadSingle());
                if (ModerationCategories.IndexOf(category.Name) < 0)
                {
                    throw new FormatException($"model: unknown category '{category.Name}'");
                }

                var nonZero = r.ReadInt32();
                if (nonZero < 0 || nonZero > buckets)
                {
                    throw new FormatException($"model: {nonZero} weights for {category.Name}");
                }

                for (var i = 0; i < nonZero; i++)
                {
                    var bucket = r.ReadInt32();
                    if ((uint)bucket >= (uint)buckets)
                    {
                        throw new FormatException($"model: bucket {bucket} out of range");
                    }

                    weights[(bucket * count) + k] = r.ReadSingle();
                }

                categories.Add(category);
            }

            return new LearnedModel(bits, categories, weights, trainedOn);
        }
        catch (EndOfStreamException)
        {
            throw new FormatException("model: file is truncated");
        }
    }

    private readonly struct DotSink(float[] weights, float[] acc, int categories) : IFeatureSink
    {
        public void Add(int bucket)
        {
            var at = bucket * categories;
            for (var k = 0; k < categories; k++)
            {
                acc[k] += weights[at + k];
            }
        }
    }
}
