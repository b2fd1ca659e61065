using System.Numerics;
using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Fields;
using W = CredentialHub.Bn254.Curves.ShortWeierstrass<CredentialHub.Bn254.Fields.Fp2>;

namespace CredentialHub.Bn254.Curves;

/// <summary>A point of G2 in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the identity.</summary>
public readonly struct G2Jacobian : ICurveGroup<G2Jacobian>
{
    public readonly Fp2 X, Y, Z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public G2Jacobian(Fp2 x, Fp2 y, Fp2 z)
    {
        X = x; Y = y; Z = z;
    }

    public static G2Jacobian Identity => new(Fp2.One, Fp2.One, Fp2.Zero);
    public static G2Jacobian Generator => G2Affine.Generator.ToJacobian();

    public bool IsIdentity => Z.IsZero;
    public bool IsOnCurve => W.IsOnCurveJacobian(X, Y, Z, G2Affine.B);

    public static G2Jacobian operator +(G2Jacobian a, G2Jacobian b)
    {
        W.Add(a.X, a.Y, a.Z, b.X, b.Y, b.Z, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public static G2Jacobian operator +(G2Jacobian a, G2Affine b)
    {
        W.AddMixed(a.X, a.Y, a.Z, b.X, b.Y, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public static G2Jacobian operator -(G2Jacobian a, G2Jacobian b) => a + -b;
    public static G2Jacobian operator -(G2Jacobian a) => new(a.X, -a.Y, a.Z);

    public static bool operator ==(G2Jacobian a, G2Jacobian b) => W.Equal(a.X, a.Y, a.Z, b.X, b.Y, b.Z);
    public static bool operator !=(G2Jacobian a, G2Jacobian b) => !(a == b);

    public G2Jacobian Double()
    {
        W.Double(X, Y, Z, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public G2Jacobian Multiply(BigInteger k)
    {
        W.Multiply(X, Y, Z, k, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public G2Jacobian Multiply(Fr k) => Multiply(k.ToBigInteger());

    /// <summary>ψ in Jacobian coordinates: (conj(X)·γ(1,2), conj(Y)·γ(1,3), conj(Z)).</summary>
    public G2Jacobian Psi()
    {
        var g = Frobenius12.Gamma(1);
        return new(X.Conjugate() * g[2], Y.Conjugate() * g[3], Z.Conjugate());
    }

    /// <summary>ψ² in Jacobian coordinates: (X·γ(2,2), Y·γ(2,3), Z).</summary>
    public G2Jacobian Psi2()
    {
        var g = Frobenius12.Gamma(2);
        return new(X * g[2], Y * g[3], Z);
    }

    public G2Affine ToAffine()
    {
        W.ToAffine(X, Y, Z, out var x, out var y);
        return new(x, y);
    }

    public bool Equals(G2Jacobian other) => this == other;
    public override bool Equals(object? obj) => obj is G2Jacobian other && this == other;
    public override int GetHashCode() => ToAffine().GetHashCode();
    public override string ToString() => ToAffine().ToString();
}
