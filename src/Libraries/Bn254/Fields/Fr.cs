using System.Numerics;
using System.Runtime.CompilerServices;
using M = CredentialHub.Bn254.Fields.Montgomery<CredentialHub.Bn254.Fields.FrParameters>;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// An element of the BN254 scalar field Fr, r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
/// (0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001, 254 bits, 2-adicity 28):
/// the order of G1 and G2 and the field of circom signals, witnesses and public signals.
/// Held as four little-endian 64-bit limbs in Montgomery form x·2^256 mod r, always fully reduced.
/// Not constant time.
/// </summary>
public readonly struct Fr : IField<Fr>
{
    internal readonly ulong L0, L1, L2, L3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Fr(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3;
    }

    public static readonly BigInteger Modulus = Limbs.ToBigInteger(FrParameters.M0, FrParameters.M1, FrParameters.M2, FrParameters.M3);

    public static Fr Zero => default;
    public static Fr One => new(FrParameters.R0, FrParameters.R1, FrParameters.R2, FrParameters.R3);

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    /// <summary>
    /// True when the limbs are below r, as every value made by this type's operations is. False only for an element whose
    /// bytes were taken as they are (a file read in place), which must be checked before use.
    /// </summary>
    public bool IsCanonical => M.IsCanonical(L0, L1, L2, L3);
    public bool IsOne => L0 == FrParameters.R0 && L1 == FrParameters.R1 && L2 == FrParameters.R2 && L3 == FrParameters.R3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr operator +(Fr a, Fr b)
    {
        M.Add(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var r0, out var r1, out var r2, out var r3);
        return new Fr(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr operator -(Fr a, Fr b)
    {
        M.Sub(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var r0, out var r1, out var r2, out var r3);
        return new Fr(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr operator -(Fr a)
    {
        M.Neg(a.L0, a.L1, a.L2, a.L3, out var r0, out var r1, out var r2, out var r3);
        return new Fr(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr operator *(Fr a, Fr b)
    {
        Multiply(in a, in b, out Fr r);
        return r;
    }

    /// <summary>
    /// The Montgomery product, not inlined (its body is large) and taking its operands by reference, so a
    /// caller neither grows past the JIT's inlining budget nor copies 32-byte structs to the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Multiply(in Fr a, in Fr b, out Fr r)
    {
        M.Mul(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var r0, out var r1, out var r2, out var r3);
        r = new Fr(r0, r1, r2, r3);
    }

    public static bool operator ==(Fr a, Fr b) => a.L0 == b.L0 && a.L1 == b.L1 && a.L2 == b.L2 && a.L3 == b.L3;
    public static bool operator !=(Fr a, Fr b) => !(a == b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fr Square() => this * this;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fr Double() => this + this;

    /// <summary>x⁻¹ by Bernstein–Yang divsteps (<see cref="SafeGcd{P}"/>); zero maps to zero.</summary>
    public Fr Inverse()
    {
        SafeGcd<FrParameters>.InvertMontgomery(L0, L1, L2, L3, out var r0, out var r1, out var r2, out var r3);
        return new Fr(r0, r1, r2, r3);
    }

    /// <summary>x^(m−2) (Fermat), the slow twin of <see cref="Inverse"/> for the tests; zero maps to zero.</summary>
    internal Fr InverseByFermat() => FieldMath.Pow(this, RMinusTwo);

    public Fr Pow(BigInteger e) => FieldMath.Pow(this, e);

    private static readonly ulong[] RMinusTwo = ExponentLimbs(Modulus - 2);

    private static ulong[] ExponentLimbs(BigInteger e) => Fp.ExponentLimbs(e);

    // ---- conversions -------------------------------------------------------------------

    /// <summary>The element whose plain value is v; throws unless 0 ≤ v &lt; r.</summary>
    public static Fr FromBigInteger(BigInteger v)
    {
        if (v.Sign < 0 || v >= Modulus)
        {
            throw new ArgumentOutOfRangeException(nameof(v), "value must lie in [0, r)");
        }
        Limbs.FromBigInteger(v, out var l0, out var l1, out var l2, out var l3);
        return FromCanonical(l0, l1, l2, l3);
    }

    /// <summary>The element v mod r, for any integer v.</summary>
    public static Fr Reduce(BigInteger v)
    {
        BigInteger m = BigInteger.Remainder(v, Modulus);
        return FromBigInteger(m.Sign < 0 ? m + Modulus : m);
    }

    public static Fr FromUInt64(ulong v) => FromCanonical(v, 0, 0, 0);

    public BigInteger ToBigInteger()
    {
        ToCanonical(out var l0, out var l1, out var l2, out var l3);
        return Limbs.ToBigInteger(l0, l1, l2, l3);
    }

    /// <summary>Plain limbs (already &lt; r) to Montgomery form: multiply by R².</summary>
    internal static Fr FromCanonical(ulong l0, ulong l1, ulong l2, ulong l3) =>
        new Fr(l0, l1, l2, l3) * new Fr(FrParameters.RR0, FrParameters.RR1, FrParameters.RR2, FrParameters.RR3);

    /// <summary>Montgomery form to plain limbs: multiply by 1.</summary>
    internal void ToCanonical(out ulong l0, out ulong l1, out ulong l2, out ulong l3) =>
        M.Mul(L0, L1, L2, L3, 1, 0, 0, 0, out l0, out l1, out l2, out l3);

    /// <summary>Reads a plain 32-byte integer; false when it is not below r.</summary>
    public static bool TryReadBytes(ReadOnlySpan<byte> bytes, bool bigEndian, out Fr value)
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

    /// <summary>Reads raw Montgomery bytes (little-endian x·2^256 mod r); false when not below r.</summary>
    public static bool TryReadMontgomeryBytes(ReadOnlySpan<byte> bytes, out Fr value)
    {
        Limbs.Read(bytes, bigEndian: false, out var l0, out var l1, out var l2, out var l3);
        if (!M.IsCanonical(l0, l1, l2, l3))
        {
            value = default;
            return false;
        }
        value = new Fr(l0, l1, l2, l3);
        return true;
    }

    /// <summary>Writes raw Montgomery bytes (little-endian x·2^256 mod r).</summary>
    public void WriteMontgomeryBytes(Span<byte> destination) => Limbs.Write(destination, L0, L1, L2, L3, bigEndian: false);

    /// <summary>Parses canonical decimal text (digits only, no leading zeros) of a value below r.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Fr value)
    {
        if (!Limbs.TryParseDecimal(text, out var l0, out var l1, out var l2, out var l3) || !M.IsCanonical(l0, l1, l2, l3))
        {
            value = default;
            return false;
        }
        value = FromCanonical(l0, l1, l2, l3);
        return true;
    }

    public static Fr Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a canonical decimal below r");

    public override string ToString()
    {
        ToCanonical(out var l0, out var l1, out var l2, out var l3);
        return Limbs.ToDecimal(l0, l1, l2, l3);
    }

    public bool Equals(Fr other) => this == other;
    public override bool Equals(object? obj) => obj is Fr other && this == other;
    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3);
}
