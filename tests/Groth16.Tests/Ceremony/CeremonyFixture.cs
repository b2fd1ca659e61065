namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// A small snarkjs ceremony made once per test run (in a temporary folder): <c>powersoftau new bn128 10</c>, one
/// contribution, <c>prepare phase2</c>, then <c>groth16 setup</c> of the <c>multi</c> and <c>poseidon</c> test circuits
/// (tests/Groth16.Tests/vectors) from it: the initial keys <c>multi_0000.zkey</c> and <c>poseidon_0000.zkey</c>, whose
/// section 10 holds the circuit hash and no contribution, and <c>pot.ptau</c> that <c>zkey verify</c> needs.
/// </summary>
public sealed class CeremonyFixture : IAsyncLifetime
{
    public static readonly string[] Circuits = ["multi", "poseidon"];

    private readonly TemporaryDirectory directory = new("credentialhub-ceremony-");

    public string Ptau => directory.File("pot.ptau");

    public string InitialKey(string circuit) => directory.File($"{circuit}_0000.zkey");

    public static string R1cs(string circuit) => Repository.Path("tests", "Groth16.Tests", "vectors", circuit, "circuit.r1cs");

    /// <summary>Runs snarkjs in the fixture's folder and fails with its output when it does not exit 0.</summary>
    public static async Task<ProcessResult> SnarkjsAsync(params string[] arguments)
    {
        var result = await Snarkjs.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"snarkjs {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
        return result;
    }

    public async Task InitializeAsync()
    {
        await SnarkjsAsync("powersoftau", "new", "bn128", "10", directory.File("pot_0.ptau"));
        await SnarkjsAsync("powersoftau", "contribute", directory.File("pot_0.ptau"), directory.File("pot_1.ptau"), "--name=first", "-e=ceremony fixture entropy");
        await SnarkjsAsync("powersoftau", "prepare", "phase2", directory.File("pot_1.ptau"), Ptau);
        foreach (string circuit in Circuits)
        {
            await SnarkjsAsync("groth16", "setup", R1cs(circuit), Ptau, InitialKey(circuit));
        }
    }

    public Task DisposeAsync()
    {
        directory.Dispose();
        return Task.CompletedTask;
    }
}
