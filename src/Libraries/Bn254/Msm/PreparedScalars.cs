using System.Buffers;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Memory;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// The scalars of one multi-scalar multiplication sorted by what they cost. Witness vectors are mostly
/// 0, 1 and small values, so each scalar is taken out of Montgomery form once and then
/// - 0 (or a term whose point is the identity) is dropped,
/// - 1 only lists its point, to be summed without windows,
/// - anything else keeps its plain limbs and its point index, in input order, for the windows;
/// a histogram of the bit lengths of the last group feeds the window cost model, and when many of
/// them fit 64 bits the positions of the longer ones are listed, so that windows above bit 64 visit
/// only those.
/// The big arrays come from <see cref="ArrayPool{T}"/> and go back on <see cref="Dispose"/>.
/// </summary>
internal sealed unsafe class PreparedScalars : IDisposable
{
    private const int ConversionChunk = 4096;

    /// <summary>Plain little-endian limbs, four per entry.</summary>
    internal ulong[] Limbs { get; }

    /// <summary>The point of each entry.</summary>
    internal int[] PointIndices { get; }

    /// <summary>The number of entries that need windows.</summary>
    internal int Count { get; private set; }

    /// <summary>The points whose scalar is 1.</summary>
    internal int[] Ones { get; }

    internal int OnesCount { get; private set; }

    /// <summary>BitLengthCounts[b] = the number of entries of bit length b.</summary>
    internal int[] BitLengthCounts { get; } = new int[257];

    internal int MaxBitLength { get; private set; }

    /// <summary>Windows starting above this bit see only the entries in <see cref="LongPositions"/>.</summary>
    internal const int ShortBits = 64;

    /// <summary>The positions, ascending, of the entries longer than <see cref="ShortBits"/>; null when listing them would not pay.</summary>
    internal int[]? LongPositions { get; private set; }

    internal int LongCount { get; private set; }

    private PreparedScalars(int n)
    {
        Limbs = ArrayPool<ulong>.Shared.Rent(4 * n);
        PointIndices = ArrayPool<int>.Shared.Rent(n);
        Ones = ArrayPool<int>.Shared.Rent(n);
        LargeArrays.Prefault(Limbs, 4 * n);
        LargeArrays.Prefault(PointIndices, n);
        LargeArrays.Prefault(Ones, n);
    }

    internal static PreparedScalars Prepare<F, TAffine, TCoordinates>(TAffine* points, Fr* scalars, int n, int maxDegreeOfParallelism)
        where F : struct, IField<F>
        where TAffine : unmanaged
        where TCoordinates : struct, IAffineCoordinates<F, TAffine>
    {
        var prepared = new PreparedScalars(n);
        fixed (ulong* limbs = prepared.Limbs)
        {
            int chunks = (n + ConversionChunk - 1) / ConversionChunk;
            if (chunks == 1 || maxDegreeOfParallelism == 1)
            {
                Convert<F, TAffine, TCoordinates>(points, scalars, limbs, 0, n);
            }
            else
            {
                nint p = (nint)points, s = (nint)scalars, l = (nint)limbs;
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, chunk =>
                    Convert<F, TAffine, TCoordinates>((TAffine*)p, (Fr*)s, (ulong*)l,
                        chunk * ConversionChunk, Math.Min(n, (chunk + 1) * ConversionChunk)));
            }
            prepared.Classify(limbs, n);
        }
        return prepared;
    }

    /// <summary>Canonical limbs of scalars [start, end), zero where the point is the identity.</summary>
    private static void Convert<F, TAffine, TCoordinates>(TAffine* points, Fr* scalars, ulong* limbs, int start, int end)
        where F : struct, IField<F>
        where TAffine : unmanaged
        where TCoordinates : struct, IAffineCoordinates<F, TAffine>
    {
        for (int i = start; i < end; i++)
        {
            ulong* l = limbs + 4 * i;
            if (scalars[i].IsZero || TCoordinates.IsIdentity(points[i]))
            {
                l[0] = l[1] = l[2] = l[3] = 0;
                continue;
            }
            scalars[i].ToCanonical(out l[0], out l[1], out l[2], out l[3]);
        }
    }

    /// <summary>Compacts the entries that need windows to the front, in place (writes never overtake reads).</summary>
    private void Classify(ulong* limbs, int n)
    {
        int count = 0, ones = 0, maxBits = 0;
        for (int i = 0; i < n; i++)
        {
            ulong* l = limbs + 4 * i;
            if ((l[1] | l[2] | l[3]) == 0 && l[0] <= 1)
            {
                if (l[0] == 1)
                {
                    Ones[ones++] = i;
                }
                continue;
            }
            ulong* target = limbs + 4 * count;
            target[0] = l[0]; target[1] = l[1]; target[2] = l[2]; target[3] = l[3];
            PointIndices[count++] = i;
            int bits = SignedDigits.BitLength(l);
            BitLengthCounts[bits]++;
            maxBits = Math.Max(maxBits, bits);
        }
        Count = count;
        OnesCount = ones;
        MaxBitLength = maxBits;
        int longCount = count;
        for (int b = 0; b <= ShortBits; b++)
        {
            longCount -= BitLengthCounts[b];
        }
        if (longCount <= count - count / 4)
        {
            LongPositions = ArrayPool<int>.Shared.Rent(Math.Max(1, longCount));
            for (int j = 0, k = 0; j < count; j++)
            {
                ulong* l = limbs + 4 * j;
                if ((l[1] | l[2] | l[3]) != 0)
                {
                    LongPositions[k++] = j;
                }
            }
            LongCount = longCount;
        }
    }

    public void Dispose()
    {
        ArrayPool<ulong>.Shared.Return(Limbs);
        ArrayPool<int>.Shared.Return(PointIndices);
        ArrayPool<int>.Shared.Return(Ones);
        if (LongPositions is not null)
        {
            ArrayPool<int>.Shared.Return(LongPositions);
        }
    }
}
