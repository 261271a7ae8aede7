using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;

namespace Chat.Server.Moderation.Learning;

/// <summary>One category of the learned layer: its weights live in <see cref="LearnedModel"/>, interleaved.</summary>
internal sealed record LearnedCategory(string Name, float Bias, float FlagAt, float BlockAt);

/// <summary>
/// The learned layer: one logistic regression per category over <see cref="NgramFeatures"/>, trained by
/// <c>moderate train</c> and stored as a small versioned data file. Scoring is a dot product over the message's
/// hashed n-grams: no allocation, no ML library at run time. Weights are stored as signed bytes with one scale per
/// category (the largest weight maps to ±127), laid out bucket-major (all categories of a bucket side by side): the
/// table is a quarter of the float one (2^16 buckets × 5 categories = 320 KB), so it stays in the core's cache, and
/// one cache line serves every category of a feature. Sums are exact integers, scaled once per category.
/// </summary>
internal sealed class LearnedModel
{
    /// <summary>Version 2 (signed bytes and a scale per category); version 1 files (floats) are read and quantised.</summary>
    private static readonly byte[] Magic = "CHATLM02"u8.ToArray();
    private static readonly byte[] MagicFloat = "CHATLM01"u8.ToArray();

    // Scoring reads eight bytes per row (a row is five): the table ends with this much room after its last row.
    private const int RowPadding = 8;

    [ThreadStatic]
    private static int[]? sums;

    private readonly sbyte[] weights;
    private readonly float[] scales;

    /// <summary>A model from float weights (the trainer's): each category is quantised to signed bytes with its own scale.</summary>
    public LearnedModel(int bits, IReadOnlyList<LearnedCategory> categories, float[] weights, string trainedOn)
        : this(bits, categories, Quantise(bits, categories.Count, weights, out var scales), scales, trainedOn)
    {
    }

    private LearnedModel(int bits, IReadOnlyList<LearnedCategory> categories, sbyte[] weights, float[] scales, string trainedOn)
    {
        if (bits is < 8 or > 24)
        {
            throw new FormatException($"model: bucket bits {bits} out of range 8-24");
        }

        if (weights.Length != (1 << bits) * categories.Count || scales.Length != categories.Count)
        {
            throw new FormatException("model: weight count does not match buckets × categories");
        }

        Bits = bits;
        Categories = categories;
        this.weights = new sbyte[weights.Length + RowPadding];
        weights.CopyTo(this.weights, 0);
        this.scales = scales;
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

    /// <summary>The weight as scoring uses it (quantised byte × the category's scale).</summary>
    public float Weight(int bucket, int category) => weights[(bucket * Categories.Count) + category] * scales[category];

    /// <summary>Probability per category (in <see cref="Categories"/> order) for an already normalised text.</summary>
    public void Score(ReadOnlySpan<char> normalized, Span<float> probabilities)
    {
        var c = Categories.Count;
        var acc = sums ??= new int[16];
        if (acc.Length < c)
        {
            acc = sums = new int[c];
        }

        Array.Clear(acc, 0, c);
        var sink = new DotSink(weights, acc, c);
        var count = NgramFeatures.Extract(normalized, Bits, ref sink);
        sink.Flush();
        var scale = count == 0 ? 0f : 1f / MathF.Sqrt(count);
        for (var k = 0; k < c; k++)
        {
            probabilities[k] = Sigmoid(Categories[k].Bias + (acc[k] * scales[k] * scale));
        }
    }

    public static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    /// <summary>
    /// The file: magic, feature version, bits, what it was trained on, then per category name, bias, thresholds, scale
    /// and its non-zero weights (bucket, signed byte).
    /// </summary>
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
            var c = Categories.Count;
            for (var k = 0; k < c; k++)
            {
                var category = Categories[k];
                w.Write(category.Name);
                w.Write(category.Bias);
                w.Write(category.FlagAt);
                w.Write(category.BlockAt);
                w.Write(scales[k]);
                var nonZero = 0;
                for (var b = 0; b < buckets; b++)
                {
                    nonZero += weights[(b * c) + k] != 0 ? 1 : 0;
                }

                w.Write(nonZero);
                for (var b = 0; b < buckets; b++)
                {
                    var value = weights[(b * c) + k];
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
            var magic = r.ReadBytes(Magic.Length);
            var quantised = magic.AsSpan().SequenceEqual(Magic);
            if (!quantised && !magic.AsSpan().SequenceEqual(MagicFloat))
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
            var floats = quantised ? null : new float[buckets * count];
            var bytes = quantised ? new sbyte[buckets * count] : null;
            var scales = new float[count];
            var categories = new List<LearnedCategory>(count);
            for (var k = 0; k < count; k++)
            {
                var category = new LearnedCategory(r.ReadString(), r.ReadSingle(), r.ReadSingle(), r.ReadSingle());
                if (ModerationCategories.IndexOf(category.Name) < 0)
                {
                    throw new FormatException($"model: unknown category '{category.Name}'");
                }

                if (quantised)
                {
                    scales[k] = r.ReadSingle();
                    if (!float.IsFinite(scales[k]) || scales[k] < 0)
                    {
                        throw new FormatException($"model: scale {scales[k]} for {category.Name}");
                    }
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

                    if (quantised)
                    {
                        bytes![(bucket * count) + k] = r.ReadSByte();
                    }
                    else
                    {
                        floats![(bucket * count) + k] = r.ReadSingle();
                    }
                }

                categories.Add(category);
            }

            return quantised ? new LearnedModel(bits, categories, bytes!, scales, trainedOn) : new LearnedModel(bits, categories, floats!, trainedOn);
        }
        catch (EndOfStreamException)
        {
            throw new FormatException("model: file is truncated");
        }
    }

    /// <summary>Per category, the largest absolute weight becomes ±127; every weight is rounded to the nearest step.</summary>
    private static sbyte[] Quantise(int bits, int categories, float[] weights, out float[] scales)
    {
        if (categories < 1 || weights.Length != (1 << bits) * categories)
        {
            throw new FormatException("model: weight count does not match buckets × categories");
        }

        scales = new float[categories];
        var largest = new float[categories];
        for (var i = 0; i < weights.Length; i++)
        {
            largest[i % categories] = Math.Max(largest[i % categories], Math.Abs(weights[i]));
        }

        for (var k = 0; k < categories; k++)
        {
            scales[k] = largest[k] == 0 ? 0f : largest[k] / 127f;
        }

        var quantised = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var scale = scales[i % categories];
            quantised[i] = scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(weights[i] / scale), -127, 127);
        }

