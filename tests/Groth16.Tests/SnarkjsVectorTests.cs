using CredentialHub.Bn254.Curves;

namespace CredentialHub.Groth16.Tests;

public class SnarkjsVectorTests
{
    public static TheoryData<string, string> Proofs() => Vectors.CircuitsAndInputs();

    [Theory]
    [MemberData(nameof(Proofs))]
    public void Every_snarkjs_proof_verifies(string circuit, string suffix)
    {
        var key = VerificationKey.Parse(Vectors.Read(circuit, "verification_key.json"));
        var outcome = Groth16Verifier.Verify(key, Vectors.Read(circuit, $"public{suffix}.json"), Vectors.Read(circuit, $"proof{suffix}.json"));
        Assert.True(outcome.IsValid, outcome.Reason);
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void Pairing_of_alpha_and_beta_equals_vk_alphabeta_12(string circuit)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(Vectors.Read(circuit, "verification_key.json"));
        var stated = VerificationKey.ParseFp12(doc.RootElement.GetProperty("vk_alphabeta_12"), "$.vk_alphabeta_12");
        var key = VerificationKey.Parse(Vectors.Read(circuit, "verification_key.json"));
        Assert.Equal(stated, Pairing.Pair(key.Alpha1, key.Beta2));
    }
}
