using CredentialHub.Circuits.Tests.Witness;

namespace CredentialHub.Circuits.Tests.Wasm;

/// <summary>The circom 2 witness calculators of the snarkjs vectors (<see cref="WitnessVectors"/>), for the decoder tests.</summary>
internal static class CircomWasmFiles
{
    public static string[] Circuits => WitnessVectors.Circuits;

    public static byte[] Read(string circuit) => WitnessVectors.Read(circuit, "circuit.wasm");
}
