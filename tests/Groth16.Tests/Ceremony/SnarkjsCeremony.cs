namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// A small ceremony made by snarkjs 0.7.6 once per test class: a powers of tau of 2^10 (new, one contribution,
/// prepared for phase 2), and for the committed circuits `multi` (domain 2^6, smaller than the ptau) and
/// `poseidon` (domain 2^10, exactly the ptau's power) the initial key (`groth16 setup`) and a key with one
/// contribution (`zkey contribute`); and a second, unrelated ptau of 2^7 with `multi`'s initial key from it.
/// </summary>
public sealed class SnarkjsCeremony : IDisposable
{
    private readonly TemporaryDirectory _directory = new("credentialhub-ceremony-");

    public SnarkjsCeremony()
    {
        ExternalProcess.Wait(async () =>
        {
            await Run("powersoftau", "new", "bn128", "10", File("pot_0000.ptau"));
            await Run("powersoftau", "contribute", File("pot_0000.ptau"), File("pot_0001.ptau"), "--name=first", "-e=ceremony test entropy");
            await Run("powersoftau", "prepare", "phase2", File("pot_0001.ptau"), Ptau);
            foreach (string circuit in new[] { "multi", "poseidon" })
            {
                await Run("groth16", "setup", R1cs(circuit), Ptau, Initial(circuit));
                await Run("zkey", "contribute", Initial(circuit), Contributed(circuit), "--name=second", "-e=more entropy");
            }
            await Run("powersoftau", "new", "bn128", "7", File("other_0000.ptau"));
            await Run("powersoftau", "contribute", File("other_0000.ptau"), File("other_0001.ptau"), "--name=other", "-e=other entropy");
            await Run("powersoftau", "prepare", "phase2", File("other_0001.ptau"), OtherPtau);
            await Run("groth16", "setup", R1cs("multi"), OtherPtau, File("multi_other.zkey"));
            return new ProcessResult(0, "", "");
        });
    }

    public string Ptau => File("pot_final.ptau");

    /// <summary>Another ceremony's ptau (2^7), and `multi`'s initial key from it: <c>multi_other.zkey</c>.</summary>
    public string OtherPtau => File("other_final.ptau");

    public static string R1cs(string circuit) => Repository.Path("tests", "Groth16.Tests", "vectors", circuit, "circuit.r1cs");

    public string Initial(string circuit) => File(circuit + "_0000.zkey");

    public string Contributed(string circuit) => File(circuit + "_0001.zkey");

    public string File(string name) => _directory.File(name);

    public void Dispose() => _directory.Dispose();

    private static async Task Run(params string[] arguments)
    {
        var result = await Snarkjs.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"snarkjs {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
    }
}
