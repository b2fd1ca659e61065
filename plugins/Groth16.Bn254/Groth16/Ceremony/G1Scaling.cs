using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Many G1 points multiplied by one scalar (a contribution's δ⁻¹ applied to sections 8 and 9). The scalar is split once
/// with BN254's GLV endomorphism φ(x, y) = (βx, y) = [λ](x, y) into k = k1 + k2·λ (mod r) with |k1|, |k2| of about
/// 127 bits (<see cref="Glv"/>), each half written in width-5 NAF; then each point P gets its table of odd multiples
/// P, 3P, …, 15P (and their images under φ, one multiplication each) and one joint pass of about 128 doublings and 43
/// additions, about half the doublings of a plain double-and-add. Blocks of points are shared out among the cores,
/// each block converted back to affine with one inversion (Montgomery's trick).
/// </summary>
internal sealed class G1Scaling
{
    private const int Window = 5;
    private const int TableSize = 1 << (Window - 2);
    private const int PointsPerTask = 512;

    /// <summary>The signed odd digits (or 0) of k1 and k2, least significant first, padded to one length; the signs of k1, k2 folded in.</summary>
    private readonly sbyte[] digits1, digits2;

    internal G1Scaling(Fr scalar)
    {
        var (k1, k2) = Glv.Split(scalar.ToBigInteger());
        digits1 = Naf(k1);
        digits2 = Naf(k2);
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

    /// <summary>results[i] = [k]points[i] for <paramref name="count"/> points, in parallel.</summary>
    internal void MultiplyAll(G1Affine[] points, G1Affine[] results, int count, CancellationToken cancellationToken)
    {
        int tasks = (count + PointsPerTask - 1) / PointsPerTask;
        Parallel.For(0, tasks, new ParallelOptions { CancellationToken = cancellationToken }, task =>
        {
            int from = task * PointsPerTask;
            int n = Math.Min(PointsPerTask, count - from);
            var products = new G1Jacobian[n];
            for (int i = 0; i < n; i++)
            {
                products[i] = Multiply(points[from + i]);
            }
            G1Jacobian.BatchToAffine(products).CopyTo(results, from);
        });
    }

    /// <summary>The width-5 NAF of k (negative k: the digits of |k| negated), least significant first.</summary>
    private static sbyte[] Naf(BigInteger k)
    {
        int sign = k.Sign;
        k = BigInteger.Abs(k);
        var naf = new List<sbyte>(132);
        while (!k.IsZero)
        {
            int digit = 0;
            if (!k.IsEven)
            {
                digit = (int)(k & ((1 << Window) - 1));
                if (digit >= 1 << (Window - 1))
                {
                    digit -= 1 << Window;
                }
                k -= digit;
            }
            naf.Add((sbyte)(sign * digit));
            k >>= 1;
        }
        return [.. naf];
    }
}
