using BenchmarkDotNet.Attributes;
using CredentialHub.Groth16;
using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Proving;
using CredentialHub.ProofSystems.Contracts;

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

    internal static string VectorsDirectory(string circuit)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredentialHub.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("CredentialHub.sln not found"), "tests", "Groth16.Tests", "vectors", circuit);
    }
}

/// <summary>
/// Batch verification (<see cref="Groth16BatchVerifier"/>): the same 64 distinct valid proofs, made by our prover
/// from the committed keys and witnesses, verified in batches of BatchSize; the reported time is per proof
/// (JSON parsing and every per-proof check included), to compare with <see cref="VerifyBenchmarks.Verify"/>.
/// </summary>
[MemoryDiagnoser]
public class VerifyBatchBenchmarks
{
    private const int Proofs = 64;
    private VerificationKey _key = null!;
    private ProofToVerify[] _items = [];

    [Params("multi", "poseidon")]
    public string Circuit { get; set; } = "multi";

    [Params(1, 8, 32, 64)]
    public int BatchSize { get; set; } = 8;

    [GlobalSetup]
    public void Setup()
    {
        string dir = VerifyBenchmarks.VectorsDirectory(Circuit);
        _key = VerificationKey.Parse(File.ReadAllBytes(Path.Combine(dir, "verification_key.json")));
        var prover = new Groth16Prover(ZkeyFile.Read(Path.Combine(dir, "circuit.zkey")));
        var witness = WtnsFile.Read(Path.Combine(dir, "witness.wtns"));
        _items = new ProofToVerify[Proofs];
        for (int i = 0; i < Proofs; i++)
        {
            var (proof, signals) = prover.Prove(witness);
            _items[i] = new ProofToVerify(System.Text.Encoding.UTF8.GetBytes(PublicSignals.ToJson(signals)), System.Text.Encoding.UTF8.GetBytes(proof.ToJson()));
        }
        if (Groth16BatchVerifier.Verify(_key, _items).Any(o => !o.IsValid))
        {
            throw new InvalidOperationException($"a {Circuit} proof does not verify");
        }
    }

    [Benchmark(OperationsPerInvoke = Proofs)]
    public int VerifyBatch()
    {
        int valid = 0;
        for (int from = 0; from < Proofs; from += BatchSize)
        {
            var batch = new ArraySegment<ProofToVerify>(_items, from, BatchSize);
            valid += Groth16BatchVerifier.Verify(_key, batch).Count(o => o.IsValid);
        }
        return valid;
    }
}
