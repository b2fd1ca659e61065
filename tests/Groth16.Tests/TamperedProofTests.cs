using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests;

/// <summary>Every change to a genuine snarkjs proof, its public signals or its pairing with a key must be refused.</summary>
public class TamperedProofTests
{
    private static VerificationOutcome Verify(string keyCircuit, JsonNode publicSignals, JsonNode proof) =>
        Groth16Verifier.Verify(
            VerificationKey.Parse(Vectors.Read(keyCircuit, "verification_key.json")),
            Encoding.UTF8.GetBytes(publicSignals.ToJsonString()),
            Encoding.UTF8.GetBytes(proof.ToJsonString()));

    private static JsonNode Load(string circuit, string file) => JsonNode.Parse(Vectors.Read(circuit, file))!;

    private static string Bump(string decimalText, BigInteger modulus) => ((BigInteger.Parse(decimalText) + 1) % modulus).ToString();

    public static TheoryData<string> CoordinatePaths() =>
    [
        "pi_a/0", "pi_a/1", "pi_c/0", "pi_c/1",
        "pi_b/0/0", "pi_b/0/1", "pi_b/1/0", "pi_b/1/1",
    ];

    [Theory]
    [MemberData(nameof(CoordinatePaths))]
    public void Any_single_changed_coordinate_is_refused(string path)
    {
        foreach (var circuit in new[] { "multi", "poseidon" })
        {
            var proof = Load(circuit, "proof.json");
            JsonNode node = proof;
            var parts = path.Split('/');
            foreach (var part in parts[..^1])
            {
                node = int.TryParse(part, out int i) ? node[i]! : node[part]!;
            }
            var array = node.AsArray();
            int last = int.Parse(parts[^1]);
            array[last] = Bump(array[last]!.GetValue<string>(), Fp.Modulus);
            var outcome = Verify(circuit, Load(circuit, "public.json"), proof);
            Assert.False(outcome.IsValid, $"{circuit} {path}");
            Assert.Contains("not on the", outcome.Reason);
        }
    }

    [Fact]
    public void A_different_point_on_the_curve_fails_the_pairing_equation()
    {
        var proof = Load("multi", "proof.json");
        var a = new G1Affine(Fp.Parse(proof["pi_a"]![0]!.GetValue<string>()), Fp.Parse(proof["pi_a"]![1]!.GetValue<string>()));
        var doubled = a.ToJacobian().Double().ToAffine();
        proof["pi_a"] = new JsonArray(doubled.X.ToString(), doubled.Y.ToString(), "1");
        var outcome = Verify("multi", Load("multi", "public.json"), proof);
        Assert.False(outcome.IsValid);
        Assert.Contains("pairing equation", outcome.Reason);
    }

    [Fact]
    public void Any_changed_public_signal_is_refused()
    {
        foreach (var circuit in new[] { "multi", "poseidon" })
        {
            var count = Load(circuit, "public.json").AsArray().Count;
            for (int i = 0; i < count; i++)
            {
                var signals = Load(circuit, "public.json").AsArray();
                signals[i] = Bump(signals[i]!.GetValue<string>(), Fr.Modulus);
                var outcome = Verify(circuit, signals, Load(circuit, "proof.json"));
                Assert.False(outcome.IsValid, $"{circuit} signal {i}");
                Assert.Contains("pairing equation", outcome.Reason);
            }
        }
    }

    [Fact]
    public void Proofs_swapped_between_proofs_and_circuits_are_refused()
    {
        Assert.False(Verify("multi", Load("multi", "public.json"), Load("multi", "proof2.json")).IsValid);
        Assert.False(Verify("multi", Load("multi", "public2.json"), Load("multi", "proof.json")).IsValid);
        Assert.False(Verify("multi", Load("poseidon", "public.json"), Load("poseidon", "proof.json")).IsValid);
        Assert.False(Verify("poseidon", Load("poseidon", "public.json"), Load("multi", "proof.json")).IsValid);
        Assert.False(Verify("nopublic", Load("nopublic", "public.json"), Load("multi", "proof.json")).IsValid);
        var fourOfMulti = new JsonArray(Load("multi", "public.json").AsArray().Take(4).Select(n => (JsonNode?)n!.DeepClone()).ToArray());
        var swapped = Verify("poseidon", fourOfMulti, Load("multi", "proof.json"));
        Assert.False(swapped.IsValid);
        Assert.Contains("pairing equation", swapped.Reason);
    }

    [Fact]
    public void Extra_or_missing_public_signals_are_refused()
    {
        var extra = Load("multi", "public.json").AsArray();
        extra.Add("0");
        var outcome = Verify("multi", extra, Load("multi", "proof.json"));
        Assert.False(outcome.IsValid);
        Assert.Contains("expects 5 public signals, public.json has 6", outcome.Reason);

        var missing = Load("multi", "public.json").AsArray();
        missing.RemoveAt(4);
        Assert.Contains("has 4", Verify("multi", missing, Load("multi", "proof.json")).Reason);

        Assert.Contains("has 1", Verify("nopublic", new JsonArray("0"), Load("nopublic", "proof.json")).Reason);
    }

