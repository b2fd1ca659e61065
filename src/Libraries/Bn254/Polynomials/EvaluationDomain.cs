using System.Buffers.Binary;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Memory;
using FrLanes = CredentialHub.Bn254.Msm.MontgomeryLanes<CredentialHub.Bn254.Msm.FrLaneModulus>;

namespace CredentialHub.Bn254.Polynomials;

/// <summary>
/// The multiplicative subgroup {ω^i} of Fr of size n = 2^log2, ω = <see cref="RootsOfUnity.Get"/>(log2), and
/// the number-theoretic transform over it with snarkjs's convention (FORMATS.md §4):
/// FFT(a)_i = Σ_j a_j·ω^(ij), natural order in and out; the inverse includes the factor 1/n.
/// The transform is the iterative radix-2 decimation-in-time Cooley–Tukey algorithm: one bit-reversal
/// permutation, then log2 stages of butterflies. Stage s (blocks of 2^s, half = 2^(s−1)) reads its
/// twiddles ω_(2^s)^j, j &lt; half, from a contiguous slice of a table built once per size, so every
/// stage reads its twiddles in order. Large transforms run the first stages block by block (each block
/// fits in the L2 cache and needs no synchronisation) and split every later stage's butterflies between
/// the cores. On AVX-512 the butterflies run eight at a time in <see cref="Msm.MontgomeryLanes{M}"/>
/// (EvaluationDomain.Lanes.cs); the scalar butterflies are the twin.
/// The inverse is the forward transform followed by the index reversal a_i ↔ a_(n−i) and the scaling
/// by 1/n (ω^(−ij) = ω^((n−i)j)), so one twiddle table serves both directions.
/// Domains are cached per size and safe to use from several threads at once. Not constant time.
/// </summary>
public sealed partial class EvaluationDomain
{
    /// <summary>Transforms from this size on use every core.</summary>
    internal const int ParallelLog2 = 12;

    /// <summary>The first stages run per block of 2^LocalLog2 elements (128 KiB).</summary>
    private const int LocalLog2 = 12;

    private static readonly Lazy<EvaluationDomain>[] Cache = CreateCache();

    /// <summary>_twiddles[half + j] = ω_(2·half)^j for every stage's half = 2^(s−1) and j &lt; half; entry 0 is unused.</summary>
    private readonly Fr[] _twiddles;

    public int Log2Size { get; }
    public int Size { get; }
    public Fr Generator { get; }
    public Fr GeneratorInverse { get; }
    public Fr SizeInverse { get; }

    private EvaluationDomain(int log2)
    {
        Log2Size = log2;
        Size = 1 << log2;
        Generator = RootsOfUnity.Get(log2);
        GeneratorInverse = Generator.Inverse();
        SizeInverse = Fr.FromUInt64((ulong)Size).Inverse();
        _twiddles = new Fr[Math.Max(2, Size)];
        LargeArrays.Prefault(_twiddles, _twiddles.Length);
        Array.Fill(_twiddles, Fr.One);
        for (int stage = 1; stage <= log2; stage++)
        {
            int half = 1 << (stage - 1);
            MultiplyByPowers(_twiddles.AsSpan(half, half), RootsOfUnity.Get(stage));
        }
    }

    /// <summary>The domain of size 2^log2, 0 ≤ log2 ≤ 28, built on first use.</summary>
    public static EvaluationDomain Get(int log2)
    {
        if ((uint)log2 > RootsOfUnity.MaxLog2)
        {
            throw new ArgumentOutOfRangeException(nameof(log2), log2, $"log2 must lie in [0, {RootsOfUnity.MaxLog2}]");
        }
        return Cache[log2].Value;
    }

    private static Lazy<EvaluationDomain>[] CreateCache()
    {
        var cache = new Lazy<EvaluationDomain>[RootsOfUnity.MaxLog2 + 1];
        for (int k = 0; k < cache.Length; k++)
        {
            int log2 = k;
            cache[k] = new Lazy<EvaluationDomain>(() => new EvaluationDomain(log2), LazyThreadSafetyMode.ExecutionAndPublication);
        }
        return cache;
    }

    /// <summary>In place: values_i ← Σ_j values_j·ω^(ij).</summary>
    public void Fft(Span<Fr> values) => Fft(values, useLanes: true);

