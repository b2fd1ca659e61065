using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Many G1 points multiplied by one scalar (a contribution's δ⁻¹ applied to sections 8 and 9). The scalar is split once
/// with BN254's GLV endomorphism φ(x, y) = (βx, y) = [λ](x, y) into k = k1 + k2·λ (mod r) with |k1|, |k2| of about
/// 127 bits (<see cref="Glv"/>), each half written in width-5 NAF; then each point P gets its table of odd multiples
/// P, 3P, …, 15P (and their images under φ, one multiplication each) and one joint pass of about 128 doublings and 43
/// additions, about half the doublings of a plain double-and-add. Blocks of points are shared out among the cores and
/// go through the passes together in affine coordinates, one field inversion per step for the whole block.
/// </summary>
internal sealed class G1Scaling
{
    private const int Window = Glv.NafWindow;
    private const int TableSize = 1 << (Window - 2);
    private const int PointsPerTask = 512;

    /// <summary>The signed odd digits (or 0) of k1 and k2, least significant first, padded to one length; the signs of k1, k2 folded in.</summary>
    private readonly sbyte[] digits1, digits2;

    internal G1Scaling(Fr scalar)
    {
        var (k1, k2) = Glv.Split(scalar.ToBigInteger());
        digits1 = Glv.Naf(k1);
        digits2 = Glv.Naf(k2);
        int length = Math.Max(digits1.Length, digits2.Length);
        Array.Resize(ref digits1, length);
        Array.Resize(ref digits2, length);
    }

    /// <summary>Forgets the scalar.</summary>
    internal void Clear()
    {
        Array.Clear(digits1);
        Array.Clear(digits2);
    }

    /// <summary>[k]P.</summary>
    internal G1Jacobian Multiply(in G1Affine point)
    {
        if (point.IsIdentity)
        {
            return G1Jacobian.Identity;
        }
        Span<G1Jacobian> table = stackalloc G1Jacobian[TableSize];
        Span<G1Jacobian> image = stackalloc G1Jacobian[TableSize];
        table[0] = point.ToJacobian();
        G1Jacobian twice = table[0].Double();
        for (int i = 1; i < TableSize; i++)
        {
            table[i] = table[i - 1] + twice;
        }
        for (int i = 0; i < TableSize; i++)
        {
            image[i] = new G1Jacobian(table[i].X * Glv.Beta, table[i].Y, table[i].Z);
        }
        G1Jacobian acc = G1Jacobian.Identity;
        for (int i = digits1.Length - 1; i >= 0; i--)
        {
            acc = acc.Double();
            Add(ref acc, table, digits1[i]);
            Add(ref acc, image, digits2[i]);
        }
        return acc;
    }

    private static void Add(ref G1Jacobian acc, ReadOnlySpan<G1Jacobian> table, int digit)
    {
        if (digit > 0)
        {
            acc = acc.IsIdentity ? table[digit >> 1] : acc + table[digit >> 1];
        }
        else if (digit < 0)
        {
            acc = acc.IsIdentity ? -table[-digit >> 1] : acc - table[-digit >> 1];
        }
    }

    /// <summary>
    /// results[i] = [k]points[i] for <paramref name="count"/> points, in parallel: blocks of points go through the same
    /// digits in lockstep in affine coordinates (<see cref="MultiplyBlock"/>).
    /// </summary>
    internal void MultiplyAll(G1Affine[] points, G1Affine[] results, int count, CancellationToken cancellationToken)
    {
        int tasks = (count + PointsPerTask - 1) / PointsPerTask;
        Parallel.For(0, tasks, new ParallelOptions { CancellationToken = cancellationToken }, task =>
        {
            int from = task * PointsPerTask;
            int n = Math.Min(PointsPerTask, count - from);
            MultiplyBlock(points.AsSpan(from, n), results.AsSpan(from, n));
        });
    }

    /// <summary>
    /// A block of points multiplied together: since every point follows the same digits, each doubling and each addition
    /// is done for the whole block in affine coordinates, their denominators inverted with one field inversion
    /// (Montgomery's trick): about 7 multiplications per doubling and 6 per addition, against about 10 and 16 in
    /// Jacobian coordinates. A point whose addition or doubling would divide by zero (the identity, or a sum that meets
    /// ±the addend: never for points of prime order r and partial scalars far below r, but possible in principle) leaves
    /// the block and is multiplied alone by <see cref="Multiply"/>.
    /// </summary>
    private void MultiplyBlock(ReadOnlySpan<G1Affine> points, Span<G1Affine> results)
    {
        int n = points.Length;
        var alone = new bool[n];
        var tx = new Fp[TableSize * n];
        var ty = new Fp[TableSize * n];
        var px = new Fp[TableSize * n];
        var ax = new Fp[n];
        var ay = new Fp[n];
        var scratch = new Fp[2 * n];
        for (int i = 0; i < n; i++)
        {
            alone[i] = points[i].IsIdentity;
            tx[i] = ax[i] = points[i].X;
            ty[i] = ay[i] = points[i].Y;
        }
        // Odd multiples: T[j] = T[j − 1] + 2P, with 2P in (ax, ay).
        DoubleAll(ax, ay, alone, scratch);
        for (int j = 1; j < TableSize; j++)
        {
            Array.Copy(tx, (j - 1) * n, tx, j * n, n);
            Array.Copy(ty, (j - 1) * n, ty, j * n, n);
            AddAll(tx.AsSpan(j * n, n), ty.AsSpan(j * n, n), ax, ay, negate: false, alone, scratch);
        }
        for (int e = 0; e < px.Length; e++)
        {
            px[e] = tx[e] * Glv.Beta;
        }

        bool started = false;
        for (int bit = digits1.Length - 1; bit >= 0; bit--)
        {
            if (started)
            {
                DoubleAll(ax, ay, alone, scratch);
            }
            foreach (var (digit, xs) in (ReadOnlySpan<(int, Fp[])>)[(digits1[bit], tx), (digits2[bit], px)])
            {
                if (digit == 0)
                {
                    continue;
                }
                int entry = (Math.Abs(digit) >> 1) * n;
                if (!started)
                {
                    Array.Copy(xs, entry, ax, 0, n);
                    Array.Copy(ty, entry, ay, 0, n);
                    if (digit < 0)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            ay[i] = -ay[i];
                        }
                    }
                    started = true;
                }
                else
                {
                    AddAll(ax, ay, xs.AsSpan(entry, n), ty.AsSpan(entry, n), negate: digit < 0, alone, scratch);
                }
            }
        }
        for (int i = 0; i < n; i++)
        {
            results[i] = alone[i] ? Multiply(points[i]).ToAffine() : started ? new G1Affine(ax[i], ay[i]) : G1Affine.Identity;
        }
    }

    /// <summary>(x, y)[i] ← 2·(x, y)[i] for every point not alone: λ = 3x² / 2y, x' = λ² − 2x, y' = λ(x − x') − y.</summary>
    private static void DoubleAll(Span<Fp> x, Span<Fp> y, bool[] alone, Fp[] scratch)
    {
        int n = x.Length;
        var denominators = scratch.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            if (!alone[i] && y[i].IsZero)
            {
                alone[i] = true;
            }
            denominators[i] = alone[i] ? Fp.One : y[i].Double();
        }
        Glv.InvertAll(denominators, scratch.AsSpan(n, n));
        for (int i = 0; i < n; i++)
        {
            if (alone[i])
            {
                continue;
            }
            Fp xx = x[i].Square();
            Fp lambda = (xx.Double() + xx) * denominators[i];
            Fp x3 = lambda.Square() - x[i].Double();
            y[i] = lambda * (x[i] - x3) - y[i];
            x[i] = x3;
        }
    }

    /// <summary>
    /// (x, y)[i] ← (x, y)[i] ± (bx, by)[i] for every point not alone: λ = (y₂ − y₁) / (x₂ − x₁), x' = λ² − x₁ − x₂,
    /// y' = λ(x₁ − x') − y₁. Equal x (the sum is a doubling or the identity) sends the point to be multiplied alone.
    /// </summary>
    private static void AddAll(Span<Fp> x, Span<Fp> y, ReadOnlySpan<Fp> bx, ReadOnlySpan<Fp> by, bool negate, bool[] alone, Fp[] scratch)
    {
        int n = x.Length;
        var denominators = scratch.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            if (!alone[i] && bx[i] == x[i])
            {
                alone[i] = true;
            }
            denominators[i] = alone[i] ? Fp.One : bx[i] - x[i];
        }
        Glv.InvertAll(denominators, scratch.AsSpan(n, n));
        for (int i = 0; i < n; i++)
        {
            if (alone[i])
            {
                continue;
            }
            Fp y2 = negate ? -by[i] : by[i];
            Fp lambda = (y2 - y[i]) * denominators[i];
            Fp x3 = lambda.Square() - x[i] - bx[i];
            y[i] = lambda * (x[i] - x3) - y[i];
            x[i] = x3;
        }
    }
}
