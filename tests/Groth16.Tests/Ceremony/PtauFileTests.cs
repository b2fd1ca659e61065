using System.Buffers.Binary;
using CredentialHub.Groth16.Ceremony;
using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Tests.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// Powers-of-tau files read and checked (<see cref="PtauFile"/>, <see cref="Groth16ProofSystem.InspectPowersOfTau"/>)
/// against the committed snarkjs vectors (Ceremony/vectors, see SOURCE.md there): header, contributions, hash; and
/// damaged files refused naming the section and the check, never a crash.
/// </summary>
public class PtauFileTests
{
    private static string Vector(string file) => Repository.Path("tests", "Groth16.Tests", "Ceremony", "vectors", file);

    private static PowersOfTauInfo Inspect(byte[] bytes, string name = "damaged.bin") =>
        new Groth16ProofSystem().InspectPowersOfTau(new MemoryStream(bytes, writable: false), name, CancellationToken.None);

    /// <summary>The expected BLAKE2b-512 of a vector, from B2SUMS (coreutils b2sum).</summary>
    private static string B2sum(string file) =>
        File.ReadAllLines(Vector("B2SUMS")).Select(line => line.Split("  ")).Single(parts => parts[1] == file)[0];

    [Fact]
    public void A_prepared_ptau_is_described_as_snarkjs_made_it_and_hashed_as_b2sum_hashes_it()
    {
        var info = Inspect(File.ReadAllBytes(Vector("pot2_final.ptau")), "pot2_final.ptau");
        Assert.Equal((2, 2, true), (info.Power, info.CeremonyPower, info.PreparedForPhase2));
        Assert.Equal(2, info.Contributions.Count);
        Assert.Equal((1, "vector contributor", false), (info.Contributions[0].Number, info.Contributions[0].Name, info.Contributions[0].IsBeacon));
        var beacon = info.Contributions[1];
        Assert.Equal(("vector beacon", true, 10), (beacon.Name, beacon.IsBeacon, beacon.BeaconIterationsExponent));
        Assert.Equal("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", Convert.ToHexStringLower(beacon.BeaconHash!));
        Assert.Equal(B2sum("pot2_final.ptau"), info.Blake2b512Hex);
    }

