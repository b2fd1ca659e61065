using System.Numerics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Tests.Support;

/// <summary>
/// Generators of field elements. FsCheck's own integers are small, so base-field values are uniform
/// 256-bit integers reduced modulo the prime, mixed with the values Montgomery code gets wrong first:
/// 0, 1, m − 1, R mod m, R² mod m, R⁻¹ mod m (R = 2^256), limb boundaries, small values and values
/// just below m. Extension-field elements are built coefficient by coefficient from them.
/// </summary>
internal static class FieldGenerators
{
    internal static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    /// <summary>Uniform integers in [0, 2^256).</summary>
    internal static readonly Gen<BigInteger> Uniform256 =
        Gen.ArrayOf(Gen.Choose(0, ushort.MaxValue), 16).Select(words =>
        {
            var bytes = new byte[32];
            for (int i = 0; i < words.Length; i++)
            {
                bytes[2 * i] = (byte)words[i];
                bytes[2 * i + 1] = (byte)(words[i] >> 8);
            }
            return new BigInteger(bytes, isUnsigned: true);
        });

    /// <summary>Integers of every bit length up to 256, for exponents and scalars.</summary>
    internal static readonly Gen<BigInteger> AnyLength256 =
        Gen.Zip(Uniform256, Gen.Choose(0, 256), (v, shift) => v >> shift);

    /// <summary>The residues modulo m that Montgomery code gets wrong first (<see cref="EdgeValues"/>).</summary>
    internal static BigInteger[] Edges(BigInteger m) => EdgeValues.AllResidues(m);

    /// <summary>32-byte integers at or above m that a canonical reader must refuse (<see cref="EdgeValues"/>).</summary>
    internal static BigInteger[] NonCanonicalEdges(BigInteger m) => EdgeValues.AllNonResidues(m);

    /// <summary>Canonical representatives in [0, m), edge values included.</summary>
    internal static Gen<BigInteger> Canonical(BigInteger m) =>
        Gen.Frequency(
            (8, Uniform256.Select(v => v % m)),
            (2, Gen.Elements(Edges(m))),
            (1, Gen.Choose(0, 1000).Select(k => (BigInteger)k)),
            (1, Gen.Choose(1, 1000).Select(k => m - k)));

    /// <summary>Integers in [m, 2^256): 32-byte values a canonical reader must refuse.</summary>
    internal static Gen<BigInteger> NonCanonical(BigInteger m) =>
        Gen.Frequency(
            (6, Uniform256.Where(v => v >= m)),
            (1, Gen.Elements(NonCanonicalEdges(m))),
            (1, Gen.Choose(0, 1000).Select(k => m + k)));

    internal static readonly Gen<Fp> FpGen = Canonical(Fp.Modulus).Select(Fp.FromBigInteger);
    internal static readonly Gen<Fr> FrGen = Canonical(Fr.Modulus).Select(Fr.FromBigInteger);

    internal static readonly Gen<Fp2> Fp2Gen = WithUnits(Gen.Zip(FpGen, FpGen, (c0, c1) => new Fp2(c0, c1)));

    internal static readonly Gen<Fp6> Fp6Gen = WithUnits(
        from c0 in Fp2Gen
        from c1 in Fp2Gen
        from c2 in Fp2Gen
        select new Fp6(c0, c1, c2));

    internal static readonly Gen<Fp12> Fp12Gen = WithUnits(Gen.Zip(Fp6Gen, Fp6Gen, (c0, c1) => new Fp12(c0, c1)));

    /// <summary>Mixes 0, 1 and −1 of the field into a generator of random elements.</summary>
    private static Gen<T> WithUnits<T>(Gen<T> random) where T : struct, IField<T> =>
        Gen.Frequency((9, random), (1, Gen.Elements(T.Zero, T.One, -T.One)));
}
