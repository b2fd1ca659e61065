using System.Numerics;
using System.Runtime.CompilerServices;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// Fp12 = Fp6[w]/(w² − v); an element is C0 + C1·w. Over Fp2 the basis is w^k, k = 0..5, with
/// w^0 = C0.C0, w^1 = C1.C0, w^2 = C0.C1, w^3 = C1.C1, w^4 = C0.C2, w^5 = C1.C2 (w^6 = ξ).
/// snarkjs's vk_alphabeta_12 lists it as [[C0.C0, C0.C1, C0.C2], [C1.C0, C1.C1, C1.C2]], each [c0, c1].
/// Not constant time.
/// </summary>
public readonly struct Fp12 : IField<Fp12>
{
    public readonly Fp6 C0, C1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp12(Fp6 c0, Fp6 c1)
    {
        C0 = c0; C1 = c1;
    }

    public static Fp12 Zero => default;
    public static Fp12 One => new(Fp6.One, Fp6.Zero);

    public bool IsZero => C0.IsZero && C1.IsZero;
    public bool IsOne => C0.IsOne && C1.IsZero;

    public static Fp12 operator +(Fp12 a, Fp12 b) => new(a.C0 + b.C0, a.C1 + b.C1);
    public static Fp12 operator -(Fp12 a, Fp12 b) => new(a.C0 - b.C0, a.C1 - b.C1);
    public static Fp12 operator -(Fp12 a) => new(-a.C0, -a.C1);

    public static Fp12 operator *(Fp12 a, Fp12 b)
    {
        Fp6 v0 = a.C0 * b.C0;
        Fp6 v1 = a.C1 * b.C1;
        return new Fp12(v0 + v1.MulByV(), (a.C0 + a.C1) * (b.C0 + b.C1) - v0 - v1);
    }

    public static bool operator ==(Fp12 a, Fp12 b) => a.C0 == b.C0 && a.C1 == b.C1;
    public static bool operator !=(Fp12 a, Fp12 b) => !(a == b);

    /// <summary>Complex squaring: two Fp6 multiplications.</summary>
    public Fp12 Square()
    {
        Fp6 ab = C0 * C1;
        Fp6 c0 = (C0 + C1) * (C0 + C1.MulByV()) - ab - ab.MulByV();
        return new Fp12(c0, ab.Double());
    }

    public Fp12 Double() => new(C0.Double(), C1.Double());

    public Fp12 Inverse()
    {
        Fp6 t = (C0.Square() - C1.Square().MulByV()).Inverse();
        return new Fp12(C0 * t, -(C1 * t));
    }

    /// <summary>
    /// The square of an element of the cyclotomic subgroup (the values reached after the easy part of the final exponentiation): Granger–Scott, "Faster squaring in the cyclotomic subgroup of sixth degree
    /// extensions" (PKC 2010). Fp12 is viewed as three copies of Fp4 = Fp2[y]/(y² − ξ), y = w³, pairing the
    /// coefficients (w⁰, w³), (w¹, w⁴), (w², w⁵); nine Fp2 squarings' worth of work instead of 2 Fp6 products.
    /// Wrong for elements outside the subgroup: tests compare it with <see cref="Square"/> on such elements.
    /// </summary>
    public Fp12 CyclotomicSquare()
    {
        Fp2 z0 = C0.C0, z4 = C0.C1, z3 = C0.C2, z2 = C1.C0, z1 = C1.C1, z5 = C1.C2;
        SquareFp4(z0, z1, out Fp2 t0, out Fp2 t1);
        SquareFp4(z2, z3, out Fp2 t2, out Fp2 t3);
        SquareFp4(z4, z5, out Fp2 t4, out Fp2 t5);

        // (w⁰, w³): 3t − 2z and 3t + 2z; (w¹, w⁴) takes ξ·t5 and t4; (w², w⁵) takes t2 and t3.
        Fp2 r00 = (t0 - z0).Double() + t0;
        Fp2 r11 = (t1 + z1).Double() + t1;
        Fp2 xt5 = t5.MulByXi();
        Fp2 r10 = (xt5 + z2).Double() + xt5;
        Fp2 r02 = (t4 - z3).Double() + t4;
        Fp2 r01 = (t2 - z4).Double() + t2;
        Fp2 r12 = (t3 + z5).Double() + t3;
        return new Fp12(new Fp6(r00, r01, r02), new Fp6(r10, r11, r12));
    }

    /// <summary>(a + b·y)² in Fp4 = Fp2[y]/(y² − ξ) = (a² + ξb²) + 2ab·y, with two Fp2 products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SquareFp4(Fp2 a, Fp2 b, out Fp2 c0, out Fp2 c1)
    {
        Fp2 ab = a * b;
        c0 = (a + b) * (a + b.MulByXi()) - ab - ab.MulByXi();
        c1 = ab.Double();
    }

    /// <summary>C0 − C1·w = x^(q^6); the inverse of an element of the cyclotomic subgroup.</summary>
    public Fp12 Conjugate() => new(C0, -C1);

    /// <summary>
    /// Multiplication by a line value a + b·w + c·w³ (a, b, c ∈ Fp2): 13 Fp2 multiplications instead of 18.
    /// </summary>
    public Fp12 MulByLine(Fp2 a, Fp2 b, Fp2 c)
    {
        Fp6 v0 = C0.MulByFp2(a);
        Fp6 v1 = C1.MulBy01(b, c);
        Fp6 c1 = (C0 + C1).MulBy01(a + b, c) - v0 - v1;
        return new Fp12(v0 + v1.MulByV(), c1);
    }

    /// <summary>x ↦ x^(q^power) for any power ≥ 0 (powers above 3 by repetition).</summary>
    public Fp12 Frobenius(int power)
    {
        power %= 12;
        if (power == 0)
        {
            return this;
        }
        if (power > 3)
        {
            return Frobenius(3).Frobenius(power - 3);
        }
        var g = Frobenius12.Gamma(power);
        bool odd = (power & 1) == 1;
        Fp2 Map(Fp2 x, int k) => (odd ? x.Conjugate() : x) * g[k];
        return new Fp12(
            new Fp6(Map(C0.C0, 0), Map(C0.C1, 2), Map(C0.C2, 4)),
            new Fp6(Map(C1.C0, 1), Map(C1.C1, 3), Map(C1.C2, 5)));
    }

    public Fp12 Pow(BigInteger e) => FieldMath.Pow(this, e);

    public override string ToString() => $"[{C0}, {C1}]";
    public bool Equals(Fp12 other) => this == other;
    public override bool Equals(object? obj) => obj is Fp12 other && this == other;
    public override int GetHashCode() => HashCode.Combine(C0, C1);
}