    [Fact]
    public void Each_contributions_next_challenge_is_the_hash_snarkjs_powersoftau_verify_prints()
    {
        var info = Inspect(File.ReadAllBytes(Vector("pot2_final.ptau")), "pot2_final.ptau");
        string[] lines = File.ReadAllLines(Vector("pot2_final.verify.txt"));
        foreach (var contribution in info.Contributions)
        {
            int at = Array.FindIndex(lines, line => line.EndsWith($"Contribution #{contribution.Number}: {contribution.Name}", StringComparison.Ordinal));
            Assert.True(at >= 0, $"contribution {contribution.Number} is not in the verify output");
            Assert.Contains("Next Challenge", lines[at + 1], StringComparison.Ordinal);
            string printed = string.Concat(lines.Skip(at + 2).Take(4).SelectMany(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal(printed, Convert.ToHexStringLower(contribution.NextChallengeHash));
        }
    }

    [Fact]
    public void A_ptau_not_prepared_for_phase_2_says_so_and_is_hashed_too()
    {
        var info = Inspect(File.ReadAllBytes(Vector("pot2_beacon.ptau")), "pot2_beacon.ptau");
        Assert.False(info.PreparedForPhase2);
        Assert.Equal(2, info.Contributions.Count);
        Assert.Equal(B2sum("pot2_beacon.ptau"), info.Blake2b512Hex);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_and_hashed_the_same()
    {
        byte[] bytes = File.ReadAllBytes(Vector("pot2_final.ptau"));
        var info = new Groth16ProofSystem().InspectPowersOfTau(new ForwardOnlyStream(bytes), "pipe", CancellationToken.None);
        Assert.Equal(B2sum("pot2_final.ptau"), info.Blake2b512Hex);
    }

    public static TheoryData<string, int?, string> Damage() => new()
    {
        { "magic", null, "magic is 'zkey', expected 'ptau'" },
        { "truncated", 15, "runs past the end of the file" },
        { "off-curve tauG1", 2, "tauG1[3]: is not on the curve" },
        { "off-curve Lagrange tauG2", 13, "Lagrange tauG2[1]: is not on the twist curve" },
        { "coordinate not below q", 4, "alphaTauG1[0]: x is not below q" },
        { "power", 1, "power = 0 is outside 1..28" },
        { "section length", 3, "expected 512 (2^2 G2 points (tauG2))" },
        { "unknown section", 8, "is not a powers-of-tau section" },
        { "a Lagrange section missing", 14, "is missing: a file prepared for phase 2 has all of sections 12–15" },
        { "contribution parameter", 7, "contribution 1: parameter type 9 is not recognized" },
        { "contribution point", 7, "contribution 2: tauG1 is not on the curve" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_damaged_ptau_is_refused_naming_the_section_and_the_check(string damage, int? section, string problem)
    {
        byte[] bytes = File.ReadAllBytes(Vector("pot2_final.ptau"));
        var layout = new ContainerLayout(bytes);
        byte[] damaged = damage switch
        {
            "magic" => FormatAssert.Patch(bytes, 0, "zkey"u8.ToArray()),
            "truncated" => bytes[..^100],
            "off-curve tauG1" => Flip(bytes, layout.BodyOffset(2) + 3 * 64 + 32),
            "off-curve Lagrange tauG2" => Flip(bytes, layout.BodyOffset(13) + 128 + 1),
            "coordinate not below q" => FormatAssert.Patch(bytes, layout.BodyOffset(4), Enumerable.Repeat((byte)0xff, 32).ToArray()),
            "power" => FormatAssert.PatchUInt32(bytes, layout.BodyOffset(1) + 36, 0),
            "section length" => ShortenSection(bytes, layout, 3),
            "unknown section" => FormatAssert.PatchUInt32(bytes, layout.HeaderOffset(15), 8),
            "a Lagrange section missing" => RemoveSection(bytes, layout, 14),
            "contribution parameter" => PatchFirstParameterType(bytes, layout, 9),
            "contribution point" => Flip(bytes, SecondContribution(bytes, layout) + 32),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        FormatAssert.Refused((s, n) => Inspect(ReadAll(s), n), damaged, section, problem);
    }

    [Fact]
    public void A_file_that_is_not_a_ptau_at_all_is_refused_not_crashed_on()
    {
        FormatAssert.Refused((s, n) => Inspect(ReadAll(s), n), [1, 2, 3], null, "shorter than the 12-byte header");
        var zkey = File.ReadAllBytes(Path.Combine(Vectors.Directory("multi"), "circuit.zkey"));
        FormatAssert.Refused((s, n) => Inspect(ReadAll(s), n), zkey, null, "expected 'ptau'");
    }

    /// <summary>The lowest bit of one byte changed: a coordinate that stays below q, its point off the curve.</summary>
    private static byte[] Flip(byte[] bytes, int offset) => FormatAssert.Patch(bytes, offset, (byte)(bytes[offset] ^ 0x01));

    private static byte[] ReadAll(Stream stream)
    {
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The section's declared length and body cut by one point of 128 bytes (the file stays consistent).</summary>
    private static byte[] ShortenSection(byte[] bytes, ContainerLayout layout, int id)
    {
        int body = layout.BodyOffset(id);
        int length = layout.Length(id);
        var shortened = bytes[..(body + length - 128)].Concat(bytes[(body + length)..]).ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(shortened.AsSpan(layout.HeaderOffset(id) + 4), (ulong)(length - 128));
        return shortened;
    }

    private static byte[] RemoveSection(byte[] bytes, ContainerLayout layout, int id)
    {
        int header = layout.HeaderOffset(id);
        var removed = bytes[..header].Concat(bytes[(layout.BodyOffset(id) + layout.Length(id))..]).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(removed.AsSpan(8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)) - 1);
        return removed;
    }

    /// <summary>Contribution records: 4 + (3·64 + 2·128 + 6·64 + 3·128 + 216 + 64) bytes to the type, then the parameters.</summary>
    private const int RecordFixed = 3 * 64 + 2 * 128 + 6 * 64 + 3 * 128 + 216 + 64;

    private static byte[] PatchFirstParameterType(byte[] bytes, ContainerLayout layout, byte type)
    {
        int parameters = layout.BodyOffset(7) + 4 + RecordFixed + 4 + 4;
        Assert.Equal(1, bytes[parameters]);
        return FormatAssert.Patch(bytes, parameters, type);
    }

    private static int SecondContribution(byte[] bytes, ContainerLayout layout)
    {
        int first = layout.BodyOffset(7) + 4;
        int parameterLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(first + RecordFixed + 4));
        return first + RecordFixed + 8 + parameterLength;
    }

    /// <summary>A stream that reads forward only, as a pipe does.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
