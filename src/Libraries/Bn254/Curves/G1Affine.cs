using System.Numerics;
using CredentialHub.Bn254.Fields;
using W = CredentialHub.Bn254.Curves.ShortWeierstrass<CredentialHub.Bn254.Fields.Fp>;

namespace CredentialHub.Bn254.Curves;

/// <summary>
/// A point of G1: E(Fp) : y² = x³ + 3, prime order r (cofactor 1), generator (1, 2).
/// The identity is (0, 0), as in snarkjs's binary files ((0, 0) is not on the curve).
/// </summary>
public readonly struct G1Affine : IEquatable<G1Affine>
{
    public readonly Fp X, Y;

    public G1Affine(Fp x, Fp y)
    {
        X = x; Y = y;
    }

    public static readonly Fp B = Fp.FromUInt64(3);
    public static G1Affine Identity => default;
    public static G1Affine Generator => new(Fp.One, Fp.FromUInt64(2));

    public bool IsIdentity => X.IsZero && Y.IsZero;
    public bool IsOnCurve => IsIdentity || W.IsOnCurveAffine(X, Y, B);

    /// <summary>
    /// True when every point has coordinates below q and lies on the curve (or is the identity): what a file's points read
    /// in place need before use, eight points at a time in AVX-512 lanes where the CPU has them.
    /// </summary>
    public static bool AllValid(ReadOnlySpan<G1Affine> points) => Msm.G1Validation.AllValid(points);

    /// <summary>Every point of E(Fp) lies in G1 because the cofactor is 1.</summary>
    public bool IsInSubgroup => IsOnCurve;

    public G1Jacobian ToJacobian() => IsIdentity ? G1Jacobian.Identity : new G1Jacobian(X, Y, Fp.One);
    public G1Affine Negate() => IsIdentity ? this : new G1Affine(X, -Y);
    public G1Jacobian Multiply(BigInteger k) => ToJacobian().Multiply(k);

    public static bool operator ==(G1Affine a, G1Affine b) => a.X == b.X && a.Y == b.Y;
    public static bool operator !=(G1Affine a, G1Affine b) => !(a == b);
    public bool Equals(G1Affine other) => this == other;
    public override bool Equals(object? obj) => obj is G1Affine other && this == other;
    public override int GetHashCode() => HashCode.Combine(X, Y);
    public override string ToString() => IsIdentity ? "G1(infinity)" : $"G1({X}, {Y})";
}
