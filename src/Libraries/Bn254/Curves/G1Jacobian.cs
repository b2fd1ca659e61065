using System.Numerics;
using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Fields;
using W = CredentialHub.Bn254.Curves.ShortWeierstrass<CredentialHub.Bn254.Fields.Fp>;

namespace CredentialHub.Bn254.Curves;

/// <summary>A point of G1 in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the identity.</summary>
public readonly struct G1Jacobian : ICurveGroup<G1Jacobian>
{
    public readonly Fp X, Y, Z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public G1Jacobian(Fp x, Fp y, Fp z)
    {
        X = x; Y = y; Z = z;
    }

    public static G1Jacobian Identity => new(Fp.One, Fp.One, Fp.Zero);
    public static G1Jacobian Generator => G1Affine.Generator.ToJacobian();

    public bool IsIdentity => Z.IsZero;
    public bool IsOnCurve => W.IsOnCurveJacobian(X, Y, Z, G1Affine.B);

    public static G1Jacobian operator +(G1Jacobian a, G1Jacobian b)
    {
        W.Add(a.X, a.Y, a.Z, b.X, b.Y, b.Z, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public static G1Jacobian operator +(G1Jacobian a, G1Affine b)
    {
        W.AddMixed(a.X, a.Y, a.Z, b.X, b.Y, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public static G1Jacobian operator -(G1Jacobian a, G1Jacobian b) => a + -b;
    public static G1Jacobian operator -(G1Jacobian a) => new(a.X, -a.Y, a.Z);

    public static bool operator ==(G1Jacobian a, G1Jacobian b) => W.Equal(a.X, a.Y, a.Z, b.X, b.Y, b.Z);
    public static bool operator !=(G1Jacobian a, G1Jacobian b) => !(a == b);

    public G1Jacobian Double()
    {
        W.Double(X, Y, Z, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public G1Jacobian Multiply(BigInteger k)
    {
        W.Multiply(X, Y, Z, k, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public G1Jacobian Multiply(Fr k) => Multiply(k.ToBigInteger());

    public G1Affine ToAffine()
    {
        W.ToAffine(X, Y, Z, out var x, out var y);
        return new(x, y);
    }

    /// <summary>Converts many points with one field inversion (Montgomery's trick); the identity becomes (0, 0).</summary>
    public static G1Affine[] BatchToAffine(ReadOnlySpan<G1Jacobian> points)
    {
        var x = new Fp[points.Length];
        var y = new Fp[points.Length];
        var z = new Fp[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            (x[i], y[i], z[i]) = (points[i].X, points[i].Y, points[i].Z);
        }
        FixedBaseTable<Fp>.BatchToAffine(x, y, z);
        var result = new G1Affine[points.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new G1Affine(x[i], y[i]);
        }
        return result;
    }

    public bool Equals(G1Jacobian other) => this == other;
    public override bool Equals(object? obj) => obj is G1Jacobian other && this == other;
    public override int GetHashCode() => ToAffine().GetHashCode();
    public override string ToString() => ToAffine().ToString();
}
