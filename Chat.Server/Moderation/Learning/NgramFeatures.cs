namespace Chat.Server.Moderation.Learning;

/// <summary>Receives the hashed features of one text, one call per occurrence.</summary>
internal interface IFeatureSink
{
    void Add(int bucket);
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

    /// <summary>Feeds every feature of <paramref name="normalized"/> to <paramref name="sink"/>; returns the number of occurrences.</summary>
    public static int Extract<TSink>(ReadOnlySpan<char> normalized, int bits, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        var mask = (1 << bits) - 1;
        var count = 0;
        var n = normalized.Length;

        // Character n-grams: one running hash per start position, emitted at lengths 3, 4 and 5.
        for (var i = 0; i + 3 <= n; i++)
        {
            var h = Basis;
            var end = Math.Min(n, i + 5);
            for (var j = i; j < end; j++)
            {
                h = (h ^ normalized[j]) * Prime;
                var len = j - i + 1;
                if (len >= 3)
                {
                    sink.Add((int)(Mix(h ^ ((uint)len * 0x9E3779B9u)) & (uint)mask));
                    count++;
                }
            }
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

            sink.Add((int)(Mix(w ^ 0x85EBCA6Bu) & (uint)mask));
            count++;
            if (havePrevious)
            {
                sink.Add((int)(Mix((previous * 31) ^ w ^ 0xC2B2AE35u) & (uint)mask));
                count++;
            }

            previous = w;
            havePrevious = true;
            w = Basis;
            inWord = false;
        }

        return count;
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
