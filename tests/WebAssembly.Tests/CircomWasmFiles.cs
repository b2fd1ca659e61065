namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// The circom 2 witness calculators of the snarkjs vectors, read where they are (tests/Groth16.Tests/vectors/{circuit}/,
/// the files Circuits.Tests' WitnessVectors reads), for the decoder tests.
/// </summary>
internal static class CircomWasmFiles
{
    public static string[] Circuits { get; } = ["multi", "poseidon", "nopublic"];

    public static byte[] Read(string circuit) =>
        File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "Groth16.Tests", "vectors", circuit, "circuit.wasm"));
}
