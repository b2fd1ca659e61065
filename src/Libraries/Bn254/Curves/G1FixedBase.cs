using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Curves;

/// <summary>Fixed-base scalar multiplication in G1 (see <see cref="FixedBaseTable{F}"/>).</summary>
public sealed class G1FixedBase
{
    private readonly FixedBaseTable<Fp> _table;

    public G1Affine Base { get; }

    public G1FixedBase(G1Affine basePoint, int windowBits = 4)
    {
        Base = basePoint;
        _table = new FixedBaseTable<Fp>(basePoint.X, basePoint.Y, basePoint.IsIdentity, windowBits);
    }

    /// <summary>[k]P.</summary>
    public G1Jacobian Multiply(Fr k)
    {
        k.ToCanonical(out ulong l0, out ulong l1, out ulong l2, out ulong l3);
        _table.Multiply(l0, l1, l2, l3, out var x, out var y, out var z);
        return new G1Jacobian(x, y, z);
    }

    /// <summary>[kᵢ]P for every scalar, in parallel, returned affine.</summary>
    public G1Affine[] MultiplyAll(ReadOnlySpan<Fr> scalars, CancellationToken cancellationToken = default)
    {
        _table.MultiplyAll(scalars, cancellationToken, out var x, out var y);
        var result = new G1Affine[x.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new G1Affine(x[i], y[i]);
        }
        return result;
    }
}
