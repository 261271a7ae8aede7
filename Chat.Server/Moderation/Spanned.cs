using System.Runtime.CompilerServices;

namespace Chat.Server.Moderation;

/// <summary>
/// A growable list of items (characters of normalised text, pattern hits, group hits), each with the span of
/// original text it stands for. Parallel arrays rather than an array of structs keep the items contiguous for the
/// matcher; a mutable struct held in a field, with fields rather than properties, keeps the inner loops to plain
/// array reads.
/// </summary>
internal struct Spanned<T>(int capacity)
{
#pragma warning disable CA1051 // Hot-path buffers of an internal type.
    public T[] Item = new T[capacity];
    public int[] Start = new int[capacity];
    public int[] End = new int[capacity];
    public int Count;
#pragma warning restore CA1051

    public void Clear() => Count = 0;

    /// <summary>Room for <paramref name="needed"/> items, so a hot loop can write the arrays directly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnsureCapacity(int needed)
    {
        if (Item.Length < needed)
        {
            Grow(needed);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        var size = Math.Max(needed, Item.Length * 2);
        Array.Resize(ref Item, size);
        Array.Resize(ref Start, size);
        Array.Resize(ref End, size);
    }

    // Inlined into the normaliser's and the matcher's loops; growing is the rare call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item, int start, int end)
    {
        if (Count == Item.Length)
        {
            Grow(Count * 2);
        }

        Item[Count] = item;
        Start[Count] = start;
        End[Count] = end;
        Count++;
    }
}
