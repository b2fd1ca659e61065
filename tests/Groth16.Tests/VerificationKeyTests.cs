using System.Text;
using System.Text.Json.Nodes;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests;

public class VerificationKeyTests
{
    private static ProofFormatException Refuse(Action<JsonNode> change)
    {
        var key = JsonNode.Parse(Vectors.Read("multi", "verification_key.json"))!;
        change(key);
        var e = Assert.Throws<ProofFormatException>(() => VerificationKey.Parse(Encoding.UTF8.GetBytes(key.ToJsonString())));
        Assert.Equal(ProofDocument.VerificationKey, e.Document);
        return e;
    }

    [Fact]
    public void Keys_of_every_vector_load_with_their_public_signal_count()
    {
        Assert.Equal(5, VerificationKey.Parse(Vectors.Read("multi", "verification_key.json")).PublicSignalCount);
        Assert.Equal(4, VerificationKey.Parse(Vectors.Read("poseidon", "verification_key.json")).PublicSignalCount);
        Assert.Equal(0, VerificationKey.Parse(Vectors.Read("nopublic", "verification_key.json")).PublicSignalCount);
    }

    [Fact]
    public void Bad_keys_are_refused_with_the_field_named()
    {
        Assert.Equal("$.protocol", Refuse(k => k["protocol"] = "plonk").Path);
        Assert.Equal("$.curve", Refuse(k => k["curve"] = "bls12381").Path);
        Assert.Equal("$.nPublic", Refuse(k => k["nPublic"] = "5").Path);
        Assert.Equal("$.IC", Refuse(k => k["nPublic"] = 4).Path);
        Assert.Equal("$.vk_alpha_1", Refuse(k => k["vk_alpha_1"]![1] = "3").Path);
        Assert.Equal("$.vk_delta_2[0][0]", Refuse(k => k["vk_delta_2"]![0]![0] = "x").Path);
        Assert.Equal("$.vk_alphabeta_12", Refuse(k => k["vk_alphabeta_12"]![0]![0]![0] = "5").Path);
        Assert.Equal("$.vk_gamma_2", Refuse(k => k["vk_gamma_2"] = new JsonArray(new JsonArray("0", "0"), new JsonArray("1", "0"), new JsonArray("0", "0"))).Path);
        var outside = TamperedProofTests.TwistPointOutsideG2();
        var e = Refuse(k => k["vk_beta_2"] = new JsonArray(
            new JsonArray(outside.X.C0.ToString(), outside.X.C1.ToString()),
            new JsonArray(outside.Y.C0.ToString(), outside.Y.C1.ToString()),
            new JsonArray("1", "0")));
        Assert.Contains("not in the order-r subgroup", e.Message);
    }

    [Fact]
    public void Curve_aliases_are_accepted_as_snarkjs_accepts_them()
    {
        var key = JsonNode.Parse(Vectors.Read("multi", "verification_key.json"))!;
        key["curve"] = "alt_BN-128";
        Assert.Equal(5, VerificationKey.Parse(Encoding.UTF8.GetBytes(key.ToJsonString())).PublicSignalCount);
    }
}
