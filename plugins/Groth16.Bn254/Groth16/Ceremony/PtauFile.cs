using System.Text;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Reads snarkjs powers-of-tau files (FORMATS §1, §3 ".ptau"; snarkjs src/powersoftau_utils.js readPTauHeader,
/// readContributions, powersoftau_new.js, powersoftau_preparephase2.js): container "ptau" version 1; section 1 =
/// <c>u32 n8 ‖ q[n8] ‖ u32 power ‖ u32 ceremonyPower</c> (44 bytes), sections 2–6 the points (Montgomery
/// little-endian, as in a .zkey), 7 the contributions, and 12–15 the Lagrange bases of a phase-2-prepared file.
/// Opening checks the header (BN254's q, 1 ≤ power ≤ ceremonyPower ≤ 28), every section's length against the power
/// (before anything is read from it), the contribution records, and refuses a section no ptau has.
/// </summary>
internal static class PtauFile
{
    internal const string Magic = "ptau";

    /// <summary>The largest power snarkjs makes ceremonies for on BN254 (the 2-adicity of r).</summary>
    internal const int MaxPower = 28;

    private const int HeaderLength = 4 + 32 + 4 + 4;

    /// <summary>tauG1, tauG2, alphaG1, betaG1, betaG2; the public key (6 G1, 3 G2); partial hash; next challenge.</summary>
    private const int ContributionFixedLength = 3 * PointEncoding.G1Size + 2 * PointEncoding.G2Size
        + 6 * PointEncoding.G1Size + 3 * PointEncoding.G2Size + 216 + 64 + 4 + 4;

    private static readonly int[] KnownSections = [1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15];

    internal static PowersOfTau Open(Stream stream, string fileName)
    {
        var file = BinFile.Open(stream, fileName, Magic, 1);
        foreach (int id in file.SectionIds)
        {
            if (!KnownSections.Contains(id))
            {
                throw file.Error(id, "is not a powers-of-tau section (a .ptau has sections 1–7, and 12–15 once prepared for phase 2)");
            }
        }

        var header = file.Open(1);
        header.ReadPrime("n8", "q", Fp.Modulus);
        header.ExpectLength(HeaderLength, "u32 n8, q, u32 power, u32 ceremonyPower");
        uint power = header.ReadUInt32("power");
        uint ceremonyPower = header.ReadUInt32("ceremonyPower");
        header.End("the header");
        if (power is < 1 or > MaxPower)
        {
            throw header.Error($"power = {power} is outside 1..{MaxPower}");
        }
        if (ceremonyPower < power || ceremonyPower > MaxPower)
        {
            throw header.Error($"ceremonyPower = {ceremonyPower} is not between power = {power} and {MaxPower}");
        }

        ulong n = 1UL << (int)power;
        ExpectLength(file, PowersOfTau.TauG1, (2 * n - 1) * PointEncoding.G1Size, $"2^{power + 1} − 1 G1 points (tauG1)");
        ExpectLength(file, PowersOfTau.TauG2, n * PointEncoding.G2Size, $"2^{power} G2 points (tauG2)");
        ExpectLength(file, PowersOfTau.AlphaTauG1, n * PointEncoding.G1Size, $"2^{power} G1 points (alphaTauG1)");
        ExpectLength(file, PowersOfTau.BetaTauG1, n * PointEncoding.G1Size, $"2^{power} G1 points (betaTauG1)");
        ExpectLength(file, PowersOfTau.BetaG2, PointEncoding.G2Size, "one G2 point (betaG2)");

        int[] lagrange = [PowersOfTau.LagrangeTauG1, PowersOfTau.LagrangeTauG2, PowersOfTau.LagrangeAlphaTauG1, PowersOfTau.LagrangeBetaTauG1];
        bool prepared = lagrange.Any(file.Has);
        if (prepared)
        {
            if (lagrange.FirstOrDefault(id => !file.Has(id)) is var missing and > 0)
            {
                throw file.Error(missing, "is missing: a file prepared for phase 2 has all of sections 12–15");
            }
            string blocks = $"the blocks for 2^0 … 2^{power}";
            ExpectLength(file, PowersOfTau.LagrangeTauG1, (4 * n - 1) * PointEncoding.G1Size, $"2^{power + 2} − 1 G1 points: {blocks} and 2^{power + 1} (Lagrange tauG1)");
            ExpectLength(file, PowersOfTau.LagrangeTauG2, (2 * n - 1) * PointEncoding.G2Size, $"2^{power + 1} − 1 G2 points: {blocks} (Lagrange tauG2)");
            ExpectLength(file, PowersOfTau.LagrangeAlphaTauG1, (2 * n - 1) * PointEncoding.G1Size, $"2^{power + 1} − 1 G1 points: {blocks} (Lagrange alphaTauG1)");
            ExpectLength(file, PowersOfTau.LagrangeBetaTauG1, (2 * n - 1) * PointEncoding.G1Size, $"2^{power + 1} − 1 G1 points: {blocks} (Lagrange betaTauG1)");
        }

        var contributions = ReadContributions(file);
        return new PowersOfTau(file, (int)power, (int)ceremonyPower, prepared, contributions);
    }

    private static void ExpectLength(BinFile file, int id, ulong expected, string layout)
    {
        ulong length = file.LengthOf(id);
        if (length != expected)
        {
            throw file.Error(id, $"length is {length} bytes, expected {expected} ({layout})");
        }
    }

    /// <summary>Section 7: <c>u32 n</c>, then n contribution records (powersoftau_utils.js readContribution).</summary>
    private static List<PowersOfTauContribution> ReadContributions(BinFile file)
    {
        var section = file.Open(PowersOfTau.ContributionSection);
        uint count = section.ReadUInt32("the number of contributions");
        if ((ulong)count * ContributionFixedLength > section.Remaining)
        {
            throw section.Error($"{count} contributions of at least {ContributionFixedLength} bytes each cannot fit in the {section.Remaining} bytes left");
        }
        var contributions = new List<PowersOfTauContribution>((int)count);
        Span<byte> g1 = stackalloc byte[PointEncoding.G1Size];
        Span<byte> g2 = stackalloc byte[PointEncoding.G2Size];
        for (int k = 1; k <= count; k++)
        {
            string where = $"contribution {k}";
            foreach (var (name, isG2) in ContributionPoints)
            {
                var bytes = isG2 ? g2 : g1;
                section.ReadBytes(bytes, $"{where}: {name}");
                string? problem = isG2 ? PointEncoding.DecodeG2(bytes, out _) : PointEncoding.DecodeG1(bytes, out _);
                if (problem is not null)
                {
                    throw section.Error($"{where}: {name} {problem}");
                }
            }
            var partialHash = new byte[216];
            section.ReadBytes(partialHash, $"{where}: the partial hash");
            var nextChallenge = new byte[64];
            section.ReadBytes(nextChallenge, $"{where}: the next challenge hash");
            uint type = section.ReadUInt32($"{where}: the type");
            if (type > 1)
            {
                throw section.Error($"{where}: type {type} is neither 0 (a contribution) nor 1 (a beacon)");
            }
            uint parameterLength = section.ReadUInt32($"{where}: the parameters' length");
            if (parameterLength > section.Remaining)
            {
                throw section.Error($"{where}: {parameterLength} bytes of parameters do not fit in the {section.Remaining} bytes left");
            }
            var parameters = new byte[parameterLength];
            section.ReadBytes(parameters, $"{where}: the parameters");
            var (contributorName, iterations, beaconHash) = ReadParameters(section, where, parameters);
            if (type == 1 && (iterations is null || beaconHash is null))
            {
                throw section.Error($"{where}: a beacon without its hash and iterations exponent");
            }
            contributions.Add(new PowersOfTauContribution(k, contributorName, type == 1, beaconHash, iterations, nextChallenge));
        }
        section.End($"the {count} contributions");
        return contributions;
    }

    private static readonly (string Name, bool IsG2)[] ContributionPoints =
    [
        ("tauG1", false), ("tauG2", true), ("alphaG1", false), ("betaG1", false), ("betaG2", true),
        ("key.tau.g1_s", false), ("key.tau.g1_sx", false), ("key.alpha.g1_s", false), ("key.alpha.g1_sx", false),
        ("key.beta.g1_s", false), ("key.beta.g1_sx", false), ("key.tau.g2_spx", true), ("key.alpha.g2_spx", true),
        ("key.beta.g2_spx", true),
    ];

    /// <summary>Type-length-value parameters, types strictly increasing: 1 name, 2 iterations exponent, 3 beacon hash.</summary>
    private static (string? Name, int? Iterations, byte[]? BeaconHash) ReadParameters(BinarySection section, string where, byte[] parameters)
    {
        string? name = null;
        int? iterations = null;
        byte[]? beaconHash = null;
        int position = 0;
        int lastType = 0;
        byte Next(string what) => position < parameters.Length
            ? parameters[position++]
            : throw section.Error($"{where}: the parameters end inside {what}");
        while (position < parameters.Length)
        {
            int type = Next("a parameter's type");
            if (type <= lastType)
            {
                throw section.Error($"{where}: parameter type {type} follows type {lastType}; they must be sorted");
            }
            lastType = type;
            switch (type)
            {
                case 1:
                    int length = Next("the name's length");
                    if (length > parameters.Length - position)
                    {
                        throw section.Error($"{where}: the name's {length} bytes run past the parameters");
                    }
                    name = Encoding.UTF8.GetString(parameters, position, length);
                    position += length;
                    break;
                case 2:
                    iterations = Next("the iterations exponent");
                    break;
                case 3:
                    int hashLength = Next("the beacon hash's length");
                    if (hashLength > parameters.Length - position)
                    {
                        throw section.Error($"{where}: the beacon hash's {hashLength} bytes run past the parameters");
                    }
                    beaconHash = parameters.AsSpan(position, hashLength).ToArray();
                    position += hashLength;
                    break;
                default:
                    throw section.Error($"{where}: parameter type {type} is not recognized (1 name, 2 iterations exponent, 3 beacon hash)");
            }
        }
        return (name, iterations, beaconHash);
    }
}
