using BenchmarkDotNet.Attributes;
using CredentialHub.Groth16;

namespace CredentialHub.Benchmarks;

/// <summary>
/// One full Groth16 verification of the committed snarkjs vectors, key already loaded (as the service
/// keeps it resident): JSON parsing, all point and signal checks, three Miller loops, one final exponentiation.
/// </summary>
[MemoryDiagnoser]
public class VerifyBenchmarks
{
    private VerificationKey _key = null!;
    private byte[] _public = [], _proof = [];

    [Params("multi", "poseidon")]
    public string Circuit { get; set; } = "multi";

    [GlobalSetup]
    public void Setup()
    {
        string dir = VectorsDirectory(Circuit);
        _key = VerificationKey.Parse(File.ReadAllBytes(Path.Combine(dir, "verification_key.json")));
        _public = File.ReadAllBytes(Path.Combine(dir, "public.json"));
        _proof = File.ReadAllBytes(Path.Combine(dir, "proof.json"));
        if (!Groth16Verifier.Verify(_key, _public, _proof).IsValid)
        {
            throw new InvalidOperationException($"the {Circuit} vector does not verify");
        }
    }

    [Benchmark]
    public bool Verify() => Groth16Verifier.Verify(_key, _public, _proof).IsValid;

    [Benchmark]
    public int LoadVerificationKey() => VerificationKey.Parse(File.ReadAllBytes(Path.Combine(VectorsDirectory(Circuit), "verification_key.json"))).PublicSignalCount;

    private static string VectorsDirectory(string circuit)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredentialHub.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("CredentialHub.sln not found"), "tests", "Groth16.Tests", "vectors", circuit);
    }
}
