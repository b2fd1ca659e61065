using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Proving;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests;

/// <summary>
/// Batch verification gives, item by item and reasons included, exactly the outcomes of the single verifier,
/// for the committed snarkjs proofs, proofs made by our prover, and every kind of tampering.
/// </summary>
public class BatchVerifierTests
{
    private static readonly Groth16ProofSystem ProofSystem = new();

    private static readonly Dictionary<string, Lazy<Groth16Prover>> Provers = Vectors.Circuits.ToDictionary(
        c => c, c => new Lazy<Groth16Prover>(() => new Groth16Prover(ZkeyFile.Read(Path.Combine(Vectors.Directory(c), "circuit.zkey")))));

    private static IVerificationKey Key(string circuit) => ProofSystem.LoadVerificationKey(Vectors.Read(circuit, "verification_key.json"));

    private static ProofToVerify Item(JsonNode publicSignals, JsonNode proof) =>
        new(Encoding.UTF8.GetBytes(publicSignals.ToJsonString()), Encoding.UTF8.GetBytes(proof.ToJsonString()));

    private static ProofToVerify Item(string publicSignals, string proof) => new(Encoding.UTF8.GetBytes(publicSignals), Encoding.UTF8.GetBytes(proof));

    private static JsonNode Load(string circuit, string file) => JsonNode.Parse(Vectors.Read(circuit, file))!;

    private static string Bump(string decimalText, BigInteger modulus) => ((BigInteger.Parse(decimalText) + 1) % modulus).ToString();

    /// <summary>count valid proofs of the circuit: the two snarkjs vectors, then fresh proofs of our prover.</summary>
    private static List<ProofToVerify> ValidProofs(string circuit, int count)
    {
        var items = new List<ProofToVerify>();
        foreach (var suffix in new[] { "", "2" }.Take(count))
        {
            items.Add(new ProofToVerify(Vectors.Read(circuit, $"public{suffix}.json"), Vectors.Read(circuit, $"proof{suffix}.json")));
        }
        var prover = Provers[circuit].Value;
        for (int i = items.Count; i < count; i++)
        {
            var witness = WtnsFile.Read(Path.Combine(Vectors.Directory(circuit), i % 2 == 0 ? "witness.wtns" : "witness2.wtns"));
            var (proof, signals) = prover.Prove(witness);
            items.Add(Item(PublicSignals.ToJson(signals), proof.ToJson()));
        }
        return items;
    }

    /// <summary>What the single verifier says, with an unreadable document as the contract's invalid outcome.</summary>
    private static VerificationOutcome Single(IVerificationKey key, ProofToVerify item)
    {
        try
        {
            return ProofSystem.Verify(key, item.PublicSignalsJson.Span, item.ProofJson.Span);
        }
        catch (ProofFormatException e)
        {
            return VerificationOutcome.Invalid(e.Message);
        }
    }

    /// <summary>Runs the batch and asserts it agrees with the single verifier on every item; returns the outcomes.</summary>
    private static IReadOnlyList<VerificationOutcome> AssertAgrees(string circuit, IReadOnlyList<ProofToVerify> items)
    {
        var key = Key(circuit);
        var batch = ProofSystem.VerifyBatch(key, items);
        Assert.Equal(items.Count, batch.Count);
        for (int i = 0; i < items.Count; i++)
        {
            Assert.Equal(Single(key, items[i]), batch[i]);
        }
        return batch;
    }

    public static TheoryData<string, int> ValidBatches()
    {
        var data = new TheoryData<string, int>();
        foreach (var circuit in new[] { "multi", "poseidon", "nopublic" })
        {
            foreach (var size in new[] { 1, 2, 17 })
            {
                data.Add(circuit, size);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidBatches))]
    public void Batches_of_valid_proofs_are_all_valid(string circuit, int size)
    {
        var outcomes = AssertAgrees(circuit, ValidProofs(circuit, size));
        Assert.All(outcomes, o => Assert.Equal(VerificationOutcome.Valid, o));
    }

    [Fact]
    public void An_empty_batch_gives_an_empty_result() => Assert.Empty(ProofSystem.VerifyBatch(Key("multi"), []));

    [Fact]
    public void A_key_of_another_proof_system_is_refused() =>
        Assert.Throws<ArgumentException>(() => ProofSystem.VerifyBatch(new ForeignKey(), ValidProofs("multi", 1)));

