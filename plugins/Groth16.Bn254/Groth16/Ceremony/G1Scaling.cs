using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Many G1 points multiplied by one scalar (a contribution's δ⁻¹ applied to sections 8 and 9): the scalar's
/// width-5 NAF is computed once; each point gets its table of odd multiples P, 3P, …, 15P and one pass of about 254
/// doublings and 43 additions. Blocks of points are shared out among the cores, each block converted back to affine
/// with one inversion (Montgomery's trick).
/// </summary>
internal sealed class G1Scaling
{
    private const int Window = 5;
    private const int TableSize = 1 << (Window - 2);
    private const int PointsPerTask = 512;

    /// <summary>Signed odd digits (or 0), least significant first.</summary>
    private readonly sbyte[] digits;

    internal G1Scaling(Fr scalar)
    {
        BigInteger k = scalar.ToBigInteger();
        var naf = new List<sbyte>(260);
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
            naf.Add((sbyte)digit);
            k >>= 1;
        }
        digits = [.. naf];
    }

    /// <summary>Forgets the scalar.</summary>
    internal void Clear() => Array.Clear(digits);

    /// <summary>[k]P.</summary>
    internal G1Jacobian Multiply(in G1Affine point)
    {
        if (point.IsIdentity || digits.Length == 0)
        {
            return G1Jacobian.Identity;
        }
        Span<G1Jacobian> table = stackalloc G1Jacobian[TableSize];
        table[0] = point.ToJacobian();
        G1Jacobian twice = table[0].Double();
        for (int i = 1; i < TableSize; i++)
        {
            table[i] = table[i - 1] + twice;
        }
        G1Jacobian acc = G1Jacobian.Identity;
        bool started = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            if (started)
            {
                acc = acc.Double();
            }
            int digit = digits[i];
            if (digit > 0)
            {
                acc = started ? acc + table[digit >> 1] : table[digit >> 1];
                started = true;
            }
            else if (digit < 0)
            {
                acc = started ? acc - table[-digit >> 1] : -table[-digit >> 1];
                started = true;
            }
        }
        return acc;
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
}
