using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using static CredentialHub.Groth16.Tests.Formats.FormatAssert;

namespace CredentialHub.Groth16.Tests.Formats;

/// <summary>Damaged copies of the multi zkey are each refused with the section and the problem named.</summary>
public class ZkeyCorruptionTests
{
    // Section 2 layout (FORMATS §2): n8q, q, n8r, r, nVars, nPublic, domainSize, alpha1, beta1, beta2, gamma2, delta1, delta2.
    private const int N8q = 0, Q = 4, N8r = 36, R = 40, NVars = 72, NPublic = 76, DomainSize = 80;
    private const int Alpha1 = 84, Delta2 = 532;

    private static readonly byte[] Original = Vectors.Read("multi", "circuit.zkey");
    private static readonly ContainerLayout Layout = new(Original);

    private static int Body(int section) => Layout.BodyOffset(section);

    /// <summary>Refused with the same error read into memory and read from a file mapped in place (the command line's way).</summary>
    private static BinaryFormatException Refused(byte[] bytes, int? section, string problem)
    {
        var read = FormatAssert.Refused((stream, name) => ZkeyFile.Read(stream, name), bytes, section, problem);
        string path = Path.Combine(Path.GetTempPath(), $"damaged-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, bytes);
            var mapped = FormatAssert.Refused((_, name) =>
            {
                using var file = File.OpenRead(path);
                return ZkeyFile.Read(file, name, mapFile: true);
            }, bytes, section, problem);
            Assert.Equal(read.Message, mapped.Message);
        }
        finally
        {
            File.Delete(path);
        }
        return read;
    }

