using System.Numerics;
using System.Runtime.CompilerServices;
using M = CredentialHub.Bn254.Fields.Montgomery<CredentialHub.Bn254.Fields.FpParameters>;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// Fp2 = Fp[u]/(u² + 1); an element is C0 + C1·u. snarkjs writes and reads C0 first, both in JSON
/// ([c0, c1]) and in zkey files (c0 ‖ c1); Solidity calldata reverses the pair, which this type never does.
/// Not constant time.
/// </summary>
public readonly struct Fp2 : IField<Fp2>
{
    public readonly Fp C0, C1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2(Fp c0, Fp c1)
    {
        C0 = c0; C1 = c1;
    }

    public static Fp2 Zero => default;
    public static Fp2 One => new(Fp.One, Fp.Zero);

    /// <summary>ξ = 9 + u, the non-residue defining Fp6 (v³ = ξ) and the twist.</summary>
    public static Fp2 Xi => new(Fp.FromUInt64(9), Fp.One);

    public bool IsZero => C0.IsZero && C1.IsZero;
    public bool IsOne => C0.IsOne && C1.IsZero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator +(Fp2 a, Fp2 b) => new(a.C0 + b.C0, a.C1 + b.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator -(Fp2 a, Fp2 b) => new(a.C0 - b.C0, a.C1 - b.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator -(Fp2 a) => new(-a.C0, -a.C1);

    /// <summary>Karatsuba with lazy reduction (<see cref="Fp2Product"/>): three 512-bit products, two reductions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator *(Fp2 a, Fp2 b)
    {
        Fp2Product.Multiply(in a, in b, out Fp2 r);
        return r;
    }

    /// <summary>Karatsuba with three Fp multiplications: the twin of the product, for the tests.</summary>
    internal static Fp2 MultiplyByFpProducts(Fp2 a, Fp2 b)
    {
        Fp v0 = a.C0 * b.C0;
        Fp v1 = a.C1 * b.C1;
        return new Fp2(v0 - v1, (a.C0 + a.C1) * (b.C0 + b.C1) - v0 - v1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 MulByFp(Fp k) => new(C0 * k, C1 * k);

    public static bool operator ==(Fp2 a, Fp2 b) => a.C0 == b.C0 && a.C1 == b.C1;
    public static bool operator !=(Fp2 a, Fp2 b) => !(a == b);

    /// <summary>(c0 + c1u)² = (c0 + c1)(c0 − c1) + 2c0c1·u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Square()
    {
        Fp t = C0 * C1;
        return new Fp2((C0 + C1) * (C0 - C1), t + t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Double() => new(C0.Double(), C1.Double());

    /// <summary>1/(c0 + c1u) = (c0 − c1u)/(c0² + c1²).</summary>
    public Fp2 Inverse()
    {
        Fp inv = (C0.Square() + C1.Square()).Inverse();
        return new Fp2(C0 * inv, -(C1 * inv));
    }

    /// <summary>Multiplication by ξ = 9 + u: (9c0 − c1) + (c0 + 9c1)u, each coefficient 9a + b with one reduction (<see cref="NinePlus"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 MulByXi() => new(NinePlus(C0, -C1), NinePlus(C1, C0));

    /// <summary>
    /// 9a + b mod q for a, b &lt; q: the sum t = 8a + a + b &lt; 10q is formed on five limbs, then t − k·q with
    /// k = ⌊⌊t/2^250⌋·2^250/q⌋ read from <see cref="NineQuotients"/> (k is ⌊t/q⌋ or one less, since 2^250 &lt; q), and one
    /// conditional subtraction. The additions-only form (three doublings, two additions, each reduced) took twice as long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fp NinePlus(Fp a, Fp b)
    {
        // 8a on five limbs (a < q < 2^254).
        ulong e0 = a.L0 << 3, e1 = (a.L1 << 3) | (a.L0 >> 61), e2 = (a.L2 << 3) | (a.L1 >> 61), e3 = (a.L3 << 3) | (a.L2 >> 61), e4 = a.L3 >> 61;
        ulong t0 = M.AddCarry(e0, a.L0, 0, out ulong c);
        ulong t1 = M.AddCarry(e1, a.L1, c, out c);
        ulong t2 = M.AddCarry(e2, a.L2, c, out c);
        ulong t3 = M.AddCarry(e3, a.L3, c, out c);
        ulong t4 = e4 + c;
        t0 = M.AddCarry(t0, b.L0, 0, out c);
        t1 = M.AddCarry(t1, b.L1, c, out c);
        t2 = M.AddCarry(t2, b.L2, c, out c);
        t3 = M.AddCarry(t3, b.L3, c, out c);
        t4 += c;
        // k·q on five limbs, k ≤ 9.
        ulong k = NineQuotients[(int)((t4 << 6) | (t3 >> 58)) & 0xff];
        ulong h0 = Math.BigMul(k, FpParameters.M0, out ulong q0);
        ulong h1 = Math.BigMul(k, FpParameters.M1, out ulong q1);
        ulong h2 = Math.BigMul(k, FpParameters.M2, out ulong q2);
        ulong h3 = Math.BigMul(k, FpParameters.M3, out ulong q3);
        q1 = M.AddCarry(q1, h0, 0, out c);
        q2 = M.AddCarry(q2, h1, c, out c);
        q3 = M.AddCarry(q3, h2, c, out c);
        // t − k·q < 2q < 2^255: the fifth limb of the difference is zero.
        ulong r0 = M.SubBorrow(t0, q0, 0, out ulong borrow);
        ulong r1 = M.SubBorrow(t1, q1, borrow, out borrow);
        ulong r2 = M.SubBorrow(t2, q2, borrow, out borrow);
        ulong r3 = M.SubBorrow(t3, q3, borrow, out _);
        M.ReduceOnce(ref r0, ref r1, ref r2, ref r3);
        return new Fp(r0, r1, r2, r3);
    }

    /// <summary>⌊i·2^250/q⌋ for i = 0 … 255.</summary>
    private static ReadOnlySpan<byte> NineQuotients =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5,
        5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 10, 10, 10, 10, 10, 10, 10,
        10, 10, 10, 10, 10, 10, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 13, 13,
        13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
        15, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 18, 18, 18, 18, 18, 18,
        18, 18, 18, 18, 18, 18, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 21,
    ];

    /// <summary>The conjugate c0 − c1u, which is also the Frobenius map x ↦ x^q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Conjugate() => new(C0, -C1);

    public Fp2 Pow(BigInteger e) => FieldMath.Pow(this, e);

    /// <summary>
    /// A square root through the norm: with α = √(c0² + c1²) ∈ Fp, a root is x0 + x1·u where
    /// x0 = √((c0 ± α)/2) and x1 = c1/(2·x0). False when the element is not a square.
    /// </summary>
    public bool TrySqrt(out Fp2 root)
    {
        root = Zero;
        if (IsZero)
        {
            return true;
        }
        if (!(C0.Square() + C1.Square()).TrySqrt(out Fp alpha))
        {
            return false;
        }
        Fp half = Fp.FromUInt64(2).Inverse();
        Fp t = (C0 + alpha) * half;
        if (!t.TrySqrt(out Fp x0))
        {
            t = (C0 - alpha) * half;
            if (!t.TrySqrt(out x0))
            {
                return false;
            }
        }
        root = x0.IsZero ? new Fp2(Fp.Zero, Fp.Zero) : new Fp2(x0, C1 * x0.Double().Inverse());
        if (x0.IsZero)
        {
            // c1 = 0 and c0 is a non-square in Fp: the root is purely imaginary.
            if (!(-C0).TrySqrt(out Fp y))
            {
                return false;
            }
            root = new Fp2(Fp.Zero, y);
        }
        return root.Square() == this;
    }

    public override string ToString() => $"[{C0}, {C1}]";
    public bool Equals(Fp2 other) => this == other;
    public override bool Equals(object? obj) => obj is Fp2 other && this == other;
    public override int GetHashCode() => HashCode.Combine(C0, C1);
}