    /// <summary>In place: the exact inverse of <see cref="Fft(Span{Fr})"/>, values_i ← (1/n)·Σ_j values_j·ω^(−ij).</summary>
    public void InverseFft(Span<Fr> values) => InverseFft(values, useLanes: true);

    /// <summary>values_j ← values_j·g^j: moves evaluations to the coset g·H after an inverse transform.</summary>
    public static void MultiplyByPowers(Span<Fr> values, Fr g) => MultiplyByPowers(values, g, useLanes: true);

    /// <param name="useLanes">False runs the scalar twin of the AVX-512 code, for the tests.</param>
    internal unsafe void Fft(Span<Fr> values, bool useLanes)
    {
        CheckLength(values.Length);
        fixed (Fr* a = values)
        {
            Transform(a, UseLanes(useLanes));
        }
    }

    /// <param name="useLanes">False runs the scalar twin of the AVX-512 code, for the tests.</param>
    internal unsafe void InverseFft(Span<Fr> values, bool useLanes)
    {
        CheckLength(values.Length);
        fixed (Fr* a = values)
        {
            bool lanes = UseLanes(useLanes);
            Transform(a, lanes);
            ReverseTail(a);
            Scale(a, lanes);
        }
    }

    /// <param name="useLanes">False runs the scalar twin of the AVX-512 code, for the tests.</param>
    internal static unsafe void MultiplyByPowers(Span<Fr> values, Fr g, bool useLanes)
    {
        int n = values.Length;
        if (n == 0)
        {
            return;
        }
        bool lanes = useLanes && FrLanes.IsSupported;
        fixed (Fr* a = values)
        {
            if (n < 1 << ParallelLog2)
            {
                MultiplyByPowers(a, 0, n, g, lanes);
                return;
            }
            nint address = (nint)a;
            int parts = Environment.ProcessorCount * 4;
            Parallel.For(0, parts, part =>
            {
                int start = (int)((long)n * part / parts);
                int end = (int)((long)n * (part + 1) / parts);
                MultiplyByPowers((Fr*)address, start, end, g, lanes);
            });
        }
    }

    private static unsafe void MultiplyByPowers(Fr* a, int start, int end, Fr g, bool lanes)
    {
        Fr power = FieldMath.Pow(g, [(ulong)start]);
        int j = start;
        if (lanes)
        {
            j = MultiplyByPowersInLanes(a, start, end, ref power, g);
        }
        for (; j < end; j++)
        {
            a[j] *= power;
            power *= g;
        }
    }

    /// <summary>The vector path needs one 8×8 tile for the first three stages.</summary>
    private bool UseLanes(bool requested) => requested && Log2Size >= 6 && FrLanes.IsSupported;

    private void CheckLength(int length)
    {
        if (length != Size)
        {
            throw new ArgumentException($"the span holds {length} values but the domain has size {Size}", "values");
        }
    }

    private unsafe void Transform(Fr* a, bool lanes)
    {
        if (Log2Size == 0)
        {
            return;
        }
        BitReverse(a);
        int localLog2 = Math.Min(Log2Size, LocalLog2);
        int blocks = Size >> localLog2;
        int butterflies = Size / 2;
        if (Log2Size < ParallelLog2)
        {
            for (int block = 0; block < blocks; block++)
            {
                TransformBlock(a + ((nint)block << localLog2), localLog2, lanes);
            }
            for (int stage = localLog2 + 1; stage <= Log2Size; stage++)
            {
                Butterflies(a, stage, 0, butterflies, lanes);
            }
            return;
        }
        nint address = (nint)a;
        Parallel.For(0, blocks, block => TransformBlock((Fr*)address + ((nint)block << localLog2), localLog2, lanes));
        int parts = Environment.ProcessorCount * 4;
        for (int stage = localLog2 + 1; stage <= Log2Size; stage++)
        {
            int s = stage;
            // Range ends on multiples of eight, so that the lanes never straddle two ranges.
            Parallel.For(0, parts, part => Butterflies((Fr*)address, s,
                (int)((long)butterflies * part / parts) & ~7, (int)((long)butterflies * (part + 1) / parts) & ~7, lanes));
        }
    }

