using System.Diagnostics;

namespace CredentialHub.Groth16.Tests;

/// <summary>Runs the pinned snarkjs (node_modules, installed by `npm ci`) as an independent peer.</summary>
internal static class Snarkjs
{
    internal sealed record Result(int ExitCode, string Output);

    internal static async Task<Result> RunAsync(params string[] args)
    {
        string cli = Path.Combine(Vectors.RepositoryRoot, "node_modules", "snarkjs", "build", "cli.cjs");
        Assert.True(File.Exists(cli), $"snarkjs is missing ({cli}); run `npm ci` at the repository root");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout + await stderr);
    }

    /// <summary>True when `snarkjs groth16 verify` prints OK for the files.</summary>
    internal static async Task<bool> VerifiesAsync(string verificationKey, string publicSignals, string proof)
    {
        var result = await RunAsync("groth16", "verify", verificationKey, publicSignals, proof);
        return result.ExitCode == 0 && result.Output.Contains("OK!", StringComparison.Ordinal);
    }
}

/// <summary>A temporary directory removed at dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "credentialhub-" + Guid.NewGuid().ToString("N"));

    public TemporaryDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
