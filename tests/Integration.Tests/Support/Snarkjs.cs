using System.Diagnostics;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>The reference verifier: <c>node node_modules/snarkjs/build/cli.cjs groth16 verify vkey public proof</c>.</summary>
internal static class Snarkjs
{
    internal static string Cli => Path.Combine(HostProcess.RepositoryRoot, "node_modules", "snarkjs", "build", "cli.cjs");

    /// <summary>Runs snarkjs groth16 verify on the three documents; returns its exit code and output.</summary>
    internal static async Task<(int ExitCode, string Output)> VerifyAsync(string verificationKeyJson, string publicSignalsJson, string proofJson)
    {
        Assert.True(File.Exists(Cli), $"snarkjs is required for this test and is missing: {Cli} (run `npm ci` at the repository root)");
        string dir = Path.Combine(Path.GetTempPath(), $"credentialhub-snarkjs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "vkey.json"), verificationKeyJson);
            await File.WriteAllTextAsync(Path.Combine(dir, "public.json"), publicSignalsJson);
            await File.WriteAllTextAsync(Path.Combine(dir, "proof.json"), proofJson);
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir,
            };
            foreach (string a in new[] { Cli, "groth16", "verify", "vkey.json", "public.json", "proof.json" })
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException("snarkjs groth16 verify did not finish within 60 s");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