        return quantised;
    }

    /// <summary>
    /// Adds one weight row per n-gram. The five categories of the shipped model are summed in one vector register where
    /// the processor has AVX2 (eight bytes read from the row, sign-extended to eight ints in one instruction; the three
    /// bytes past the row belong to the next one or to the table's padding and are never read back), else in five
    /// registers, read from the row with one address computation and no bounds checks (the bucket is masked to the
    /// table, so the row is always inside it); any other category count goes through the general loop.
    /// </summary>
    private struct DotSink(sbyte[] weights, int[] acc, int categories) : IFeatureSink
    {
        private Vector256<int> lanes;
        private int s0, s1, s2, s3, s4;

        /// <summary>
        /// The sixteen-at-a-time n-grams: summed into two local vectors (no store between rows, two chains of additions)
        /// and added to the sink's once.
        /// </summary>
        public void AddAll(ReadOnlySpan<int> buckets)
        {
            if (categories != 5 || !Avx2.IsSupported)
            {
                foreach (var bucket in buckets)
                {
                    Add(bucket);
                }

                return;
            }

            ref var table = ref MemoryMarshal.GetArrayDataReference(weights);
            var even = Vector256<int>.Zero;
            var odd = Vector256<int>.Zero;
            var k = 0;
            for (; k + 1 < buckets.Length; k += 2)
            {
                even = Avx2.Add(even, Row(ref table, buckets[k]));
                odd = Avx2.Add(odd, Row(ref table, buckets[k + 1]));
            }

            if (k < buckets.Length)
            {
                even = Avx2.Add(even, Row(ref table, buckets[k]));
            }

            lanes = Avx2.Add(lanes, Avx2.Add(even, odd));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int bucket)
        {
            if (categories == 5)
            {
                ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(weights), bucket * 5);
                if (Avx2.IsSupported)
                {
                    lanes = Avx2.Add(lanes, Row(ref MemoryMarshal.GetArrayDataReference(weights), bucket));
                    return;
                }

                s0 += row;
                s1 += Unsafe.Add(ref row, 1);
                s2 += Unsafe.Add(ref row, 2);
                s3 += Unsafe.Add(ref row, 3);
                s4 += Unsafe.Add(ref row, 4);
                return;
            }

            var at = bucket * categories;
            for (var k = 0; k < categories; k++)
            {
                acc[k] += weights[at + k];
            }
        }

        /// <summary>Eight bytes from the row of <paramref name="bucket"/>, sign-extended to eight ints in one instruction.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Row(ref sbyte table, int bucket) =>
            Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref table, bucket * 5)))).AsSByte());

        /// <summary>Moves the register sums into the per-category array.</summary>
        public readonly void Flush()
        {
            if (categories == 5)
            {
                acc[0] = s0 + lanes.GetElement(0);
                acc[1] = s1 + lanes.GetElement(1);
                acc[2] = s2 + lanes.GetElement(2);
                acc[3] = s3 + lanes.GetElement(3);
                acc[4] = s4 + lanes.GetElement(4);
            }
        }
    }
}
