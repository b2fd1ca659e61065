using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Ceremony;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// The ceremony's building blocks against values computed by ffjavascript 0.2.63 and snarkjs 0.7.6 in node
/// (vectors/ceremony-vectors.json, made by vectors/generate.mjs): the ChaCha generator, field elements and points drawn
/// from it, hash to G2, BLAKE2b-512 (whole and incremental) and the beacon's generator.
/// </summary>
public sealed class CeremonyVectorTests
{
    private static readonly JsonNode Vectors = JsonNode.Parse(File.ReadAllText(
        Repository.Path("tests", "Groth16.Tests", "Ceremony", "vectors", "ceremony-vectors.json")))!;

    private static uint[] Seed(JsonNode node) => [.. node["seed"]!.AsArray().Select(w => w!.GetValue<uint>())];

    private static G1Affine G1(JsonNode node) =>
        new(Fp.FromBigInteger(BigInteger.Parse(node[0]!.GetValue<string>())), Fp.FromBigInteger(BigInteger.Parse(node[1]!.GetValue<string>())));

    private static Fp2 Fp2Of(JsonNode node) =>
        new(Fp.FromBigInteger(BigInteger.Parse(node[0]!.GetValue<string>())), Fp.FromBigInteger(BigInteger.Parse(node[1]!.GetValue<string>())));

    private static G2Affine G2(JsonNode node) => new(Fp2Of(node[0]!), Fp2Of(node[1]!));

    [Fact]
    public void ChaCha_gives_ffjavascripts_words_across_blocks()
    {
        foreach (var vector in Vectors["chacha"]!.AsArray())
        {
            var rng = new ChaChaRng(Seed(vector!));
            uint[] expected = [.. vector!["words"]!.AsArray().Select(w => w!.GetValue<uint>())];
            Assert.Equal(expected, expected.Select(_ => rng.NextU32()));
        }
    }

    [Fact]
    public void Field_elements_and_points_are_drawn_as_ffjavascript_draws_them()
    {
        foreach (var vector in Vectors["fr"]!.AsArray())
        {
            var rng = new ChaChaRng(Seed(vector!));
            foreach (var value in vector!["values"]!.AsArray())
            {
                Assert.Equal(value!.GetValue<string>(), RngSampling.NextFr(rng).ToString());
            }
        }
        foreach (var vector in Vectors["g1"]!.AsArray())
        {
            var rng = new ChaChaRng(Seed(vector!));
            foreach (var point in vector!["points"]!.AsArray())
            {
                Assert.Equal(G1(point!), RngSampling.NextG1(rng));
            }
        }
        foreach (var vector in Vectors["g2"]!.AsArray())
        {
            var drawn = RngSampling.NextG2(new ChaChaRng(Seed(vector!))).ToAffine();
            Assert.Equal(G2(vector!["point"]!), drawn);
            Assert.True(drawn.IsInSubgroup);
        }
    }

    [Fact]
    public void Blake2b512_whole_and_incremental_equals_noble_hashes()
    {
        foreach (var vector in Vectors["blake2b"]!.AsArray())
        {
            byte[] text = Encoding.UTF8.GetBytes(vector!["text"]!.GetValue<string>());
            string expected = vector!["hash"]!.GetValue<string>();
            Assert.Equal(expected, Convert.ToHexStringLower(Blake2b512.Of(text)));
            using var incremental = new Blake2b512();
            for (int at = 0; at < text.Length; at += 7)
            {
                incremental.Update(text.AsSpan(at, Math.Min(7, text.Length - at)));
            }
            Assert.Equal(expected, Convert.ToHexStringLower(incremental.Finish()));
        }
    }

    [Fact]
    public void Hash_to_G2_equals_snarkjs()
    {
        foreach (var vector in Vectors["hashToG2"]!.AsArray())
        {
            var point = HashToG2.Hash(Convert.FromHexString(vector!["hash"]!.GetValue<string>()));
            Assert.Equal(G2(vector!["point"]!), point);
        }
    }

    [Fact]
    public void The_beacon_generator_equals_snarkjs_rngFromBeaconParams()
    {
        foreach (var vector in Vectors["beacon"]!.AsArray())
        {
            var rng = ContributionRandomness.FromBeacon(Convert.FromHexString(vector!["beaconHash"]!.GetValue<string>()), vector!["exponent"]!.GetValue<int>(), CancellationToken.None);
            uint[] expected = [.. vector!["words"]!.AsArray().Select(w => w!.GetValue<uint>())];
            Assert.Equal(expected, expected.Select(_ => rng.NextU32()));
            Assert.Equal(vector!["secret"]!.GetValue<string>(), RngSampling.NextFr(rng).ToString());
        }
    }

