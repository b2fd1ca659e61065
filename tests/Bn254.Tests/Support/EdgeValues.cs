using System.Numerics;

namespace CredentialHub.Bn254.Tests.Support;

/// <summary>
/// The integers modulo m that Montgomery code gets wrong first (0, 1, m − 1, R mod m, R² mod m, R⁻¹ mod m with
/// R = 2^256, limb boundaries, …) and the 32-byte values at or above m that a canonical reader must refuse, by name.
/// The properties over prime-field values check each of them, and each pair, as explicit <c>[Theory]</c> rows on every
/// run, besides their random cases (whose generator, <see cref="FieldGenerators.Canonical"/>, draws them often too).
/// </summary>
public static class EdgeValues
{
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    private static readonly (string Name, Func<BigInteger, BigInteger> Of)[] ResidueTable =
    [
        ("0", _ => 0), ("1", _ => 1), ("2", _ => 2), ("3", _ => 3), ("m-1", m => m - 1), ("m-2", m => m - 2),
        ("(m-1)/2", m => (m - 1) / 2), ("(m+1)/2", m => (m + 1) / 2),
        ("R", m => TwoTo256 % m), ("R^2", m => TwoTo256 * TwoTo256 % m), ("R^-1", m => BigInteger.ModPow(TwoTo256, m - 2, m)),
        ("2^64-1", _ => ulong.MaxValue), ("2^64", _ => BigInteger.One << 64), ("2^128-1", _ => (BigInteger.One << 128) - 1),
        ("2^128", _ => BigInteger.One << 128), ("2^192-1", _ => (BigInteger.One << 192) - 1), ("2^192", _ => BigInteger.One << 192),
        ("2^253", _ => BigInteger.One << 253),
    ];

    private static readonly (string Name, Func<BigInteger, BigInteger> Of)[] NonResidueTable =
    [
        ("m", m => m), ("m+1", m => m + 1), ("2m-1", m => 2 * m - 1), ("2m", m => 2 * m), ("2^256-m", m => TwoTo256 - m),
        ("2^256-1", _ => TwoTo256 - 1), ("2^255", _ => BigInteger.One << 255),
    ];

    /// <summary>The names of the edge residues, one theory row each.</summary>
    public static TheoryData<string> Residues() => new(ResidueTable.Select(e => e.Name));

    /// <summary>Every ordered pair of edge residues, one theory row each.</summary>
    public static TheoryData<string, string> ResiduePairs()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var a in ResidueTable)
        {
            foreach (var b in ResidueTable)
            {
                pairs.Add(a.Name, b.Name);
            }
        }
        return pairs;
    }

    /// <summary>The names of the edge values at or above m, one theory row each.</summary>
    public static TheoryData<string> NonResidues() => new(NonResidueTable.Select(e => e.Name));

    /// <summary>The edge residue of that name modulo m.</summary>
    public static BigInteger Residue(string name, BigInteger m) => ResidueTable.Single(e => e.Name == name).Of(m);

    /// <summary>The edge value of that name at or above m.</summary>
    public static BigInteger NonResidue(string name, BigInteger m) => NonResidueTable.Single(e => e.Name == name).Of(m);

    /// <summary>Every edge residue modulo m.</summary>
    public static BigInteger[] AllResidues(BigInteger m) => [.. ResidueTable.Select(e => e.Of(m))];

    /// <summary>Every edge value at or above m.</summary>
    public static BigInteger[] AllNonResidues(BigInteger m) => [.. NonResidueTable.Select(e => e.Of(m))];
}
