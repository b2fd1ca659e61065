using System.Numerics;
using CredentialHub.Bn254.Fields;
using W = CredentialHub.Bn254.Curves.ShortWeierstrass<CredentialHub.Bn254.Fields.Fp2>;

namespace CredentialHub.Bn254.Curves;

/// <summary>
/// A point of G2 on the D-type sextic twist E'(Fp2) : y² = x³ + 3/ξ, ξ = 9 + u. E'(Fp2) has order
/// r·(2q − r), so an on-curve point must also pass <see cref="IsInSubgroup"/>. The identity is (0, 0).
/// Coordinates are written (c0, c1) everywhere, as snarkjs does.
/// </summary>
public readonly struct G2Affine : IEquatable<G2Affine>
{
    public readonly Fp2 X, Y;

    public G2Affine(Fp2 x, Fp2 y)
    {
        X = x; Y = y;
    }

    /// <summary>b' = 3/ξ.</summary>
    public static readonly Fp2 B = new Fp2(Fp.FromUInt64(3), Fp.Zero) * Fp2.Xi.Inverse();

    public static G2Affine Identity => default;

    public static readonly G2Affine Generator = new(
        new Fp2(
            Fp.Parse("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
            Fp.Parse("11559732032986387107991004021392285783925812861821192530917403151452391805634")),
        new Fp2(
            Fp.Parse("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
            Fp.Parse("4082367875863433681332203403145435568316851327593401208105741076214120093531")));

    public bool IsIdentity => X.IsZero && Y.IsZero;
    public bool IsOnCurve => IsIdentity || W.IsOnCurveAffine(X, Y, B);

    /// <summary>
    /// Membership in the order-r subgroup. On G2 the endomorphism ψ acts as multiplication by q ≡ 6z² (mod r),
    /// and for BN curves an on-curve P is in G2 iff [z+1]P + ψ([z]P) + ψ²([z]P) = ψ³([2z]P)
    /// (El Housni, Guillevic, Piellard, "Co-factor clearing and subgroup membership testing on
    /// pairing-friendly curves", AFRICACRYPT 2022, §5): one 63-bit multiplication instead of a 254-bit one.
    /// <see cref="IsInSubgroupReference"/> is the slow twin ([r]P = O) the tests compare it with.
    /// </summary>
    public bool IsInSubgroup
    {
        get
        {
            if (!IsOnCurve)
            {
                return false;
            }
            if (IsIdentity)
            {
                return true;
            }
            G2Jacobian p = ToJacobian();
            G2Jacobian zp = MultiplyByZ();
            G2Jacobian left = zp + p + zp.Psi() + zp.Psi2();
            G2Jacobian right = zp.Double().Psi2().Psi();
            return left == right;
        }
    }

    public bool IsInSubgroupReference => IsOnCurve && ToJacobian().Multiply(Fr.Modulus).IsIdentity;

    /// <summary>[z]P for this affine P (not the identity), by z's NAF from its top digit with mixed additions of ±P.</summary>
    internal G2Jacobian MultiplyByZ()
    {
        Fp2 x = X, y = Y, negativeY = -Y, rx = X, ry = Y, rz = Fp2.One;
        foreach (sbyte digit in Pairing.ZDigits)
        {
            W.Double(rx, ry, rz, out rx, out ry, out rz);
            if (digit > 0)
            {
                W.AddMixed(rx, ry, rz, x, y, out rx, out ry, out rz);
            }
            else if (digit < 0)
            {
                W.AddMixed(rx, ry, rz, x, negativeY, out rx, out ry, out rz);
            }
        }
        return new G2Jacobian(rx, ry, rz);
    }

    /// <summary>ψ(x, y) = (conj(x)·γ(1,2), conj(y)·γ(1,3)): the q-power Frobenius seen on the twist.</summary>
    public G2Affine Psi()
    {
        if (IsIdentity)
        {
            return this;
        }
        var g = Frobenius12.Gamma(1);
        return new G2Affine(X.Conjugate() * g[2], Y.Conjugate() * g[3]);
    }

    /// <summary>ψ²(x, y) = (x·γ(2,2), y·γ(2,3)).</summary>
    public G2Affine Psi2()
    {
        if (IsIdentity)
        {
            return this;
        }
        var g = Frobenius12.Gamma(2);
        return new G2Affine(X * g[2], Y * g[3]);
    }

    public G2Jacobian ToJacobian() => IsIdentity ? G2Jacobian.Identity : new G2Jacobian(X, Y, Fp2.One);
    public G2Affine Negate() => IsIdentity ? this : new G2Affine(X, -Y);
    public G2Jacobian Multiply(BigInteger k) => ToJacobian().Multiply(k);

    public static bool operator ==(G2Affine a, G2Affine b) => a.X == b.X && a.Y == b.Y;
    public static bool operator !=(G2Affine a, G2Affine b) => !(a == b);
    public bool Equals(G2Affine other) => this == other;
    public override bool Equals(object? obj) => obj is G2Affine other && this == other;
    public override int GetHashCode() => HashCode.Combine(X, Y);
    public override string ToString() => IsIdentity ? "G2(infinity)" : $"G2({X}, {Y})";
}
