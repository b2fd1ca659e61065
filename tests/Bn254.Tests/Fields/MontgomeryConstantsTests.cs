using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>
/// The Montgomery parameters of Fp and Fr recomputed from their moduli with BigInteger, the moduli
/// checked against the published values, and the raw CIOS product checked against a·b·R⁻¹ mod m.
/// </summary>
public class MontgomeryConstantsTests
{
    private static readonly BigInteger R = BigInteger.One << 256;

    [Fact]
    public void FpModulusIsTheBaseFieldPrime() => Assert.Equal(Bn254Vectors.Q, Fp.Modulus);

    [Fact]
    public void FrModulusIsTheGroupOrder() => Assert.Equal(Bn254Vectors.R, Fr.Modulus);

    [Fact]
    public void FpParametersAreDerivedFromTheModulus() => AssertDerived<FpParameters>(Bn254Vectors.Q);

    [Fact]
    public void FrParametersAreDerivedFromTheModulus() => AssertDerived<FrParameters>(Bn254Vectors.R);

    /// <summary>A zkey stores coefficient 1 as R² mod r, the constant Fr uses to enter Montgomery form.</summary>
    [Fact]
    public void FrRSquaredIsTheZkeyEncodingOfOne() =>
        Assert.Equal(Bn254Vectors.ZkeyCoefficientOne,
            Limbs.ToBigInteger(FrParameters.RR0, FrParameters.RR1, FrParameters.RR2, FrParameters.RR3));

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property FpMontgomeryProductIsABOverR() =>
        Prop.ForAll(Arbitraries.Residue(Fp.Modulus), Arbitraries.Residue(Fp.Modulus), MontgomeryProduct<FpParameters>);

    [Theory]
    [MemberData(nameof(EdgeValues.ResiduePairs), MemberType = typeof(EdgeValues))]
    public void FpMontgomeryProductIsABOverROnEdges(string a, string b) =>
        MontgomeryProduct<FpParameters>(EdgeValues.Residue(a, Fp.Modulus), EdgeValues.Residue(b, Fp.Modulus));

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property FrMontgomeryProductIsABOverR() =>
        Prop.ForAll(Arbitraries.Residue(Fr.Modulus), Arbitraries.Residue(Fr.Modulus), MontgomeryProduct<FrParameters>);

    [Theory]
    [MemberData(nameof(EdgeValues.ResiduePairs), MemberType = typeof(EdgeValues))]
    public void FrMontgomeryProductIsABOverROnEdges(string a, string b) =>
        MontgomeryProduct<FrParameters>(EdgeValues.Residue(a, Fr.Modulus), EdgeValues.Residue(b, Fr.Modulus));

    /// <summary>The Math.BigMul twin used where BMI2 is missing gives the same products as the MULX path.</summary>
    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property FpPortableProductIsABOverR() =>
        Prop.ForAll(Arbitraries.Residue(Fp.Modulus), Arbitraries.Residue(Fp.Modulus), MontgomeryProduct<FpParameters, PortableProduct>);

    [Theory]
    [MemberData(nameof(EdgeValues.ResiduePairs), MemberType = typeof(EdgeValues))]
    public void FpPortableProductIsABOverROnEdges(string a, string b) =>
        MontgomeryProduct<FpParameters, PortableProduct>(EdgeValues.Residue(a, Fp.Modulus), EdgeValues.Residue(b, Fp.Modulus));

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property FrPortableProductIsABOverR() =>
        Prop.ForAll(Arbitraries.Residue(Fr.Modulus), Arbitraries.Residue(Fr.Modulus), MontgomeryProduct<FrParameters, PortableProduct>);

    [Theory]
    [MemberData(nameof(EdgeValues.ResiduePairs), MemberType = typeof(EdgeValues))]
    public void FrPortableProductIsABOverROnEdges(string a, string b) =>
        MontgomeryProduct<FrParameters, PortableProduct>(EdgeValues.Residue(a, Fr.Modulus), EdgeValues.Residue(b, Fr.Modulus));

    private static void AssertDerived<P>(BigInteger m) where P : struct, IMontgomeryParameters
    {
        Assert.Equal(m, Limbs.ToBigInteger(P.M0, P.M1, P.M2, P.M3));
        Assert.Equal(R % m, Limbs.ToBigInteger(P.R0, P.R1, P.R2, P.R3));
        Assert.Equal(R * R % m, Limbs.ToBigInteger(P.RR0, P.RR1, P.RR2, P.RR3));

        // Euler: the odd residues modulo 2^64 form a group of order 2^63.
        BigInteger twoTo64 = BigInteger.One << 64;
        BigInteger inverse = BigInteger.ModPow(m % twoTo64, (BigInteger.One << 63) - 1, twoTo64);
        Assert.Equal(BigInteger.One, m * inverse % twoTo64);
        Assert.Equal((twoTo64 - inverse) % twoTo64, (BigInteger)P.Inv);

        // The no-carry CIOS shortcut needs the top limb of the modulus below 2^63 − 1.
        Assert.True(P.M3 < 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>The CIOS product of a and b (below the modulus of P) through the wide product W is a·b·R⁻¹ mod m.</summary>
    private static void MontgomeryProduct<P, W>(BigInteger a, BigInteger b) where P : struct, IMontgomeryParameters where W : struct, IWideProduct
    {
        BigInteger m = Limbs.ToBigInteger(P.M0, P.M1, P.M2, P.M3);
        Limbs.FromBigInteger(a, out var a0, out var a1, out var a2, out var a3);
        Limbs.FromBigInteger(b, out var b0, out var b1, out var b2, out var b3);
        Montgomery<P>.Mul<W>(a0, a1, a2, a3, b0, b1, b2, b3, out var r0, out var r1, out var r2, out var r3);
        Assert.Equal(a * b * BigInteger.ModPow(R, m - 2, m) % m, Limbs.ToBigInteger(r0, r1, r2, r3));
    }

    /// <summary>The same through the default wide product (MULX where the CPU has BMI2).</summary>
    private static void MontgomeryProduct<P>(BigInteger a, BigInteger b) where P : struct, IMontgomeryParameters
    {
        BigInteger m = Limbs.ToBigInteger(P.M0, P.M1, P.M2, P.M3);
        Limbs.FromBigInteger(a, out var a0, out var a1, out var a2, out var a3);
        Limbs.FromBigInteger(b, out var b0, out var b1, out var b2, out var b3);
        Montgomery<P>.Mul(a0, a1, a2, a3, b0, b1, b2, b3, out var r0, out var r1, out var r2, out var r3);
        Assert.Equal(a * b * BigInteger.ModPow(R, m - 2, m) % m, Limbs.ToBigInteger(r0, r1, r2, r3));
    }
}