    /// <summary>Stages 1..log2Block of the transform, inside one block of 2^log2Block elements.</summary>
    private unsafe void TransformBlock(Fr* a, int log2Block, bool lanes)
    {
        int length = 1 << log2Block;
        int stage = 1;
        if (lanes)
        {
            FirstStagesInLanes(a, length);
            stage = FirstStagesInLanesCount + 1;
        }
        fixed (Fr* twiddles = _twiddles)
        {
            for (; stage <= log2Block; stage++)
            {
                int half = 1 << (stage - 1);
                for (int k = 0; k < length; k += 2 * half)
                {
                    if (lanes)
                    {
                        ButterfliesInLanes(a + k, a + k + half, twiddles + half, half);
                    }
                    else
                    {
                        ScalarButterflies(a + k, a + k + half, twiddles + half, half);
                    }
                }
            }
        }
    }

    /// <summary>Butterflies start..end−1 of one stage; butterfly b pairs positions i and i + half.</summary>
    private unsafe void Butterflies(Fr* a, int stage, int start, int end, bool lanes)
    {
        int half = 1 << (stage - 1);
        fixed (Fr* twiddles = _twiddles)
        {
            // One run per block that the range touches: j from the range's offset in the block to its end.
            for (int b = start; b < end;)
            {
                int j = b & (half - 1);
                int count = Math.Min(half - j, end - b);
                Fr* lo = a + ((b >> (stage - 1)) << stage) + j;
                if (lanes)
                {
                    ButterfliesInLanes(lo, lo + half, twiddles + half + j, count);
                }
                else
                {
                    ScalarButterflies(lo, lo + half, twiddles + half + j, count);
                }
                b += count;
            }
        }
    }

    /// <summary>lo_j, hi_j ← lo_j + w_j·hi_j, lo_j − w_j·hi_j for j &lt; count.</summary>
    private static unsafe void ScalarButterflies(Fr* lo, Fr* hi, Fr* w, int count)
    {
        for (int j = 0; j < count; j++)
        {
            Fr u = lo[j];
            Fr v = hi[j] * w[j];
            lo[j] = u + v;
            hi[j] = u - v;
        }
    }

    private unsafe void BitReverse(Fr* a)
    {
        int shift = 32 - Log2Size;
        if (Log2Size < ParallelLog2)
        {
            BitReverse(a, 0, Size, shift);
            return;
        }
        nint address = (nint)a;
        int parts = Environment.ProcessorCount * 4;
        Parallel.For(0, parts, part =>
            BitReverse((Fr*)address, (int)((long)Size * part / parts), (int)((long)Size * (part + 1) / parts), shift));
    }

    /// <summary>Swaps a[i] with a[rev(i)] for i in [start, end) with i &lt; rev(i), so ranges never touch the same pair twice.</summary>
    private static unsafe void BitReverse(Fr* a, int start, int end, int shift)
    {
        for (int i = start; i < end; i++)
        {
            int r = (int)(ReverseBits((uint)i) >> shift);
            if (i < r)
            {
                (a[i], a[r]) = (a[r], a[i]);
            }
        }
    }

    private static uint ReverseBits(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        return BinaryPrimitives.ReverseEndianness(x);
    }

    /// <summary>a_i ↔ a_(n−i) for 0 &lt; i &lt; n/2.</summary>
    private unsafe void ReverseTail(Fr* a)
    {
        int n = Size;
        for (int i = 1, k = n - 1; i < k; i++, k--)
        {
            (a[i], a[k]) = (a[k], a[i]);
        }
    }

    /// <summary>Every value times 1/n.</summary>
    private unsafe void Scale(Fr* a, bool lanes)
    {
        if (Log2Size < ParallelLog2)
        {
            Scale(a, 0, Size, SizeInverse, lanes);
            return;
        }
        nint address = (nint)a;
        int parts = Environment.ProcessorCount * 4;
        Fr factor = SizeInverse;
        Parallel.For(0, parts, part =>
            Scale((Fr*)address, (int)((long)Size * part / parts) & ~7, (int)((long)Size * (part + 1) / parts) & ~7, factor, lanes));
    }

    private static unsafe void Scale(Fr* a, int start, int end, Fr factor, bool lanes)
    {
        int j = lanes ? ScaleInLanes(a, start, end, factor) : start;
        for (; j < end; j++)
        {
            a[j] *= factor;
        }
    }
}
