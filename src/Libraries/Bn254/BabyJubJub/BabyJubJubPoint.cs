using System.Numerics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.BabyJubJub;

/// <summary>
/// A point of BabyJubJub in extended twisted Edwards coordinates (X : Y : T : Z), x = X/Z, y = Y/Z,
/// x·y = T/Z (Hisil, Wong, Carter, Dawson, "Twisted Edwards curves revisited", Asiacrypt 2008): the
/// unified addition add-2008-hwcd (9M + 2 constant multiplications) and doubling dbl-2008-hwcd for
/// general a, inversion-free; complete because a is a square and d is not. Identity (0 : 1 : 0 : 1).
/// Scalar multiplication: fixed 4-bit windows; multiples of <see cref="BabyJubJubCurve.Base8"/> use a
/// table of Base8·j·16^i (see <see cref="MultiplyBase8"/>). Not constant time: the work and the
/// table entries read depend on the scalar, which for signing is secret.
/// </summary>
public readonly struct BabyJubJubPoint : IEquatable<BabyJubJubPoint>
{
    public readonly Fr X, Y, T, Z;

    public BabyJubJubPoint(Fr x, Fr y, Fr t, Fr z)
    {
        X = x; Y = y; T = t; Z = z;
    }

    public static BabyJubJubPoint Identity => new(Fr.Zero, Fr.One, Fr.Zero, Fr.One);

    public static BabyJubJubPoint Base8 { get; } = BabyJubJubCurve.Base8.ToExtended();

    public bool IsIdentity => X.IsZero && Y == Z;

    /// <summary>(a·X² + Y²)·Z² = Z⁴ + d·X²·Y², X·Y = T·Z and Z ≠ 0.</summary>
    public bool IsOnCurve
    {
        get
        {
            if (Z.IsZero || X * Y != T * Z)
            {
                return false;
            }
            Fr x2 = X.Square(), y2 = Y.Square(), z2 = Z.Square();
            return (BabyJubJubCurve.A * x2 + y2) * z2 == z2.Square() + BabyJubJubCurve.D * x2 * y2;
        }
    }

    /// <summary>On the curve and l·P = O.</summary>
    public bool IsInSubgroup => IsOnCurve && Multiply(BabyJubJubCurve.SubgroupOrder).IsIdentity;

    public BabyJubJubAffine ToAffine()
    {
        Fr zInverse = Z.Inverse();
        return new BabyJubJubAffine(X * zInverse, Y * zInverse);
    }

    public static BabyJubJubPoint operator +(BabyJubJubPoint p, BabyJubJubPoint q)
    {
        Fr a = p.X * q.X;
        Fr b = p.Y * q.Y;
        Fr c = BabyJubJubCurve.D * p.T * q.T;
        Fr d = p.Z * q.Z;
        Fr e = (p.X + p.Y) * (q.X + q.Y) - a - b;
        Fr f = d - c;
        Fr g = d + c;
        Fr h = b - BabyJubJubCurve.A * a;
        return new BabyJubJubPoint(e * f, g * h, e * h, f * g);
    }

    public static BabyJubJubPoint operator -(BabyJubJubPoint p) => new(-p.X, p.Y, -p.T, p.Z);

    public static BabyJubJubPoint operator -(BabyJubJubPoint p, BabyJubJubPoint q) => p + -q;

    public BabyJubJubPoint Double()
    {
        Fr a = X.Square();
        Fr b = Y.Square();
        Fr c = Z.Square().Double();
        Fr d = BabyJubJubCurve.A * a;
        Fr e = (X + Y).Square() - a - b;
        Fr g = d + b;
        Fr f = g - c;
        Fr h = d - b;
        return new BabyJubJubPoint(e * f, g * h, e * h, f * g);
    }

    /// <summary>k·P for any integer k (a negative k multiplies −P).</summary>
    public BabyJubJubPoint Multiply(BigInteger k)
    {
        if (k.Sign < 0)
        {
            return (-this).Multiply(-k);
        }
        Span<BabyJubJubPoint> multiples = stackalloc BabyJubJubPoint[16];
        multiples[0] = Identity;
        multiples[1] = this;
        for (int j = 2; j < 16; j++)
        {
            multiples[j] = multiples[j - 1] + this;
        }
        byte[] bytes = k.ToByteArray(isUnsigned: true, isBigEndian: true);
        BabyJubJubPoint result = Identity;
        foreach (byte octet in bytes)
        {
            result = result.Double().Double().Double().Double();
            if ((octet >> 4) != 0)
            {
                result += multiples[octet >> 4];
            }
            result = result.Double().Double().Double().Double();
            if ((octet & 15) != 0)
            {
                result += multiples[octet & 15];
            }
        }
        return result;
    }

    /// <summary>k·Base8 for 0 ≤ k &lt; 2^256 from the precomputed table: one addition per non-zero nibble, no doubling.</summary>
    public static BabyJubJubPoint MultiplyBase8(BigInteger k)
    {
        if (k.Sign < 0 || k.GetBitLength() > Base8Table.Bits)
        {
            return Base8.Multiply(k);
        }
        Span<byte> bytes = stackalloc byte[Base8Table.Bits / 8];
        bytes.Clear();
        k.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        BabyJubJubPoint result = Identity;
        for (int i = 0; i < bytes.Length; i++)
        {
            int low = bytes[i] & 15, high = bytes[i] >> 4;
            if (low != 0)
            {
                result += Base8Table.Multiples[(2 * i) * 15 + low - 1];
            }
            if (high != 0)
            {
                result += Base8Table.Multiples[(2 * i + 1) * 15 + high - 1];
            }
        }
        return result;
    }

    /// <summary>Base8·j·16^i for window i = 0…63 and digit j = 1…15, at [15·i + j − 1]; 960 points, 123 KB, built on first use.</summary>
    private static class Base8Table
    {
        internal const int Bits = 256;
        internal static readonly BabyJubJubPoint[] Multiples = Build();

        private static BabyJubJubPoint[] Build()
        {
            var table = new BabyJubJubPoint[Bits / 4 * 15];
            BabyJubJubPoint windowBase = Base8;
            for (int i = 0; i < Bits / 4; i++)
            {
                BabyJubJubPoint multiple = windowBase;
                for (int j = 0; j < 15; j++)
                {
                    table[15 * i + j] = multiple;
                    multiple += windowBase;
                }
                windowBase = multiple;
            }
            return table;
        }
    }

    /// <summary>Projective equality: X₁Z₂ = X₂Z₁ and Y₁Z₂ = Y₂Z₁.</summary>
    public static bool operator ==(BabyJubJubPoint p, BabyJubJubPoint q) =>
        p.X * q.Z == q.X * p.Z && p.Y * q.Z == q.Y * p.Z;

    public static bool operator !=(BabyJubJubPoint p, BabyJubJubPoint q) => !(p == q);
    public bool Equals(BabyJubJubPoint other) => this == other;
    public override bool Equals(object? obj) => obj is BabyJubJubPoint other && this == other;
    public override int GetHashCode() => ToAffine().GetHashCode();
    public override string ToString() => ToAffine().ToString();
}
