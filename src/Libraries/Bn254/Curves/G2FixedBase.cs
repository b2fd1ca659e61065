using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Curves;

/// <summary>Fixed-base scalar multiplication in G2 (see <see cref="FixedBaseTable{F}"/>).</summary>
public sealed class G2FixedBase
{
    private readonly FixedBaseTable<Fp2> _table;

    public G2Affine Base { get; }

    public G2FixedBase(G2Affine basePoint, int windowBits = 4)
    {
        Base = basePoint;
        _table = new FixedBaseTable<Fp2>(basePoint.X, basePoint.Y, basePoint.IsIdentity, windowBits);
    }

    /// <summary>[k]P.</summary>
    public G2Jacobian Multiply(Fr k)
    {
        k.ToCanonical(out ulong l0, out ulong l1, out ulong l2, out ulong l3);
        _table.Multiply(l0, l1, l2, l3, out var x, out var y, out var z);
        return new G2Jacobian(x, y, z);
    }

    /// <summary>[kᵢ]P for every scalar, in parallel, returned affine.</summary>
    public G2Affine[] MultiplyAll(ReadOnlySpan<Fr> scalars, CancellationToken cancellationToken = default)
    {
        _table.MultiplyAll(scalars, cancellationToken, out var x, out var y);
        var result = new G2Affine[x.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new G2Affine(x[i], y[i]);
        }
        return result;
    }
}
