using System.Numerics;
using System.Runtime.InteropServices;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>
/// <see cref="Fp.IsCanonical"/> and <see cref="Fr.IsCanonical"/>: whether an element's limbs are below its modulus. An
/// element made from bytes as they are (as a key's points are read in place) may not be, and is refused by it; every
/// element the fields' operations make is.
/// </summary>
public class CanonicalLimbsTests
{
    /// <summary>An element whose limbs are <paramref name="limbs"/> (little-endian), taken as they are.</summary>
    private static T FromLimbs<T>(BigInteger limbs) where T : unmanaged
    {
        var bytes = new byte[32];
        Assert.True(limbs.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false));
        return MemoryMarshal.Read<T>(bytes);
    }

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property Fp_limbs_at_or_above_q_are_not_canonical() =>
        Prop.ForAll(Arbitraries.NonResidue(Fp.Modulus), v => Assert.False(FromLimbs<Fp>(v).IsCanonical, $"limbs {v}"));

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property Fr_limbs_at_or_above_r_are_not_canonical() =>
        Prop.ForAll(Arbitraries.NonResidue(Fr.Modulus), v => Assert.False(FromLimbs<Fr>(v).IsCanonical, $"limbs {v}"));

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property Fp_limbs_below_q_are_canonical() =>
        Prop.ForAll(Arbitraries.Residue(Fp.Modulus), v => Assert.True(FromLimbs<Fp>(v).IsCanonical, $"limbs {v}"));

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property Fr_limbs_below_r_are_canonical() =>
        Prop.ForAll(Arbitraries.Residue(Fr.Modulus), v => Assert.True(FromLimbs<Fr>(v).IsCanonical, $"limbs {v}"));

    [Theory]
    [MemberData(nameof(EdgeValues.NonResidues), MemberType = typeof(EdgeValues))]
    public void Edge_limbs_at_or_above_the_modulus_are_not_canonical(string name)
    {
        Assert.False(FromLimbs<Fp>(EdgeValues.NonResidue(name, Fp.Modulus)).IsCanonical);
        Assert.False(FromLimbs<Fr>(EdgeValues.NonResidue(name, Fr.Modulus)).IsCanonical);
    }

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void Edge_limbs_below_the_modulus_are_canonical(string name)
    {
        Assert.True(FromLimbs<Fp>(EdgeValues.Residue(name, Fp.Modulus)).IsCanonical);
        Assert.True(FromLimbs<Fr>(EdgeValues.Residue(name, Fr.Modulus)).IsCanonical);
    }

    [Fact]
    public void The_modulus_and_one_below_it_are_the_boundary()
    {
        Assert.False(FromLimbs<Fp>(Fp.Modulus).IsCanonical);
        Assert.True(FromLimbs<Fp>(Fp.Modulus - 1).IsCanonical);
        Assert.False(FromLimbs<Fr>(Fr.Modulus).IsCanonical);
        Assert.True(FromLimbs<Fr>(Fr.Modulus - 1).IsCanonical);
        // The other field's modulus: r < q, so r is canonical in Fp and q is not in Fr.
        Assert.True(FromLimbs<Fp>(Fr.Modulus).IsCanonical);
        Assert.False(FromLimbs<Fr>(Fp.Modulus).IsCanonical);
    }

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property Fp_arithmetic_makes_canonical_elements() =>
        Prop.ForAll(Arbitraries.Fp, Arbitraries.Fp, (a, b) => AllCanonical(
            [a, b, a + b, a - b, -a, a * b, a.Square(), a.IsZero ? a : a.Inverse(), Fp.Zero, Fp.One, Fp.FromBigInteger(Fp.Modulus - 1)],
            x => x.IsCanonical));

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property Fr_arithmetic_makes_canonical_elements() =>
        Prop.ForAll(Arbitraries.Fr, Arbitraries.Fr, (a, b) => AllCanonical(
            [a, b, a + b, a - b, -a, a * b, a.Square(), a.IsZero ? a : a.Inverse(), Fr.Zero, Fr.One, Fr.FromBigInteger(Fr.Modulus - 1)],
            x => x.IsCanonical));

    private static void AllCanonical<T>(T[] values, Func<T, bool> isCanonical)
    {
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(isCanonical(values[i]), $"value {i} ({values[i]}) is not canonical");
        }
    }
}
