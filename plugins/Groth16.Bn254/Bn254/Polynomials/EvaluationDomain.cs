using System.Buffers.Binary;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Polynomials;

/// <summary>
/// The multiplicative subgroup {ω^i} of Fr of size n = 2^log2, ω = <see cref="RootsOfUnity.Get"/>(log2), and
/// the number-theoretic transform over it with snarkjs's convention (FORMATS.md §4):
/// FFT(a)_i = Σ_j a_j·ω^(ij), natural order in and out; the inverse includes the factor 1/n.
/// The transform is the iterative radix-2 decimation-in-time Cooley–Tukey algorithm: one bit-reversal
/// permutation, then log2 stages of butterflies reading the twiddles ω^j (j &lt; n/2) from a table built
/// once per size. Large transforms run the first stages block by block (each block fits in the L2
/// cache and needs no synchronisation) and split every later stage's butterflies between the cores.
/// The inverse is the forward transform followed by the index reversal a_i ↔ a_(n−i) and the scaling
/// by 1/n (ω^(−ij) = ω^((n−i)j)), so one twiddle table serves both directions.
/// Domains are cached per size and safe to use from several threads at once. Not constant time.
/// </summary>
public sealed class EvaluationDomain
{
    /// <summary>Transforms from this size on use every core.</summary>
    internal const int ParallelLog2 = 12;

    /// <summary>The first stages run per block of 2^LocalLog2 elements (128 KiB).</summary>
    private const int LocalLog2 = 12;

    private static readonly Lazy<EvaluationDomain>[] Cache = CreateCache();

    /// <summary>ω^j for j &lt; n/2 (a single 1 when n = 1).</summary>
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
        _twiddles = new Fr[Math.Max(1, Size / 2)];
        Array.Fill(_twiddles, Fr.One);
        MultiplyByPowers(_twiddles, Generator);
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
    public unsafe void Fft(Span<Fr> values)
    {
        CheckLength(values.Length);
        fixed (Fr* a = values)
        {
            Transform(a);
        }
    }

    /// <summary>In place: the exact inverse of <see cref="Fft"/>, values_i ← (1/n)·Σ_j values_j·ω^(−ij).</summary>
    public unsafe void InverseFft(Span<Fr> values)
    {
        CheckLength(values.Length);
        fixed (Fr* a = values)
        {
            Transform(a);
            ReverseTailAndScale(a);
        }
    }

    /// <summary>values_j ← values_j·g^j: moves evaluations to the coset g·H after an inverse transform.</summary>
    public static unsafe void MultiplyByPowers(Span<Fr> values, Fr g)
    {
        int n = values.Length;
        if (n == 0)
        {
            return;
        }
        fixed (Fr* a = values)
        {
            if (n < 1 << ParallelLog2)
            {
                MultiplyByPowers(a, 0, n, g);
                return;
            }
            nint address = (nint)a;
            int parts = Environment.ProcessorCount * 4;
            Parallel.For(0, parts, part =>
            {
                int start = (int)((long)n * part / parts);
                int end = (int)((long)n * (part + 1) / parts);
                MultiplyByPowers((Fr*)address, start, end, g);
            });
        }
    }

    private static unsafe void MultiplyByPowers(Fr* a, int start, int end, Fr g)
    {
        Fr power = FieldMath.Pow(g, [(ulong)start]);
        for (int j = start; j < end; j++)
        {
            a[j] *= power;
            power *= g;
        }
    }

    private void CheckLength(int length)
    {
        if (length != Size)
        {
            throw new ArgumentException($"the span holds {length} values but the domain has size {Size}", "values");
        }
    }