    public static TheoryData<string> Circuits() => new(Vectors.Circuits);

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Truncated_files_are_refused_at_every_twentieth_and_inside_the_header(string circuit)
    {
        byte[] full = Vectors.Read(circuit, "circuit.zkey");
        var cuts = Enumerable.Range(0, 20).Select(k => full.Length * k / 20)
            .Concat([1, 3, 4, 8, 11, 12, 13, 23, 24, 30, full.Length - 1]);
        string path = Path.Combine(Path.GetTempPath(), $"cut-{Guid.NewGuid():N}.zkey");
        try
        {
            foreach (int cut in cuts.Distinct())
            {
                var e = Assert.Throws<BinaryFormatException>(() => ZkeyFile.Read(new MemoryStream(full[..cut]), "cut.zkey"));
                Assert.True(e.Problem.Contains("header") || e.Problem.Contains("past the end"), $"cut at {cut}: {e.Message}");
                // The same from the file, mapped (an empty one included: it is refused before anything is mapped).
                File.WriteAllBytes(path, full[..cut]);
                var mapped = Assert.Throws<BinaryFormatException>(() =>
                {
                    using var file = File.OpenRead(path);
                    return ZkeyFile.Read(file, "cut.zkey", mapFile: true);
                });
                Assert.Equal(e.Message, mapped.Message);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Header_damage_is_refused()
    {
        Refused(Patch(Original, 0, (byte)'Z'), null, "magic is 'Zkey', expected 'zkey'");
        Refused(Patch(Original, 0, 0xff), null, "magic is '\\xffkey'");
        Refused(PatchUInt32(Original, 4, 3), null, "version 3 is not supported (at most 1)");
        Refused(PatchUInt32(Original, 8, 11), null, "inside the header of section 11 of 11");
        Refused(PatchUInt32(Original, 8, 9), null, "bytes follow the last of the 9 sections");
        Refused([.. Original, 0], null, "1 bytes follow the last of the 10 sections");
    }

    [Fact]
    public void Other_protocols_are_named()
    {
        Refused(PatchUInt32(Original, Body(1), 2), 1, "protocol id 2 (plonk) is not supported; expected 1 (groth16)");
        Refused(PatchUInt32(Original, Body(1), 10), 1, "protocol id 10 (fflonk)");
        Refused(PatchUInt32(Original, Body(1), 7), 1, "protocol id 7 (unknown)");
    }

    [Fact]
    public void Another_curve_is_refused_by_its_primes()
    {
        var flipped = (byte[])Original.Clone();
        flipped[Body(2) + Q + 5] ^= 0x01;
        Refused(flipped, 2, "not BN254's q");

        var bls12381R = BigInteger.Parse("0073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", System.Globalization.NumberStyles.HexNumber);
        Refused(Patch(Original, Body(2) + R, bls12381R.ToByteArray(isUnsigned: true, isBigEndian: false)), 2, $"r is {bls12381R}, not BN254's r");
        Refused(PatchUInt32(Original, Body(2) + N8q, 48), 2, "n8q = 48");
        Refused(PatchUInt32(Original, Body(2) + N8r, 48), 2, "n8r = 48");
    }

    [Fact]
    public void Lying_length_fields_are_refused_before_anything_is_allocated()
    {
        Refused(PatchUInt64(Original, Layout.HeaderOffset(9) + 4, 1UL << 62), 9, $"length {1UL << 62} runs past the end of the file");
        Refused(PatchUInt64(Original, Layout.HeaderOffset(10) + 4, ulong.MaxValue), 10, "runs past the end of the file");
        Refused(PatchUInt32(Original, Body(2) + NVars, int.MaxValue), 5, $"expected {(ulong)int.MaxValue * 64} (nVars G1 points)");
        Refused(PatchUInt32(Original, Body(2) + NVars, uint.MaxValue), 2, "nVars = 4294967295 exceeds the supported maximum");
        Refused(PatchUInt32(Original, Body(2) + DomainSize, 1 << 28), 9, "(domainSize G1 points)");
        Refused(PatchUInt32(Original, Body(4), int.MaxValue), 4, "nCoefs = 2147483647 entries");
    }

    [Fact]
    public void Inconsistent_counts_are_refused()
    {
        uint nCoefs = BitConverter.ToUInt32(Original, Body(4));
        Refused(PatchUInt32(Original, Body(4), nCoefs + 1), 4, $"length is {Layout.Length(4)} bytes, expected {4 + (nCoefs + 1) * 44}");
        Refused(PatchUInt32(Original, Body(2) + NPublic, 56), 2, "nPublic = 56 is not below nVars = 56");
        Refused(PatchUInt32(Original, Body(2) + NPublic, 4), 3, "expected 320 ((nPublic + 1) G1 points)");
        Refused(PatchUInt32(Original, Body(2) + NVars, 0), 2, "nVars is 0");
        Refused(PatchUInt32(Original, Body(2) + DomainSize, 48), 2, "domainSize = 48 is not a power of two");
        Refused(PatchUInt32(Original, Body(2) + DomainSize, 1u << 29), 2, "is not a power of two of at most 2^28");
        Refused(PatchUInt32(Original, Body(2) + DomainSize, 4), 2, "domainSize = 4 leaves no room");
    }

    [Fact]
    public void Bad_coefficients_are_refused_by_index()
    {
        int first = Body(4) + 4;
        Refused(PatchUInt32(Original, first, 2), 4, "coefficient[0]: matrix is 2, expected 0 (A) or 1 (B)");
        Refused(PatchUInt32(Original, first + 44 + 4, 64), 4, "coefficient[1]: constraint 64 is not below domainSize 64");
        Refused(PatchUInt32(Original, first + 88 + 8, 56), 4, "coefficient[2]: signal 56 is not below nVars 56");
        Refused(Patch(Original, first + 12, Enumerable.Repeat((byte)0xff, 32).ToArray()), 4, "coefficient[0]: value is not below r");
    }

    [Fact]
    public void Duplicate_and_missing_sections_are_refused()
    {
        Refused(PatchUInt32(Original, Layout.HeaderOffset(10), 9), 9, "appears more than once");
        Refused(PatchUInt32(Original, Layout.HeaderOffset(10), 11), 10, "is missing");
    }

    [Fact]
    public void Non_canonical_coordinates_are_refused()
    {
        byte[] tooBig = Enumerable.Repeat((byte)0xff, 32).ToArray();
        byte[] q = Fp.Modulus.ToByteArray(isUnsigned: true, isBigEndian: false);
        Refused(Patch(Original, Body(5) + 64, tooBig), 5, "A[1]: x is not below q");
        Refused(Patch(Original, Body(3) + 64 + 32, q), 3, "IC[1]: y is not below q");
        Refused(Patch(Original, Body(7) + 3 * 128 + 32, q), 7, "B2[3]: x.c1 is not below q");
        Refused(Patch(Original, Body(2) + Alpha1, tooBig), 2, "alpha1: x is not below q");
    }

    [Fact]
    public void Points_off_their_curve_are_refused()
    {
        foreach (var (section, size, name, problem) in new[]
        {
            (3, 64, "IC", "is not on the curve y² = x³ + 3"),
            (5, 64, "A", "is not on the curve y² = x³ + 3"),
            (6, 64, "B1", "is not on the curve y² = x³ + 3"),
            (7, 128, "B2", "is not on the twist curve y² = x³ + 3/(9+u)"),
            (8, 64, "C", "is not on the curve y² = x³ + 3"),
            (9, 64, "H", "is not on the curve y² = x³ + 3"),
        })
        {
            int index = FirstNonIdentity(section, size);
            var moved = (byte[])Original.Clone();
            moved[Body(section) + index * size + size / 2] ^= 0x01;
            Refused(moved, section, $"{name}[{index}]: {problem}");
        }
        var alpha = (byte[])Original.Clone();
        alpha[Body(2) + Alpha1 + 32] ^= 0x01;
        Refused(alpha, 2, "alpha1: is not on the curve");
    }

    [Fact]
    public void Header_points_must_be_in_G2_and_not_at_infinity()
    {
        var outside = TamperedProofTests.TwistPointOutsideG2();
        var bytes = new byte[128];
        outside.X.C0.WriteMontgomeryBytes(bytes.AsSpan(0, 32));
        outside.X.C1.WriteMontgomeryBytes(bytes.AsSpan(32, 32));
        outside.Y.C0.WriteMontgomeryBytes(bytes.AsSpan(64, 32));
        outside.Y.C1.WriteMontgomeryBytes(bytes.AsSpan(96, 32));
        Refused(Patch(Original, Body(2) + Delta2, bytes), 2, "delta2: is on the twist curve but not in the order-r subgroup G2");
        Refused(Patch(Original, Body(2) + Alpha1, new byte[64]), 2, "alpha1: is the point at infinity");
    }

    [Fact]
    public void Infinity_is_accepted_in_the_bulk_sections()
    {
        var key = ZkeyFile.Read(new MemoryStream(Patch(Original, Body(5) + 64, new byte[64])), "zero.zkey");
        Assert.True(key.A.Span[1].IsIdentity);
    }

    private static int FirstNonIdentity(int section, int size)
    {
        for (int i = 0; ; i++)
        {
            if (Original.AsSpan(Body(section) + i * size, size).ContainsAnyExcept((byte)0))
            {
                return i;
            }
        }
    }
}
