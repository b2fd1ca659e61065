using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// Affine points as snarkjs stores them in .zkey files (FORMATS §2.1, ffjavascript wasm_curve.js
/// toRprLEM/fromRprLEM): every Fq coordinate is "LEM", the 32 little-endian bytes of x·2^256 mod q, which
/// are exactly <see cref="Fp"/>'s limbs. G1 is x ‖ y (64 bytes), G2 is x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1
/// (128 bytes), and the point at infinity is all zero bytes. Decoding refuses non-canonical coordinates
/// (≥ q) and points off their curve; the G2 subgroup check is a separate, costlier step.
/// </summary>
internal static class PointEncoding
{
    internal const int G1Size = 64;
    internal const int G2Size = 128;

    internal static string? DecodeG1(ReadOnlySpan<byte> bytes, out G1Affine point)
    {
        point = default;
        if (!Fp.TryReadMontgomeryBytes(bytes[..32], out Fp x))
        {
            return "x is not below q";
        }
        if (!Fp.TryReadMontgomeryBytes(bytes[32..64], out Fp y))
        {
            return "y is not below q";
        }
        point = new G1Affine(x, y);
        return point.IsOnCurve ? null : "is not on the curve y² = x³ + 3";
    }

    /// <summary>What <see cref="DecodeG1"/> checks, for a point whose bytes were read in place.</summary>
    internal static string? CheckG1(in G1Affine point) =>
        !point.X.IsCanonical ? "x is not below q"
        : !point.Y.IsCanonical ? "y is not below q"
        : point.IsOnCurve ? null : "is not on the curve y² = x³ + 3";

    /// <summary>What <see cref="DecodeG2"/> checks, for a point whose bytes were read in place.</summary>
    internal static string? CheckG2(in G2Affine point) =>
        !point.X.C0.IsCanonical ? "x.c0 is not below q"
        : !point.X.C1.IsCanonical ? "x.c1 is not below q"
        : !point.Y.C0.IsCanonical ? "y.c0 is not below q"
        : !point.Y.C1.IsCanonical ? "y.c1 is not below q"
        : point.IsOnCurve ? null : "is not on the twist curve y² = x³ + 3/(9+u)";

    internal static string? DecodeG2(ReadOnlySpan<byte> bytes, out G2Affine point)
    {
        point = default;
        if (!Fp.TryReadMontgomeryBytes(bytes[..32], out Fp x0))
        {
            return "x.c0 is not below q";
        }
        if (!Fp.TryReadMontgomeryBytes(bytes[32..64], out Fp x1))
        {
            return "x.c1 is not below q";
        }
        if (!Fp.TryReadMontgomeryBytes(bytes[64..96], out Fp y0))
        {
            return "y.c0 is not below q";
        }
        if (!Fp.TryReadMontgomeryBytes(bytes[96..128], out Fp y1))
        {
            return "y.c1 is not below q";
        }
        point = new G2Affine(new Fp2(x0, x1), new Fp2(y0, y1));
        return point.IsOnCurve ? null : "is not on the twist curve y² = x³ + 3/(9+u)";
    }

    /// <summary><see cref="DecodeG2"/> followed by the order-r subgroup check, for the few G2 points of the header.</summary>
    internal static string? DecodeG2InSubgroup(ReadOnlySpan<byte> bytes, out G2Affine point) =>
        DecodeG2(bytes, out point) ?? (point.IsInSubgroup ? null : "is on the twist curve but not in the order-r subgroup G2");

    internal static void EncodeG1(in G1Affine point, Span<byte> destination)
    {
        point.X.WriteMontgomeryBytes(destination[..32]);
        point.Y.WriteMontgomeryBytes(destination[32..64]);
    }

    internal static void EncodeG2(in G2Affine point, Span<byte> destination)
    {
        point.X.C0.WriteMontgomeryBytes(destination[..32]);
        point.X.C1.WriteMontgomeryBytes(destination[32..64]);
        point.Y.C0.WriteMontgomeryBytes(destination[64..96]);
        point.Y.C1.WriteMontgomeryBytes(destination[96..128]);
    }
}