    private unsafe void Transform(Fr* a)
    {
        if (Log2Size == 0)
        {
            return;
        }
        BitReverse(a);
        int localLog2 = Math.Min(Log2Size, LocalLog2);
        int blocks = Size >> localLog2;
        nint address = (nint)a;
        if (Log2Size < ParallelLog2)
        {
            for (int block = 0; block < blocks; block++)
            {
                TransformBlock(a + ((nint)block << localLog2), localLog2);
            }
            for (int stage = localLog2 + 1; stage <= Log2Size; stage++)
            {
                Butterflies(a, stage, 0, Size / 2);
            }
            return;
        }
        Parallel.For(0, blocks, block => TransformBlock((Fr*)address + ((nint)block << localLog2), localLog2));
        int parts = Environment.ProcessorCount * 4;
        for (int stage = localLog2 + 1; stage <= Log2Size; stage++)
        {
            int s = stage;
            int butterflies = Size / 2;
            Parallel.For(0, parts, part =>
            {
                int start = (int)((long)butterflies * part / parts);
                int end = (int)((long)butterflies * (part + 1) / parts);
                Butterflies((Fr*)address, s, start, end);
            });
        }
    }

    /// <summary>Stages 1..log2Block of the transform, inside one block of 2^log2Block elements.</summary>
    private unsafe void TransformBlock(Fr* a, int log2Block)
    {
        int length = 1 << log2Block;
        for (int i = 0; i < length; i += 2)
        {
            Fr u = a[i], v = a[i + 1];
            a[i] = u + v;
            a[i + 1] = u - v;
        }
        for (int stage = 2; stage <= log2Block; stage++)
        {
            int half = 1 << (stage - 1);
            int stride = Log2Size - stage;
            for (int k = 0; k < length; k += 2 * half)
            {
                Fr* lo = a + k;
                Fr* hi = lo + half;
                Fr u0 = lo[0], v0 = hi[0];
                lo[0] = u0 + v0;
                hi[0] = u0 - v0;
                for (int j = 1; j < half; j++)
                {
                    Fr u = lo[j];
                    Fr v = hi[j] * _twiddles[j << stride];
                    lo[j] = u + v;
                    hi[j] = u - v;
                }
            }
        }
    }

    /// <summary>Butterflies start..end−1 of one stage; butterfly b pairs positions i and i + half.</summary>
    private unsafe void Butterflies(Fr* a, int stage, int start, int end)
    {
        int half = 1 << (stage - 1);
        int stride = Log2Size - stage;
        int j = start & (half - 1);
        int i = ((start >> (stage - 1)) << stage) + j;
        for (int b = start; b < end; b++)
        {
            Fr u = a[i];
            Fr v = a[i + half] * _twiddles[j << stride];
            a[i] = u + v;
            a[i + half] = u - v;
            i++;
            if (++j == half)
            {
                j = 0;
                i += half;
            }
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

    /// <summary>a_i ↔ a_(n−i) for 0 &lt; i &lt; n/2, and every value times 1/n.</summary>
    private unsafe void ReverseTailAndScale(Fr* a)
    {
        int n = Size;
        Fr scale = SizeInverse;
        if (Log2Size < ParallelLog2)
        {
            ReverseTailAndScale(a, n, 0, n / 2 + 1, scale);
            return;
        }
        nint address = (nint)a;
        int parts = Environment.ProcessorCount * 4;
        int pairs = n / 2 + 1;
        Parallel.For(0, parts, part =>
            ReverseTailAndScale((Fr*)address, n, (int)((long)pairs * part / parts), (int)((long)pairs * (part + 1) / parts), scale));
    }

    /// <summary>Index i ≤ n/2 pairs with (n − i) mod n; i = 0 and i = n/2 pair with themselves.</summary>
    private static unsafe void ReverseTailAndScale(Fr* a, int n, int start, int end, Fr scale)
    {
        for (int i = start; i < end; i++)
        {
            int k = (n - i) & (n - 1);
            if (k == i || i == 0)
            {
                a[i] *= scale;
                continue;
            }
            Fr low = a[i];
            a[i] = a[k] * scale;
            a[k] = low * scale;
        }
    }
}
