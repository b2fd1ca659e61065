using System.Numerics;
using System.Runtime.CompilerServices;

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

    /// <summary>Multiplication by ξ = 9 + u: (9c0 − c1) + (c0 + 9c1)u, with additions only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 MulByXi()
    {
        Fp c0x8 = C0.Double().Double().Double();
        Fp c1x8 = C1.Double().Double().Double();
        return new Fp2(c0x8 + C0 - C1, c1x8 + C1 + C0);
    }

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