    private sealed class ForeignKey : IVerificationKey
    {
        public int PublicSignalCount => 5;
    }

    /// <summary>One way to spoil the proof at position 0 of the multi vectors (public.json, proof.json).</summary>
    public static TheoryData<string> Tamperings() =>
    [
        "changed signal", "swapped proof", "changed A coordinate", "changed B coordinate", "other point A",
        "identity C", "identity B", "B outside G2", "malformed proof JSON", "malformed public JSON",
        "signals not an array", "extra signal", "missing signal", "non-canonical signal", "numeric signal",
        "wrong protocol", "missing pi_c",
    ];

    private static ProofToVerify Tampered(string how)
    {
        var signals = Load("multi", "public.json");
        var proof = Load("multi", "proof.json");
        switch (how)
        {
            case "changed signal":
                signals[3] = Bump(signals[3]!.GetValue<string>(), Fr.Modulus);
                break;
            case "swapped proof":
                proof = Load("multi", "proof2.json");
                break;
            case "changed A coordinate":
                proof["pi_a"]![1] = Bump(proof["pi_a"]![1]!.GetValue<string>(), Fp.Modulus);
                break;
            case "changed B coordinate":
                proof["pi_b"]![0]![1] = Bump(proof["pi_b"]![0]![1]!.GetValue<string>(), Fp.Modulus);
                break;
            case "other point A":
                var a = new G1Affine(Fp.Parse(proof["pi_a"]![0]!.GetValue<string>()), Fp.Parse(proof["pi_a"]![1]!.GetValue<string>()));
                var doubled = a.ToJacobian().Double().ToAffine();
                proof["pi_a"] = new JsonArray(doubled.X.ToString(), doubled.Y.ToString(), "1");
                break;
            case "identity C":
                proof["pi_c"] = new JsonArray("0", "1", "0");
                break;
            case "identity B":
                proof["pi_b"] = new JsonArray(new JsonArray("0", "0"), new JsonArray("1", "0"), new JsonArray("0", "0"));
                break;
            case "B outside G2":
                var outside = TamperedProofTests.TwistPointOutsideG2();
                proof["pi_b"] = new JsonArray(
                    new JsonArray(outside.X.C0.ToString(), outside.X.C1.ToString()),
                    new JsonArray(outside.Y.C0.ToString(), outside.Y.C1.ToString()),
                    new JsonArray("1", "0"));
                break;
            case "malformed proof JSON":
                return Item(signals.ToJsonString(), "{\"pi_a\": [");
            case "malformed public JSON":
                return Item("[\"1\",", proof.ToJsonString());
            case "signals not an array":
                return Item("{\"a\":1}", proof.ToJsonString());
            case "extra signal":
                signals.AsArray().Add("0");
                break;
            case "missing signal":
                signals.AsArray().RemoveAt(4);
                break;
            case "non-canonical signal":
                signals[2] = "01";
                break;
            case "numeric signal":
                signals[0] = 7;
                break;
            case "wrong protocol":
                proof["protocol"] = "plonk";
                break;
            case "missing pi_c":
                proof.AsObject().Remove("pi_c");
                break;
            default:
                throw new ArgumentException(how);
        }
        return Item(signals, proof);
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void One_tampered_proof_among_valid_ones_gets_exactly_its_single_outcome(string how)
    {
        foreach (int position in new[] { 0, 4, 7 })
        {
            var items = ValidProofs("multi", 7);
            items.Insert(position, Tampered(how));
            var outcomes = AssertAgrees("multi", items);
            Assert.False(outcomes[position].IsValid, how);
            Assert.Equal(items.Count - 1, outcomes.Count(o => o.IsValid));
        }
    }

    [Fact]
    public void Several_invalid_proofs_in_one_batch_each_get_their_own_outcome()
    {
        var items = ValidProofs("multi", 17);
        var spoiled = new Dictionary<int, string>
        {
            [0] = "changed signal", [3] = "other point A", [4] = "swapped proof", [9] = "malformed proof JSON",
            [10] = "B outside G2", [15] = "changed signal", [16] = "extra signal",
        };
        foreach (var (at, how) in spoiled)
        {
            items[at] = Tampered(how);
        }
        var outcomes = AssertAgrees("multi", items);
        for (int i = 0; i < items.Count; i++)
        {
            Assert.Equal(!spoiled.ContainsKey(i), outcomes[i].IsValid);
        }
    }

    [Fact]
    public void A_batch_where_every_proof_fails_the_pairing_equation_is_all_invalid()
    {
        var items = ValidProofs("poseidon", 9).Select(item =>
        {
            var signals = JsonNode.Parse(item.PublicSignalsJson.Span)!;
            signals[0] = Bump(signals[0]!.GetValue<string>(), Fr.Modulus);
            return Item(signals, JsonNode.Parse(item.ProofJson.Span)!);
        }).ToList();
        var outcomes = AssertAgrees("poseidon", items);
        Assert.All(outcomes, o => Assert.Contains("pairing equation", o.Reason));
    }

    /// <summary>
    /// Two wrong proofs made from one valid (A, B, C): (A, B, C + T) and (A, B, C − T). Their defects are
    /// e(T, δ)⁻¹ and e(T, δ), inverse to each other, so the plain product of the two equations (all weights 1,
    /// or any fixed weights an attacker can anticipate, adjusting T's multiples) equals 1 and a naive batch
    /// would accept both. With secret random weights the product is e(T, δ)^(r₂ − r₁), which is 1 only when
    /// r₁ = r₂: probability 2⁻¹²⁸. The attacker fixes the proofs before the weights are drawn and cannot aim.
    /// </summary>
    [Fact]
    public void Two_invalid_proofs_that_cancel_under_fixed_weights_are_both_refused()
    {
        var key = VerificationKey.Parse(Vectors.Read("multi", "verification_key.json"));
        var text = Groth16Proof.ReadText(Vectors.Read("multi", "proof.json"));
        Assert.True(Groth16Proof.TryDecode(text, out var proof, out _));
        Assert.True(PublicSignals.TryDecode(PublicSignals.ReadText(Vectors.Read("multi", "public.json")), key.PublicSignalCount, out var signals, out _));

        var t = G1Affine.Generator.ToJacobian().Multiply(new BigInteger(987654321)).ToAffine();
        var plus = proof with { C = (proof.C.ToJacobian() + t).ToAffine() };
        var minus = proof with { C = (proof.C.ToJacobian() - t.ToJacobian()).ToAffine() };
        Assert.False(Groth16Verifier.Verify(key, signals, plus).IsValid);
        Assert.False(Groth16Verifier.Verify(key, signals, minus).IsValid);

        Fr[][] pairSignals = [signals, signals];
        Groth16Proof[] pair = [plus, minus];
        Assert.True(Groth16BatchVerifier.CombinedEquationHolds(key, pairSignals, pair, [Fr.One, Fr.One]));
        Assert.True(Groth16BatchVerifier.CombinedEquationHolds(key, pairSignals, pair, [Fr.FromUInt64(5), Fr.FromUInt64(5)]));
        Assert.False(Groth16BatchVerifier.CombinedEquationHolds(key, pairSignals, pair, [Fr.FromUInt64(5), Fr.FromUInt64(6)]));

        var items = ValidProofs("multi", 4);
        items.Insert(1, Item(PublicSignals.ToJson(signals), plus.ToJson()));
        items.Insert(3, Item(PublicSignals.ToJson(signals), minus.ToJson()));
        var outcomes = AssertAgrees("multi", items);
        Assert.Equal([true, false, true, false, true, true], outcomes.Select(o => o.IsValid));
    }

    [Fact]
    public void The_combined_equation_holds_for_valid_proofs_under_any_weights()
    {
        var key = VerificationKey.Parse(Vectors.Read("poseidon", "verification_key.json"));
        var prover = Provers["poseidon"].Value;
        var made = Enumerable.Range(0, 3).Select(_ => prover.Prove(WtnsFile.Read(Path.Combine(Vectors.Directory("poseidon"), "witness2.wtns")))).ToArray();
        Fr[] weights = [Fr.One, -Fr.One, Fr.Parse("340282366920938463463374607431768211455")];
        Assert.True(Groth16BatchVerifier.CombinedEquationHolds(key, made.Select(m => m.PublicSignals).ToArray(), made.Select(m => m.Proof).ToArray(), weights));
    }
}
