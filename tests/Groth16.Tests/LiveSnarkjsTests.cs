using System.Diagnostics;
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
        string outDir = Path.Combine(Path.GetTempPath(), "credentialhub-live-" + Guid.NewGuid().ToString("N"));
        try
        {
            string script = Path.Combine(Vectors.RepositoryRoot, "tests", "Groth16.Tests", "interop", "snarkjs-live.sh");
            var start = new ProcessStartInfo("bash", [script, outDir]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"snarkjs-live.sh failed ({process.ExitCode}): {await stdout}{await stderr}");

            byte[] Read(string file) => File.ReadAllBytes(Path.Combine(outDir, file));
            var key = VerificationKey.Parse(Read("verification_key.json"));
            var outcome = Groth16Verifier.Verify(key, Read("public.json"), Read("proof.json"));
            Assert.True(outcome.IsValid, outcome.Reason);

            var signals = JsonNode.Parse(Read("public.json"))!.AsArray();
            signals[0] = signals[0]!.GetValue<string>() == "1" ? "2" : "1";
            Assert.False(Groth16Verifier.Verify(key, System.Text.Encoding.UTF8.GetBytes(signals.ToJsonString()), Read("proof.json")).IsValid);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
