using System.Buffers.Binary;
using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Field elements and curve points drawn from a <see cref="ChaChaRng"/> exactly as ffjavascript 0.2.x draws them
/// (wasm_field1.js, wasm_field2.js and wasm_curve.js <c>fromRng</c>), so that a beacon and a hash to G2 give snarkjs's
/// values. A field element takes four <see cref="ChaChaRng.NextU64"/> as the little-endian limbs of v, masked to the
/// modulus's 254 bits and drawn again while v ≥ the modulus; ffjavascript then uses v's bytes as the element's
/// Montgomery form, so the element is v·2⁻²⁵⁶ (a quirk kept here: it is what snarkjs computes). A point takes x, then
/// one bit, until x³ + b is a square, and takes the square root whose sign (ffjavascript's isNegative: the canonical
/// value above (p − 1)/2, for Fp2 that of c1 unless c1 is zero) is that bit; a G2 point is then multiplied by the
/// twist's cofactor.
/// </summary>
internal static class RngSampling
{
    /// <summary>The cofactor of the twist E'(Fp2) (ffjavascript bn128.js cofactorG2): 2q − r.</summary>
    internal static readonly BigInteger G2Cofactor = BigInteger.Parse("030644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d", System.Globalization.NumberStyles.HexNumber);

    private static readonly BigInteger HalfQ = (Fp.Modulus - 1) / 2;

    internal static Fr NextFr(ChaChaRng rng)
    {
        Span<byte> bytes = stackalloc byte[32];
        Fr value;
        do
        {
            NextMasked(rng, bytes);
        }
        while (!Fr.TryReadMontgomeryBytes(bytes, out value));
        bytes.Clear();
        return value;
    }

    internal static Fp NextFp(ChaChaRng rng)
    {
        Span<byte> bytes = stackalloc byte[32];
        Fp value;
        do
        {
            NextMasked(rng, bytes);
        }
        while (!Fp.TryReadMontgomeryBytes(bytes, out value));
        bytes.Clear();
        return value;
    }

    internal static G1Affine NextG1(ChaChaRng rng)
    {
        while (true)
        {
            Fp x = NextFp(rng);
            bool greatest = rng.NextBool();
            if ((x.Square() * x + G1Affine.B).TrySqrt(out Fp y))
            {
                return new G1Affine(x, IsNegative(y) == greatest ? y : -y);
            }
        }
    }

    internal static G2Jacobian NextG2(ChaChaRng rng)
    {
        while (true)
        {
            var x = new Fp2(NextFp(rng), NextFp(rng));
            bool greatest = rng.NextBool();
            if ((x.Square() * x + G2Affine.B).TrySqrt(out Fp2 y))
            {
                var point = new G2Affine(x, IsNegative(y) == greatest ? y : -y);
                return point.Multiply(G2Cofactor);
            }
        }
    }

    internal static bool IsNegative(Fp value) => value.ToBigInteger() > HalfQ;

    internal static bool IsNegative(Fp2 value) => value.C1.IsZero ? IsNegative(value.C0) : IsNegative(value.C1);

    /// <summary>Four words pairs as little-endian limbs, the top two bits cleared (both moduli have 254 bits).</summary>
    private static void NextMasked(ChaChaRng rng, Span<byte> bytes)
    {
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * 8)..], rng.NextU64());
        }
        bytes[31] &= 0x3F;
    }
}
