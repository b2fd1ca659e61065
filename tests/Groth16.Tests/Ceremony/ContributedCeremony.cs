using CredentialHub.Bn254.Curves;
using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// Keys of a small snarkjs 0.7.6 ceremony, made once per test class on the run's shared ptau files
/// (<see cref="SnarkjsCeremony"/>): for the committed circuits `multi` (domain 2^6, smaller than the ptau) and
/// `poseidon` (domain 2^10, exactly the ptau's power) the initial key (`groth16 setup`) and a key with one contribution
/// (`zkey contribute`); and `multi`'s initial key from a second, unrelated ptau of 2^7.
/// </summary>
public sealed class ContributedCeremony : IDisposable
{
    private readonly TemporaryDirectory _directory = new("credentialhub-contributed-");

    public ContributedCeremony()
    {
        ExternalProcess.Wait(async () =>
        {
            Ptau = await SnarkjsCeremony.PreparedAsync(10);
            OtherPtau = await SnarkjsCeremony.PreparedAsync(7);
            foreach (string circuit in new[] { "multi", "poseidon" })
            {
                await SnarkjsCeremony.Step("groth16", "setup", R1cs(circuit), Ptau, Initial(circuit));
                await SnarkjsCeremony.Step("zkey", "contribute", Initial(circuit), Contributed(circuit), "--name=second", "-e=more entropy");
            }
            await SnarkjsCeremony.Step("groth16", "setup", R1cs("multi"), OtherPtau, File("multi_other.zkey"));
            return new ProcessResult(0, "", "");
        });
    }

    /// <summary>The prepared ptau of 2^10 every key here comes from.</summary>
    public string Ptau { get; private set; } = "";

    /// <summary>Another ceremony's prepared ptau (2^7); `multi`'s initial key from it is <c>multi_other.zkey</c>.</summary>
    public string OtherPtau { get; private set; } = "";

    public static string R1cs(string circuit) => Repository.Path("tests", "Groth16.Tests", "vectors", circuit, "circuit.r1cs");

    public string Initial(string circuit) => File(circuit + "_0000.zkey");

    public string Contributed(string circuit) => File(circuit + "_0001.zkey");

    public string File(string name) => _directory.File(name);

    /// <summary>The first <paramref name="count"/> powers [τ^i]₁ of <see cref="Ptau"/> (section 2), checked as read.</summary>
    public G1Affine[] TauG1(int count)
    {
        using var stream = System.IO.File.OpenRead(Ptau);
        var file = BinFile.Open(stream, Ptau, "ptau", 1);
        return file.Open(2).ReadInPlace(count, "tauG1", (ref G1Affine point) => PointEncoding.CheckG1(point));
    }

    public void Dispose() => _directory.Dispose();
}