    [Theory]
    [InlineData("0x1")]
    [InlineData("01")]
    [InlineData("-1")]
    [InlineData(" 1")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData("21888242871839275222246405745257275088548364400416034343698204186575808495617")]
    public void Public_signals_must_be_canonical_decimals_below_r(string text)
    {
        var signals = Load("multi", "public.json").AsArray();
        signals[2] = text;
        var outcome = Verify("multi", signals, Load("multi", "proof.json"));
        Assert.False(outcome.IsValid);
        Assert.Equal("public signal $[2] is not a canonical decimal below r", outcome.Reason);
    }

    [Fact]
    public void A_public_signal_given_as_a_json_number_is_refused()
    {
        var signals = Load("nopublic", "public.json").AsArray();
        Assert.Empty(signals);
        var multi = Load("multi", "public.json").AsArray();
        multi[0] = 7;
        Assert.Equal("public signal $[0] is a number, not a decimal string", Verify("multi", multi, Load("multi", "proof.json")).Reason);
    }

    [Fact]
    public void A_G2_point_on_the_twist_but_outside_the_subgroup_is_refused()
    {
        G2Affine outside = TwistPointOutsideG2();
        var proof = Load("multi", "proof.json");
        proof["pi_b"] = new JsonArray(
            new JsonArray(outside.X.C0.ToString(), outside.X.C1.ToString()),
            new JsonArray(outside.Y.C0.ToString(), outside.Y.C1.ToString()),
            new JsonArray("1", "0"));
        var outcome = Verify("multi", Load("multi", "public.json"), proof);
        Assert.False(outcome.IsValid);
        Assert.Equal("proof $.pi_b is on the twist curve but not in the order-r subgroup G2", outcome.Reason);
    }

    internal static G2Affine TwistPointOutsideG2()
    {
        for (ulong i = 1; ; i++)
        {
            var x = new Fp2(Fp.FromUInt64(i), Fp.One);
            if ((x.Square() * x + G2Affine.B).TrySqrt(out var y))
            {
                var point = new G2Affine(x, y);
                Assert.True(point.IsOnCurve);
                if (!point.IsInSubgroupReference)
                {
                    return point;
                }
            }
        }
    }

    [Theory]
    [InlineData("pi_a")]
    [InlineData("pi_c")]
    public void The_identity_is_refused_for_proof_points(string name)
    {
        var proof = Load("multi", "proof.json");
        proof[name] = new JsonArray("0", "1", "0");
        var outcome = Verify("multi", Load("multi", "public.json"), proof);
        Assert.Equal($"proof $.{name} is the point at infinity", outcome.Reason);

        var withB = Load("multi", "proof.json");
        withB["pi_b"] = new JsonArray(new JsonArray("0", "0"), new JsonArray("1", "0"), new JsonArray("0", "0"));
        Assert.Equal("proof $.pi_b is the point at infinity", Verify("multi", Load("multi", "public.json"), withB).Reason);
    }

    [Fact]
    public void A_rapidsnark_proof_without_curve_verifies_and_a_wrong_protocol_does_not()
    {
        var proof = Load("poseidon", "proof.json").AsObject();
        proof.Remove("curve");
        Assert.True(Verify("poseidon", Load("poseidon", "public.json"), proof).IsValid);
        proof["protocol"] = "plonk";
        Assert.Equal("proof $.protocol is 'plonk', not 'groth16'", Verify("poseidon", Load("poseidon", "public.json"), proof).Reason);
    }

    [Fact]
    public void Jacobian_coordinates_are_read_as_snarkjs_reads_them()
    {
        var proof = Load("multi", "proof.json");
        var lambda = Fp.FromUInt64(12345);
        var x = Fp.Parse(proof["pi_a"]![0]!.GetValue<string>()) * lambda.Square();
        var y = Fp.Parse(proof["pi_a"]![1]!.GetValue<string>()) * lambda.Square() * lambda;
        proof["pi_a"] = new JsonArray(x.ToString(), y.ToString(), lambda.ToString());
        Assert.True(Verify("multi", Load("multi", "public.json"), proof).IsValid);
    }

    [Theory]
    [InlineData("{}", "$.pi_a")]
    [InlineData("[]", "$")]
    [InlineData("{\"pi_a\": [\"1\", \"2\"]}", "$.pi_a")]
    [InlineData("{\"pi_a\": [\"1\", \"2\", 1]}", "$.pi_a[2]")]
    [InlineData("not json", "$")]
    public void Unreadable_proofs_name_the_field(string json, string path)
    {
        var key = VerificationKey.Parse(Vectors.Read("multi", "verification_key.json"));
        var e = Assert.Throws<ProofFormatException>(() => Groth16Verifier.Verify(key, Vectors.Read("multi", "public.json"), Encoding.UTF8.GetBytes(json)));
        Assert.Equal(ProofDocument.Proof, e.Document);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Public_signals_that_are_not_an_array_are_unreadable()
    {
        var key = VerificationKey.Parse(Vectors.Read("multi", "verification_key.json"));
        var e = Assert.Throws<ProofFormatException>(() => Groth16Verifier.Verify(key, "{\"a\":1}"u8, Vectors.Read("multi", "proof.json")));
        Assert.Equal(ProofDocument.PublicSignals, e.Document);
    }
}
