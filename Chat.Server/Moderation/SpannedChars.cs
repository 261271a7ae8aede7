namespace Chat.Server.Moderation;

/// <summary>
/// A growable list of characters, each with the span of original text it stands for. Parallel arrays rather
/// than an array of structs keep the characters contiguous for the matcher; a mutable struct held in a field, with
/// fields rather than properties, keeps the normaliser's inner loops to plain array reads.
/// </summary>
internal struct SpannedChars(int capacity)
{
#pragma warning disable CA1051 // Hot-path buffers of an internal type.
    public char[] Char = new char[capacity];
    public int[] Start = new int[capacity];
    public int[] End = new int[capacity];
    public int Count;
#pragma warning restore CA1051

    public void Clear() => Count = 0;

    public void Add(char c, int start, int end)
    {
        if (Count == Char.Length)
        {
            Array.Resize(ref Char, Count * 2);
            Array.Resize(ref Start, Count * 2);
            Array.Resize(ref End, Count * 2);
        }

        Char[Count] = c;
        Start[Count] = start;
        End[Count] = end;
        Count++;
    }
}
