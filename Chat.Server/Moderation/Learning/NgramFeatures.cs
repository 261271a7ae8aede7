using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Chat.Server.Moderation.Learning;

/// <summary>Receives the hashed features of one text, one bucket per occurrence.</summary>
internal interface IFeatureSink
{
    void Add(int bucket);

    /// <summary>Several occurrences at once (the character n-grams of sixteen start positions).</summary>
    void AddAll(ReadOnlySpan<int> buckets);
}

/// <summary>
/// The features of the learned layer, shared by training and scoring so both see exactly the same numbers:
/// character 3-, 4- and 5-grams of the normalised text (words separated by one space, with a space at each end,
/// so n-grams see word boundaries), word unigrams and word bigrams, each hashed into 2^bits buckets. Every
/// occurrence counts 1; a text's vector is scaled by 1/sqrt(occurrences) so long messages do not score higher
/// just for being long. One pass, no allocation: the caller's sink receives the buckets.
/// </summary>
internal static class NgramFeatures
{
    /// <summary>Changes whenever the features change; a model trained on other features is refused.</summary>
    public const string Version = "ngram-c345-w12-v1";

    private const uint Prime = 16777619;
    private const uint Basis = 2166136261;

    // Each character n-gram's hash is salted with its length (len × the golden-ratio constant).
    private const uint Length3 = unchecked(3 * 0x9E3779B9u);
    private const uint Length4 = unchecked(4 * 0x9E3779B9u);
    private const uint Length5 = unchecked(5 * 0x9E3779B9u);

    /// <summary>Feeds every feature of <paramref name="normalized"/> to <paramref name="sink"/>; returns the number of occurrences.</summary>
    public static int Extract<TSink>(ReadOnlySpan<char> normalized, int bits, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        var mask = (uint)((1 << bits) - 1);
        var n = normalized.Length;

        // Character n-grams: one running hash per start position, emitted at lengths 3, 4 and 5. Sixteen start
        // positions at a time in vector lanes where the hardware has them (the same numbers, in another order;
        // every sink sums, so the order does not matter), the rest one by one.
        var start = Vector256.IsHardwareAccelerated ? ExtractSixteenAtATime(normalized, mask, ref sink) : 0;
        var count = 3 * start;
        for (var i = start; i + 3 <= n; i++)
        {
            var h = (((Basis ^ normalized[i]) * Prime) ^ normalized[i + 1]) * Prime;
            h = (h ^ normalized[i + 2]) * Prime;
            sink.Add((int)(Mix(h ^ Length3) & mask));
            count++;
            if (i + 4 > n)
            {
                continue;
            }

            h = (h ^ normalized[i + 3]) * Prime;
            sink.Add((int)(Mix(h ^ Length4) & mask));
            count++;
            if (i + 5 > n)
            {
                continue;
            }

            h = (h ^ normalized[i + 4]) * Prime;
            sink.Add((int)(Mix(h ^ Length5) & mask));
            count++;
        }

        // Words and word bigrams.
        var previous = 0u;
        var havePrevious = false;
        var w = Basis;
        var inWord = false;
        for (var i = 0; i <= n; i++)
        {
            var c = i < n ? normalized[i] : ' ';
            if (c != ' ')
            {
                w = (w ^ c) * Prime;
                inWord = true;
                continue;
            }

            if (!inWord)
            {
                continue;
            }

            sink.Add((int)(Mix(w ^ 0x85EBCA6Bu) & mask));
            count++;
            if (havePrevious)
            {
                sink.Add((int)(Mix((previous * 31) ^ w ^ 0xC2B2AE35u) & mask));
                count++;
            }

            previous = w;
            havePrevious = true;
            w = Basis;
            inWord = false;
        }

        return count;
    }

    /// <summary>
    /// The character n-grams of the start positions [0, returned) with all five characters ahead of them, sixteen
    /// starts per step: lane k of the two halves holds the running hash of start i + k, fed by one load of sixteen
    /// characters per length. Returns the first start not done (a multiple of 16); each done start gave 3 n-grams.
    /// </summary>
    private static int ExtractSixteenAtATime<TSink>(ReadOnlySpan<char> normalized, uint mask, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        var n = normalized.Length;
        var i = 0;
        if (n < 20)
        {
            return 0;
        }

        ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(normalized));
        Span<int> buckets = stackalloc int[48];
        ref var bucket = ref Unsafe.As<int, uint>(ref MemoryMarshal.GetReference(buckets));
        var masks = Vector256.Create(mask);
        for (; i + 20 <= n; i += 16)
        {
            var (low, high) = Step(Vector256.Create(Basis), Vector256.Create(Basis), ref chars, i);
            (low, high) = Step(low, high, ref chars, i + 1);
            (low, high) = Step(low, high, ref chars, i + 2);
            (Mix(low ^ Vector256.Create(Length3)) & masks).StoreUnsafe(ref bucket, 0);
            (Mix(high ^ Vector256.Create(Length3)) & masks).StoreUnsafe(ref bucket, 8);
            (low, high) = Step(low, high, ref chars, i + 3);
            (Mix(low ^ Vector256.Create(Length4)) & masks).StoreUnsafe(ref bucket, 16);
            (Mix(high ^ Vector256.Create(Length4)) & masks).StoreUnsafe(ref bucket, 24);
            (low, high) = Step(low, high, ref chars, i + 4);
            (Mix(low ^ Vector256.Create(Length5)) & masks).StoreUnsafe(ref bucket, 32);
            (Mix(high ^ Vector256.Create(Length5)) & masks).StoreUnsafe(ref bucket, 40);
            sink.AddAll(buckets);
        }

        return i;
    }

    /// <summary>One FNV-1a step for sixteen start positions: the characters at <paramref name="at"/> .. at + 15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<uint> Low, Vector256<uint> High) Step(Vector256<uint> low, Vector256<uint> high, ref ushort chars, int at)
    {
        var (lowChars, highChars) = Vector256.Widen(Vector256.LoadUnsafe(ref chars, (nuint)at));
        return ((low ^ lowChars) * Vector256.Create(Prime), (high ^ highChars) * Vector256.Create(Prime));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Mix(Vector256<uint> h)
    {
        h ^= Vector256.ShiftRightLogical(h, 16);
        h *= Vector256.Create(0x85EBCA6Bu);
        h ^= Vector256.ShiftRightLogical(h, 13);
        h *= Vector256.Create(0xC2B2AE35u);
        h ^= Vector256.ShiftRightLogical(h, 16);
        return h;
    }

    // The finaliser of MurmurHash3: spreads the FNV state over all bits before masking.
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}

/// <summary>Counts how often each bucket occurs: the trainer's feature vector, and what the tests compare.</summary>
internal readonly struct FeatureCounts(SortedDictionary<int, float> counts) : IFeatureSink
{
    public SortedDictionary<int, float> Counts => counts;

    public void Add(int bucket) => counts[bucket] = counts.GetValueOrDefault(bucket) + 1;

    public void AddAll(ReadOnlySpan<int> buckets)
    {
        foreach (var bucket in buckets)
        {
            Add(bucket);
        }
    }
}
