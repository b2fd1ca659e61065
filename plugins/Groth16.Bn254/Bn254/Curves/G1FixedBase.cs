using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Curves;

/// <summary>
/// Fixed-base scalar multiplication in G1 for a point that is used many times (a verification key's
/// IC points): a table of d·2^(4j)·P for every 4-bit window j and digit d = 1..15, kept affine, so
/// [k]P is at most 64 mixed additions and no doubling. 960 points (60 KiB) per base. Not constant time.
/// </summary>
public sealed class G1FixedBase
{
    private const int WindowBits = 4;
    private const int Windows = 256 / WindowBits;
    private const int Digits = (1 << WindowBits) - 1;

    private readonly G1Affine[] _table;

    public G1Affine Base { get; }

    public G1FixedBase(G1Affine basePoint)
    {
        Base = basePoint;
        var jacobian = new G1Jacobian[Windows * Digits];
        G1Jacobian windowBase = basePoint.ToJacobian();
        for (int j = 0; j < Windows; j++)
        {
            G1Jacobian acc = windowBase;
            for (int d = 0; d < Digits; d++)
            {
                jacobian[j * Digits + d] = acc;
                acc += windowBase;
            }
            windowBase = acc; // 16·windowBase = 2^(4(j+1))·P
        }
        _table = G1Jacobian.BatchToAffine(jacobian);
    }

    /// <summary>[k]P.</summary>
    public G1Jacobian Multiply(Fr k)
    {
        k.ToCanonical(out ulong l0, out ulong l1, out ulong l2, out ulong l3);
        Span<ulong> limbs = [l0, l1, l2, l3];
        G1Jacobian acc = G1Jacobian.Identity;
        for (int j = 0; j < Windows; j++)
        {
            int digit = (int)((limbs[j / 16] >> (WindowBits * (j % 16))) & Digits);
            if (digit != 0)
            {
                acc += _table[j * Digits + digit - 1];
            }
        }
        return acc;
    }
}
