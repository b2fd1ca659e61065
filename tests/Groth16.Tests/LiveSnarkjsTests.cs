using System.Text.Json.Nodes;

namespace CredentialHub.Groth16.Tests;

/// <summary>
/// Runs the real snarkjs (npm, pinned in package.json) from scratch — fresh powers of tau, setup,
/// witness and proof — and checks that our verifier agrees with it both ways. Needs `npm ci`.
/// </summary>
public class LiveSnarkjsTests
{
    [Fact]
    public async Task A_fresh_snarkjs_proof_verifies_and_a_tampered_one_does_not()
    {
        using var output = new TemporaryDirectory("credentialhub-live-");
        string outDir = output.Path;
        string script = Repository.Path("tests", "Groth16.Tests", "interop", "snarkjs-live.sh");
        var run = await ExternalProcess.RunAsync("bash", [script, outDir], timeout: TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, $"snarkjs-live.sh failed ({run.ExitCode}): {run.Output}");

        byte[] Read(string file) => File.ReadAllBytes(Path.Combine(outDir, file));
        var key = VerificationKey.Parse(Read("verification_key.json"));
        var outcome = Groth16Verifier.Verify(key, Read("public.json"), Read("proof.json"));
        Assert.True(outcome.IsValid, outcome.Reason);

        var signals = JsonNode.Parse(Read("public.json"))!.AsArray();
        signals[0] = signals[0]!.GetValue<string>() == "1" ? "2" : "1";
        Assert.False(Groth16Verifier.Verify(key, System.Text.Encoding.UTF8.GetBytes(signals.ToJsonString()), Read("proof.json")).IsValid);
    }
}
