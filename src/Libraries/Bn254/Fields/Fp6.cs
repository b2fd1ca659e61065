using System.Runtime.CompilerServices;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// Fp6 = Fp2[v]/(v³ − ξ), ξ = 9 + u; an element is C0 + C1·v + C2·v². Not constant time.
/// </summary>
public readonly struct Fp6 : IField<Fp6>
{
    public readonly Fp2 C0, C1, C2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6(Fp2 c0, Fp2 c1, Fp2 c2)
    {
        C0 = c0; C1 = c1; C2 = c2;
    }

    public static Fp6 Zero => default;
    public static Fp6 One => new(Fp2.One, Fp2.Zero, Fp2.Zero);

    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;
    public bool IsOne => C0.IsOne && C1.IsZero && C2.IsZero;

    public static Fp6 operator +(Fp6 a, Fp6 b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2);
    public static Fp6 operator -(Fp6 a, Fp6 b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2);
    public static Fp6 operator -(Fp6 a) => new(-a.C0, -a.C1, -a.C2);

    /// <summary>Karatsuba over three coefficients: six Fp2 multiplications.</summary>
    public static Fp6 operator *(Fp6 a, Fp6 b)
    {
        Fp2 v0 = a.C0 * b.C0;
        Fp2 v1 = a.C1 * b.C1;
        Fp2 v2 = a.C2 * b.C2;
        Fp2 c0 = ((a.C1 + a.C2) * (b.C1 + b.C2) - v1 - v2).MulByXi() + v0;
        Fp2 c1 = (a.C0 + a.C1) * (b.C0 + b.C1) - v0 - v1 + v2.MulByXi();
        Fp2 c2 = (a.C0 + a.C2) * (b.C0 + b.C2) - v0 - v2 + v1;
        return new Fp6(c0, c1, c2);
    }

    public static bool operator ==(Fp6 a, Fp6 b) => a.C0 == b.C0 && a.C1 == b.C1 && a.C2 == b.C2;
    public static bool operator !=(Fp6 a, Fp6 b) => !(a == b);

    /// <summary>Chung–Hasan SQR2: two multiplications and three squarings in Fp2.</summary>
    public Fp6 Square()
    {
        Fp2 s0 = C0.Square();
        Fp2 ab = C0 * C1;
        Fp2 s1 = ab.Double();
        Fp2 s2 = (C0 - C1 + C2).Square();
        Fp2 bc = C1 * C2;
        Fp2 s3 = bc.Double();
        Fp2 s4 = C2.Square();
        return new Fp6(s3.MulByXi() + s0, s4.MulByXi() + s1, s1 + s2 + s3 - s0 - s4);
    }

    public Fp6 Double() => new(C0.Double(), C1.Double(), C2.Double());

    public Fp6 Inverse()
    {
        Fp2 t0 = C0.Square() - (C1 * C2).MulByXi();
        Fp2 t1 = C2.Square().MulByXi() - C0 * C1;
        Fp2 t2 = C1.Square() - C0 * C2;
        Fp2 inv = (C0 * t0 + (C2 * t1).MulByXi() + (C1 * t2).MulByXi()).Inverse();
        return new Fp6(t0 * inv, t1 * inv, t2 * inv);
    }

    /// <summary>Multiplication by v: (c0 + c1v + c2v²)·v = ξc2 + c0v + c1v².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6 MulByV() => new(C2.MulByXi(), C0, C1);

    public Fp6 MulByFp2(Fp2 k) => new(C0 * k, C1 * k, C2 * k);

    /// <summary>Multiplication by a sparse b0 + b1·v (b2 = 0): five Fp2 multiplications.</summary>
    public Fp6 MulBy01(Fp2 b0, Fp2 b1)
    {
        Fp2 v0 = C0 * b0;
        Fp2 v1 = C1 * b1;
        Fp2 c0 = ((C1 + C2) * b1 - v1).MulByXi() + v0;
        Fp2 c1 = (C0 + C1) * (b0 + b1) - v0 - v1;
        Fp2 c2 = (C0 + C2) * b0 - v0 + v1;
        return new Fp6(c0, c1, c2);
    }

    /// <summary>x ↦ x^(q^power) for any power ≥ 0: conjugate (odd powers) each coefficient and scale C1, C2 by γ.</summary>
    public Fp6 Frobenius(int power)
    {
        power %= 6;
        if (power > 3)
        {
            return Frobenius(3).Frobenius(power - 3);
        }
        var g = Frobenius12.Gamma(power);
        bool odd = (power & 1) == 1;
        Fp2 a0 = odd ? C0.Conjugate() : C0;
        Fp2 a1 = odd ? C1.Conjugate() : C1;
        Fp2 a2 = odd ? C2.Conjugate() : C2;
        return new Fp6(a0, a1 * g[2], a2 * g[4]);
    }

    public override string ToString() => $"[{C0}, {C1}, {C2}]";
    public bool Equals(Fp6 other) => this == other;
    public override bool Equals(object? obj) => obj is Fp6 other && this == other;
    public override int GetHashCode() => HashCode.Combine(C0, C1, C2);
}
