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

    /// <summary>x ↦ x^(q^power) for power 0..3 (larger powers by repetition).</summary>
    public Fp12 Frobenius(int power)
    {
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

/// <summary>
/// Frobenius coefficients γ(n, k) = ξ^(k(q^n − 1)/6) = w^(k(q^n − 1)), derived from ξ at start-up:
/// (c·w^k)^(q^n) = c^(q^n)·γ(n, k)·w^k.
/// </summary>
internal static class Frobenius12
{
    private static readonly Fp2[][] Table = Build();

    private static Fp2[][] Build()
    {
        var table = new Fp2[4][];
        BigInteger q = Fp.Modulus;
        for (int n = 0; n <= 3; n++)
        {
            BigInteger e = (BigInteger.Pow(q, n) - 1) / 6;
            Fp2 step = Fp2.Xi.Pow(e);
            table[n] = new Fp2[6];
            Fp2 acc = Fp2.One;
            for (int k = 0; k < 6; k++)
            {
                table[n][k] = acc;
                acc *= step;
            }
        }
        return table;
    }

    internal static Fp2[] Gamma(int power) => Table[power];
}
