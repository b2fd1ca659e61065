using System.Numerics;
using System.Runtime.CompilerServices;
using M = CredentialHub.Bn254.Fields.Montgomery<CredentialHub.Bn254.Fields.FpParameters>;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// An element of the BN254 base field Fp, q = 21888242871839275222246405745257275088696311157297823662689037894645226208583
/// (0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47, 254 bits, q ≡ 3 mod 4).
/// Held as four little-endian 64-bit limbs in Montgomery form x·2^256 mod q, always fully reduced.
/// snarkjs/ffjavascript call this field Fq and store its elements in zkey files as "LEM":
/// the 32 little-endian bytes of x·2^256 mod q, i.e. exactly these limbs.
/// Not constant time.
/// </summary>
public readonly struct Fp : IField<Fp>
{
    internal readonly ulong L0, L1, L2, L3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Fp(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3;
    }

    public static readonly BigInteger Modulus = Limbs.ToBigInteger(FpParameters.M0, FpParameters.M1, FpParameters.M2, FpParameters.M3);

    public static Fp Zero => default;
    public static Fp One => new(FpParameters.R0, FpParameters.R1, FpParameters.R2, FpParameters.R3);

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    /// <summary>
    /// True when the limbs are below q, as every value made by this type's operations is. False only for an element whose
    /// bytes were taken as they are (a file's points read in place, <see cref="System.Runtime.InteropServices.MemoryMarshal"/>),
    /// which must be checked before use.
    /// </summary>
    public bool IsCanonical => M.IsCanonical(L0, L1, L2, L3);
    public bool IsOne => L0 == FpParameters.R0 && L1 == FpParameters.R1 && L2 == FpParameters.R2 && L3 == FpParameters.R3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp operator +(Fp a, Fp b)
    {
        M.Add(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var r0, out var r1, out var r2, out var r3);
        return new Fp(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp operator -(Fp a, Fp b)
    {
        M.Sub(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var r0, out var r1, out var r2, out var r3);
        return new Fp(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp operator -(Fp a)
    {
        M.Neg(a.L0, a.L1, a.L2, a.L3, out var r0, out var r1, out var r2, out var r3);
        return new Fp(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp operator *(Fp a, Fp b)
    {
        Multiply(in a, in b, out Fp r);
        return r;
    }

    /// <summary>
    /// The Montgomery product, not inlined (its body is large) and taking its operands by reference, so a
    /// caller neither grows past the JIT's inlining budget nor copies 32-byte structs to the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Multiply(in Fp a, in Fp b, out Fp r)
    {
        M.Mul(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var r0, out var r1, out var r2, out var r3);
        r = new Fp(r0, r1, r2, r3);
    }

    public static bool operator ==(Fp a, Fp b) => a.L0 == b.L0 && a.L1 == b.L1 && a.L2 == b.L2 && a.L3 == b.L3;
    public static bool operator !=(Fp a, Fp b) => !(a == b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp Square() => this * this;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp Double() => this + this;

    /// <summary>x⁻¹ by Bernstein–Yang divsteps (<see cref="SafeGcd{P}"/>); zero maps to zero.</summary>
    public Fp Inverse()
    {
        SafeGcd<FpParameters>.InvertMontgomery(L0, L1, L2, L3, out var r0, out var r1, out var r2, out var r3);
        return new Fp(r0, r1, r2, r3);
    }

    /// <summary>x^(m−2) (Fermat), the slow twin of <see cref="Inverse"/> for the tests; zero maps to zero.</summary>
    internal Fp InverseByFermat() => FieldMath.Pow(this, QMinusTwo);

    public Fp Pow(BigInteger e) => FieldMath.Pow(this, e);

    /// <summary>The Legendre symbol x^((q−1)/2): 0, 1 or −1.</summary>
    public int Legendre()
    {
        if (IsZero)
        {
            return 0;
        }
        return FieldMath.Pow(this, QMinusOneOverTwo).IsOne ? 1 : -1;
    }

    /// <summary>A square root x^((q+1)/4) (q ≡ 3 mod 4), or false when x is not a square.</summary>
    public bool TrySqrt(out Fp root)
    {
        root = FieldMath.Pow(this, QPlusOneOverFour);
        return root.Square() == this;
    }

    private static readonly ulong[] QMinusTwo = ExponentLimbs(Modulus - 2);
    private static readonly ulong[] QMinusOneOverTwo = ExponentLimbs((Modulus - 1) / 2);
    private static readonly ulong[] QPlusOneOverFour = ExponentLimbs((Modulus + 1) / 4);

    internal static ulong[] ExponentLimbs(BigInteger e)
    {
        Limbs.FromBigInteger(e, out var l0, out var l1, out var l2, out var l3);
        return [l0, l1, l2, l3];
    }

    // ---- conversions -------------------------------------------------------------------

    /// <summary>The element whose plain value is v; throws unless 0 ≤ v &lt; q.</summary>
    public static Fp FromBigInteger(BigInteger v)
    {
        if (v.Sign < 0 || v >= Modulus)
        {
            throw new ArgumentOutOfRangeException(nameof(v), "value must lie in [0, q)");
        }
        Limbs.FromBigInteger(v, out var l0, out var l1, out var l2, out var l3);
        return FromCanonical(l0, l1, l2, l3);
    }

    /// <summary>The element v mod q, for any integer v.</summary>
    public static Fp Reduce(BigInteger v)
    {
        BigInteger m = BigInteger.Remainder(v, Modulus);
        return FromBigInteger(m.Sign < 0 ? m + Modulus : m);
    }

    public static Fp FromUInt64(ulong v) => FromCanonical(v, 0, 0, 0);

    public BigInteger ToBigInteger()
    {
        ToCanonical(out var l0, out var l1, out var l2, out var l3);
        return Limbs.ToBigInteger(l0, l1, l2, l3);
    }

    /// <summary>Plain limbs (already &lt; q) to Montgomery form: multiply by R².</summary>
    internal static Fp FromCanonical(ulong l0, ulong l1, ulong l2, ulong l3) =>
        new Fp(l0, l1, l2, l3) * new Fp(FpParameters.RR0, FpParameters.RR1, FpParameters.RR2, FpParameters.RR3);

    /// <summary>Montgomery form to plain limbs: multiply by 1.</summary>
    internal void ToCanonical(out ulong l0, out ulong l1, out ulong l2, out ulong l3) =>
        M.Mul(L0, L1, L2, L3, 1, 0, 0, 0, out l0, out l1, out l2, out l3);

    /// <summary>Reads a plain 32-byte integer; false when it is not below q.</summary>
    public static bool TryReadBytes(ReadOnlySpan<byte> bytes, bool bigEndian, out Fp value)
    {
        Limbs.Read(bytes, bigEndian, out var l0, out var l1, out var l2, out var l3);
        if (!M.IsCanonical(l0, l1, l2, l3))
        {
            value = default;
            return false;
        }
        value = FromCanonical(l0, l1, l2, l3);
        return true;
    }

    /// <summary>Writes the plain value as 32 bytes.</summary>
    public void WriteBytes(Span<byte> destination, bool bigEndian)
    {
        ToCanonical(out var l0, out var l1, out var l2, out var l3);
        Limbs.Write(destination, l0, l1, l2, l3, bigEndian);
    }

    /// <summary>Reads snarkjs "LEM" bytes (little-endian x·2^256 mod q); false when not below q.</summary>
    public static bool TryReadMontgomeryBytes(ReadOnlySpan<byte> bytes, out Fp value)
    {
        Limbs.Read(bytes, bigEndian: false, out var l0, out var l1, out var l2, out var l3);
        if (!M.IsCanonical(l0, l1, l2, l3))
        {
            value = default;
            return false;
        }
        value = new Fp(l0, l1, l2, l3);
        return true;
    }

    /// <summary>Writes snarkjs "LEM" bytes.</summary>
    public void WriteMontgomeryBytes(Span<byte> destination) => Limbs.Write(destination, L0, L1, L2, L3, bigEndian: false);

    /// <summary>Parses canonical decimal text (digits only, no leading zeros) of a value below q.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Fp value)
    {
        if (!Limbs.TryParseDecimal(text, out var l0, out var l1, out var l2, out var l3) || !M.IsCanonical(l0, l1, l2, l3))
        {
            value = default;
            return false;
        }
        value = FromCanonical(l0, l1, l2, l3);
        return true;
    }

    public static Fp Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a canonical decimal below q");

    public override string ToString()
    {
        ToCanonical(out var l0, out var l1, out var l2, out var l3);
        return Limbs.ToDecimal(l0, l1, l2, l3);
    }

    public bool Equals(Fp other) => this == other;
    public override bool Equals(object? obj) => obj is Fp other && this == other;
    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3);
}
