using CredentialHub.Groth16;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Circuits.Tests.Catalog;

/// <summary>
/// Keys from a ceremony for the snarkjs vector <c>multi</c> (domain 2^6), made once per test run: two powers-of-tau files of
/// 2^7 made by the real snarkjs (<c>powersoftau new</c>, one <c>contribute</c>, <c>prepare phase2</c>; the second with other
/// entropy), and for each a key made with our plugin from it (initial key, a contribution "alice", a beacon), with the
/// verification key exported from it. They live in a folder removed when the fixture is disposed.
/// </summary>
public sealed class CeremonyKeys : IAsyncLifetime
{
    private readonly TemporaryDirectory _folder = new("credentialhub-ceremony-keys-");

    /// <summary>The beacon hash of both keys (hex) and its iterations exponent.</summary>
    public const string BeaconHash = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

    public const int BeaconExponent = 10;

    public string Ptau => Path.Combine(_folder.Path, "pot7_final.ptau");

    public string OtherPtau => Path.Combine(_folder.Path, "other7_final.ptau");

    /// <summary>The key from <see cref="Ptau"/> and its verification key.</summary>
    public byte[] Zkey { get; private set; } = [];

    public byte[] VerificationKey { get; private set; } = [];

    /// <summary>The key from <see cref="OtherPtau"/> (same circuit, another ceremony) and its verification key.</summary>
    public byte[] OtherZkey { get; private set; } = [];

    public byte[] OtherVerificationKey { get; private set; } = [];

    /// <summary>The contribution hashes our plugin printed for the key from <see cref="Ptau"/>: alice's, then the beacon's.</summary>
    public IReadOnlyList<string> ContributionHashes { get; private set; } = [];

    /// <summary>BLAKE2b-512 of <see cref="Ptau"/> as <c>ptau info</c> prints it.</summary>
    public string PtauBlake2b512 { get; private set; } = "";

    public static byte[] Vector(string file) => File.ReadAllBytes(Repository.Path("tests", "Groth16.Tests", "vectors", "multi", file));

    public async Task InitializeAsync()
    {
        await PowersOfTauAsync("pot7", "credentialhub catalog tests");
        await PowersOfTauAsync("other7", "another ceremony altogether");
        var system = new Groth16ProofSystem();
        using (var ptau = File.OpenRead(Ptau))
        {
            PtauBlake2b512 = system.InspectPowersOfTau(ptau, "pot7_final.ptau", CancellationToken.None).Blake2b512Hex;
        }
        (Zkey, VerificationKey, ContributionHashes) = MakeKey(system, Ptau);
        (OtherZkey, OtherVerificationKey, _) = MakeKey(system, OtherPtau);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private async Task PowersOfTauAsync(string name, string entropy)
    {
        string start = Path.Combine(_folder.Path, $"{name}_0000.ptau");
        string contributed = Path.Combine(_folder.Path, $"{name}_0001.ptau");
        await Step("powersoftau", "new", "bn128", "7", start);
        await Step("powersoftau", "contribute", start, contributed, "--name=phase 1", $"-e={entropy}");
        await Step("powersoftau", "prepare", "phase2", contributed, Path.Combine(_folder.Path, $"{name}_final.ptau"));
    }

    private static async Task Step(params string[] arguments)
    {
        var result = await Snarkjs.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"snarkjs {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
    }

    private static (byte[] Zkey, byte[] VerificationKey, IReadOnlyList<string> Hashes) MakeKey(Groth16ProofSystem system, string ptauPath)
    {
        using var initial = new MemoryStream();
        using (var r1cs = new MemoryStream(Vector("circuit.r1cs")))
        using (var ptau = File.OpenRead(ptauPath))
        {
            system.CreateInitialKey(r1cs, "circuit.r1cs", ptau, Path.GetFileName(ptauPath), initial, CancellationToken.None);
        }
        using var contributed = new MemoryStream();
        var alice = system.Contribute(new MemoryStream(initial.ToArray()), "circuit_0000.zkey", contributed, "alice", "alice's entropy"u8, CancellationToken.None);
        using var final = new MemoryStream();
        var beacon = system.Beacon(new MemoryStream(contributed.ToArray()), "circuit_0001.zkey", final, "final beacon",
            Convert.FromHexString(BeaconHash), BeaconExponent, CancellationToken.None);
        byte[] zkey = final.ToArray();
        var key = system.LoadProvingKey(new MemoryStream(zkey), "circuit.zkey");
        return (zkey, System.Text.Encoding.UTF8.GetBytes(system.ExportVerificationKey(key)), [alice.Hash, beacon.Hash]);
    }
}