    [Fact]
    public void Scaling_many_points_equals_one_by_one_multiplication_including_the_identity()
    {
        var scalar = Fr.FromBigInteger(BigInteger.Parse("12345678901234567890123456789012345678901234567890123456789"));
        var points = new G1Affine[1500];
        var p = G1Jacobian.Generator;
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = i == 7 ? G1Affine.Identity : p.ToAffine();
            p = p.Double() + G1Affine.Generator;
        }
        var scaled = new G1Affine[points.Length];
        new G1Scaling(scalar).MultiplyAll(points, scaled, points.Length, CancellationToken.None);
        for (int i = 0; i < points.Length; i += 37)
        {
            Assert.Equal(points[i].Multiply(scalar.ToBigInteger()).ToAffine(), scaled[i]);
        }
        Assert.True(scaled[7].IsIdentity);
        Assert.Equal(points[^1].Multiply(scalar.ToBigInteger()).ToAffine(), scaled[^1]);
    }

    [Fact]
    public void The_GLV_split_recombines_to_the_scalar_with_halves_of_at_most_128_bits()
    {
        var random = new Random(19);
        Assert.Equal(BigInteger.One, BigInteger.ModPow(Glv.Lambda, 3, Fr.Modulus));
        for (int i = 0; i < 200; i++)
        {
            byte[] bytes = new byte[32];
            random.NextBytes(bytes);
            BigInteger k = new BigInteger(bytes, isUnsigned: true) % Fr.Modulus;
            var (k1, k2) = Glv.Split(k);
            Assert.Equal(k, ((k1 + k2 * Glv.Lambda) % Fr.Modulus + Fr.Modulus) % Fr.Modulus);
            Assert.True(BigInteger.Abs(k1).GetBitLength() <= 128 && BigInteger.Abs(k2).GetBitLength() <= 128, $"k = {k}: k1 = {k1}, k2 = {k2}");
            if (i < 20)
            {
                var point = G1Affine.Generator.Multiply(i + 1).ToAffine();
                Assert.Equal(point.Multiply(k).ToAffine(), new G1Scaling(Fr.FromBigInteger(k)).Multiply(point).ToAffine());
            }
        }
    }

    [Fact]
    public void Products_of_points_by_scalars_of_their_own_match_plain_multiplication()
    {
        // Scalars of every length the products are sorted by (0, ±1, small positive and negative, around 2^63, full size,
        // so that blocks mix lengths and GLV-split and unsplit scalars); among the points the identity and repeats.
        var random = new Random(23);
        var scalars = new List<Fr> { Fr.Zero, Fr.One, -Fr.One, Fr.FromUInt64(2), -Fr.FromUInt64(3), Fr.FromUInt64(15), -Fr.FromUInt64(16) };
        for (int i = 0; i < 600; i++)
        {
            byte[] bytes = new byte[32];
            random.NextBytes(bytes);
            BigInteger k = new BigInteger(bytes, isUnsigned: true) % Fr.Modulus;
            int bits = (i % 5) switch { 0 => 8, 1 => 40, 2 => 63, 3 => 64, _ => 256 };
            k %= BigInteger.One << bits;
            var scalar = Fr.FromBigInteger(k);
            scalars.Add(i % 2 == 0 ? scalar : -scalar);
        }
        var points = new G1Affine[scalars.Count];
        var p = G1Affine.Generator.ToJacobian();
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = i == 11 ? G1Affine.Identity : i % 50 == 3 ? points[i - 1] : p.ToAffine();
            p = p.Double() + G1Affine.Generator;
        }

        var products = G1Products.Multiply(points, [.. scalars], CancellationToken.None);

        for (int i = 0; i < points.Length; i++)
        {
            Assert.Equal(points[i].Multiply(scalars[i].ToBigInteger()).ToAffine(), products[i]);
        }
        Assert.True(products[0].IsIdentity);
        Assert.True(products[11].IsIdentity);
    }

    [Fact]
    public void Hashes_are_formatted_as_snarkjs_formatHash()
    {
        string hex = string.Concat(Enumerable.Range(0, 64).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(
            "Contribution Hash: \n\t\t00010203 04050607 08090a0b 0c0d0e0f\n\t\t10111213 14151617 18191a1b 1c1d1e1f\n\t\t20212223 24252627 28292a2b 2c2d2e2f\n\t\t30313233 34353637 38393a3b 3c3d3e3f",
            ProofSystems.Contracts.ContributionRecord.FormatHash(hex, "Contribution Hash: "));
    }
}
