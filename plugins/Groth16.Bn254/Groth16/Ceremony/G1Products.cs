using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Many G1 points each multiplied by a scalar of its own (the per-term products coef·L_row(τ) of a phase-2 key). Each
/// scalar is split with BN254's GLV endomorphism (<see cref="Glv"/>) into two halves of about 127 bits, each written
/// in width-5 NAF, as <see cref="G1Scaling"/> does for one scalar; the products are sorted by the length of those
/// digits (a coefficient ±1 or small has few), and blocks of products of about the same length go through their
/// doublings and additions in lockstep in affine coordinates, one field inversion per step for the whole block
/// (Montgomery's trick). A product whose step would divide by zero is computed alone in Jacobian coordinates.
/// </summary>
internal static class G1Products
{
    private const int Window = Glv.NafWindow;
    private const int TableSize = 1 << (Window - 2);
    private const int PointsPerBlock = 1024;

    /// <summary>results[i] = scalars[i]·points[i], computed on all cores.</summary>
    internal static G1Affine[] Multiply(G1Affine[] points, Fr[] scalars, CancellationToken cancellationToken)
    {
        int count = points.Length;
        var results = new G1Affine[count];
        if (count == 0)
        {
            return results;
        }
        // Sorted by the bit length of the shorter of k and r − k (at most 128 counted: the GLV halves' length).
        var sizes = new int[count];
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            sizes[i] = ShortLength(scalars[i]);
            order[i] = i;
        }
        Array.Sort(sizes, order);
        // 0, 1 and −1 need no arithmetic.
        int trivial = 0;
        while (trivial < count && sizes[trivial] <= 1)
        {
            int i = order[trivial++];
            results[i] = scalars[i].IsZero ? G1Affine.Identity : scalars[i].IsOne ? points[i] : points[i].Negate();
        }
        int rest = count - trivial;
        int blocks = (rest + PointsPerBlock - 1) / PointsPerBlock;
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken }, block =>
        {
            int from = trivial + block * PointsPerBlock;
            int n = Math.Min(PointsPerBlock, count - from);
            MultiplyBlock(points, scalars, order.AsSpan(from, n), results);
        });
        return results;
    }

    /// <summary>The bit length of min(k, r − k), capped at 128 (a GLV half's length).</summary>
    private static int ShortLength(Fr k)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        k.WriteBytes(a, bigEndian: true);
        (-k).WriteBytes(b, bigEndian: true);
        var shorter = b.SequenceCompareTo(a) < 0 ? b : a;
        int top = shorter.IndexOfAnyExcept((byte)0);
        if (top < 0)
        {
            return 0;
        }
        int bits = (32 - top) * 8 - BitOperations.LeadingZeroCount((uint)shorter[top]) + 24;
        return Math.Min(bits, 128);
    }

    /// <summary>k as a signed 64-bit integer when k or r − k is below 2^63 (a small coefficient needs no GLV split).</summary>
    private static long? Short(Fr k)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        k.WriteBytes(a, bigEndian: true);
        (-k).WriteBytes(b, bigEndian: true);
        bool negated = b.SequenceCompareTo(a) < 0;
        var shorter = negated ? b : a;
        if (shorter[..24].IndexOfAnyExcept((byte)0) >= 0 || shorter[24] >= 0x80)
        {
            return null;
        }
        long value = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(shorter[24..]);
        return negated ? -value : value;
    }

    private static void MultiplyBlock(G1Affine[] points, Fr[] scalars, ReadOnlySpan<int> which, G1Affine[] results)
    {
        int n = which.Length;
        var digits1 = new sbyte[n][];
        var digits2 = new sbyte[n][];
        var alone = new bool[n];
        int length = 0;
        for (int i = 0; i < n; i++)
        {
            if (Short(scalars[which[i]]) is { } small)
            {
                digits1[i] = Naf(small);
                digits2[i] = [];
            }
            else
            {
                var (k1, k2) = Glv.Split(scalars[which[i]].ToBigInteger());
                digits1[i] = Glv.Naf(k1);
                digits2[i] = Glv.Naf(k2);
            }
            length = Math.Max(length, Math.Max(digits1[i].Length, digits2[i].Length));
            alone[i] = points[which[i]].IsIdentity;
        }

        // Odd multiples T[j] = (2j + 1)·P and their images φ(T[j]) = (β·x, y).
        var tx = new Fp[TableSize * n];
        var ty = new Fp[TableSize * n];
        var px = new Fp[TableSize * n];
        var ax = new Fp[n];
        var ay = new Fp[n];
        var scratch = new Fp[2 * n];
        var active = new int[n];
        var addX = new Fp[n];
        var addY = new Fp[n];
        for (int i = 0; i < n; i++)
        {
            var point = alone[i] ? G1Affine.Generator : points[which[i]];
            tx[i] = ax[i] = point.X;
            ty[i] = ay[i] = point.Y;
        }
        int all = Active(alone, null, active);
        Double(ax, ay, active.AsSpan(0, all), alone, scratch);
        for (int j = 1; j < TableSize; j++)
        {
            all = Active(alone, null, active);
            for (int a = 0; a < all; a++)
            {
                int i = active[a];
                tx[j * n + i] = tx[(j - 1) * n + i];
                ty[j * n + i] = ty[(j - 1) * n + i];
                addX[i] = ax[i];
                addY[i] = ay[i];
            }
            var xs = tx.AsSpan(j * n, n);
            var ys = ty.AsSpan(j * n, n);
            Add(xs, ys, addX, addY, active.AsSpan(0, all), alone, scratch);
        }
        for (int e = 0; e < px.Length; e++)
        {
            px[e] = tx[e] * Glv.Beta;
        }

        // The digits flat, bit-major: digits of bit b for the block's points side by side.
        var flat1 = new sbyte[length * n];
        var flat2 = new sbyte[length * n];
        for (int i = 0; i < n; i++)
        {
            for (int b = 0; b < digits1[i].Length; b++)
            {
                flat1[b * n + i] = digits1[i][b];
            }
            for (int b = 0; b < digits2[i].Length; b++)
            {
                flat2[b * n + i] = digits2[i][b];
            }
        }
        var started = new bool[n];
        for (int bit = length - 1; bit >= 0; bit--)
        {
            int doubling = Active(alone, started, active);
            Double(ax, ay, active.AsSpan(0, doubling), alone, scratch);
            for (int half = 0; half < 2; half++)
            {
                var digits = (half == 0 ? flat1 : flat2).AsSpan(bit * n, n);
                var xs = half == 0 ? tx : px;
                int adding = 0;
                for (int i = 0; i < n; i++)
                {
                    int digit = digits[i];
                    if (digit == 0 || alone[i])
                    {
                        continue;
                    }
                    int entry = (Math.Abs(digit) >> 1) * n + i;
                    if (!started[i])
                    {
                        ax[i] = xs[entry];
                        ay[i] = digit < 0 ? -ty[entry] : ty[entry];
                        started[i] = true;
                    }
                    else
                    {
                        addX[i] = xs[entry];
                        addY[i] = digit < 0 ? -ty[entry] : ty[entry];
                        active[adding++] = i;
                    }
                }
                Add(ax, ay, addX, addY, active.AsSpan(0, adding), alone, scratch);
            }
        }
        for (int i = 0; i < n; i++)
        {
            int index = which[i];
            results[index] = points[index].IsIdentity ? G1Affine.Identity
                : alone[i] ? Phase2Setup.Times(points[index].ToJacobian(), scalars[index]).ToAffine()
                : started[i] ? new G1Affine(ax[i], ay[i]) : G1Affine.Identity;
        }
    }

    /// <summary>The points not alone (and started, when <paramref name="started"/> is given), into <paramref name="active"/>; their count.</summary>
    private static int Active(bool[] alone, bool[]? started, int[] active)
    {
        int count = 0;
        for (int i = 0; i < alone.Length; i++)
        {
            if (!alone[i] && (started is null || started[i]))
            {
                active[count++] = i;
            }
        }
        return count;
    }

    /// <summary>(x, y)[i] ← 2·(x, y)[i] for the active points: λ = 3x² / 2y, x' = λ² − 2x, y' = λ(x − x') − y.</summary>
    private static void Double(Span<Fp> x, Span<Fp> y, ReadOnlySpan<int> active, bool[] alone, Fp[] scratch)
    {
        int m = active.Length;
        var denominators = scratch.AsSpan(0, m);
        for (int a = 0; a < m; a++)
        {
            int i = active[a];
            if (y[i].IsZero)
            {
                alone[i] = true;
            }
            denominators[a] = alone[i] ? Fp.One : y[i].Double();
        }
        Glv.InvertAll(denominators, scratch.AsSpan(m, m));
        for (int a = 0; a < m; a++)
        {
            int i = active[a];
            if (alone[i])
            {
                continue;
            }
            Fp xx = x[i].Square();
            Fp lambda = (xx.Double() + xx) * denominators[a];
            Fp x3 = lambda.Square() - x[i].Double();
            y[i] = lambda * (x[i] - x3) - y[i];
            x[i] = x3;
        }
    }

    /// <summary>
    /// (x, y)[i] ← (x, y)[i] + (bx, by)[i] for the active points: λ = (y₂ − y₁) / (x₂ − x₁), x' = λ² − x₁ − x₂,
    /// y' = λ(x₁ − x') − y₁. Equal x (the sum is a doubling or the identity) sends the point to be multiplied alone.
    /// </summary>
    private static void Add(Span<Fp> x, Span<Fp> y, ReadOnlySpan<Fp> bx, ReadOnlySpan<Fp> by, ReadOnlySpan<int> active, bool[] alone, Fp[] scratch)
    {
        int m = active.Length;
        var denominators = scratch.AsSpan(0, m);
        for (int a = 0; a < m; a++)
        {
            int i = active[a];
            if (bx[i] == x[i])
            {
                alone[i] = true;
            }
            denominators[a] = alone[i] ? Fp.One : bx[i] - x[i];
        }
        Glv.InvertAll(denominators, scratch.AsSpan(m, m));
        for (int a = 0; a < m; a++)
        {
            int i = active[a];
            if (alone[i])
            {
                continue;
            }
            Fp lambda = (by[i] - y[i]) * denominators[a];
            Fp x3 = lambda.Square() - x[i] - bx[i];
            y[i] = lambda * (x[i] - x3) - y[i];
            x[i] = x3;
        }
    }

    /// <summary>The width-5 NAF of a small k (|k| &lt; 2^63), as <see cref="Glv.Naf(BigInteger)"/>.</summary>
    private static sbyte[] Naf(long k)
    {
        int sign = Math.Sign(k);
        ulong u = (ulong)Math.Abs(k);
        Span<sbyte> naf = stackalloc sbyte[66];
        int length = 0;
        while (u != 0)
        {
            int digit = 0;
            if ((u & 1) != 0)
            {
                digit = (int)(u & ((1 << Window) - 1));
                if (digit >= 1 << (Window - 1))
                {
                    digit -= 1 << Window;
                }
                u = digit < 0 ? u + (ulong)(-digit) : u - (ulong)digit;
            }
            naf[length++] = (sbyte)(sign * digit);
            u >>= 1;
        }
        return naf[..length].ToArray();
    }
}
