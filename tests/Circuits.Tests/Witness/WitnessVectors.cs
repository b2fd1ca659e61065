namespace CredentialHub.Circuits.Tests.Witness;

/// <summary>
/// The snarkjs vectors under tests/Groth16.Tests/vectors/{circuit}/: circuit.wasm (circom 2), input.json and
/// input2.json, and witness.wtns and witness2.wtns made from them by <c>snarkjs wtns calculate</c>.
/// </summary>
internal static class WitnessVectors
{
    public static readonly string[] Circuits = ["multi", "poseidon", "nopublic"];

    public static byte[] Read(string circuit, string file) => File.ReadAllBytes(Path.Combine(Folder(circuit), file));

    private static string Folder(string circuit) => Path.Combine(Repository.Root, "tests", "Groth16.Tests", "vectors", circuit);
}
